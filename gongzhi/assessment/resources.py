"""Schemes in Excel: the schemes, their indicators and their grades, one sheet each, in and out.

Indicator and grade rows name their scheme by its code and go to the scheme's current version.
A version that results already use is never changed: the first changed row of an import makes
the next version (a copy) and the changes land there; `notes` says so. Unchanged rows are skipped,
so a file exported and imported back changes nothing.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from gongzhi.assessment.models import Grade, Indicator, Rule, Scheme, SchemeVersion, Source
from gongzhi.assessment.schemes import PeriodKind, SubjectKind
from gongzhi.assessment.selectors import version_current, version_frozen
from gongzhi.assessment.services.schemes import scheme_version_next
from gongzhi.assessment.specs import indicator_problem
from gongzhi.core.cells import ChoiceWidget, FloatWidget, TextWidget, YesNoWidget, text


def col(attribute: str | None, name: str, widget=None, **kw) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=name, widget=widget or TextWidget(), **kw)


class DecimalCell(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        v = text(value)
        if not v:
            return Decimal(0)
        try:
            return Decimal(v)
        except InvalidOperation:
            raise ValueError(f"「{v}」应为数字")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value.normalize():f}"


class JsonListCell(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        v = text(value)
        if not v:
            return []
        try:
            data = json.loads(v)
        except ValueError:
            raise ValueError(f"「{v}」应写成 [[95, 10], [90, 8]] 这样")
        if not isinstance(data, list):
            raise ValueError("应为列表，如 [[95, 10], [90, 8]]")
        return data

    def render(self, value, obj=None, **kwargs):
        return json.dumps(value, ensure_ascii=False) if value else ""


class SchemeResource(resources.ModelResource):
    code = col("code", "方案代码")
    name = col("name", "方案名称")
    subject_kind = col("subject_kind", "考核对象", ChoiceWidget(SubjectKind.choices))
    period_kind = col("period_kind", "考核周期", ChoiceWidget(PeriodKind.choices))
    org_kinds = col("org_kinds", "党组织类型", JsonListCell())
    territory_level = col("territory_level", "所在层级")
    publish_to_board = col("publish_to_board", "公布到居民公示栏", YesNoWidget())
    description = col("description", "说明")
    active = col("active", "启用", YesNoWidget())

    class Meta:
        model = Scheme
        import_id_fields = ["code"]
        fields = (
            "code", "name", "subject_kind", "period_kind", "org_kinds", "territory_level",
            "publish_to_board", "description", "active",
        )  # fmt: skip
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True


class VersionedResource(resources.ModelResource):
    """Rows of a scheme's current version; a frozen version is copied into the next before a change."""

    scheme = col(None, "方案代码")
    key: str = "code"

    def __init__(self, actor=None, request=None, **kwargs):
        super().__init__(**kwargs)
        self.actor = actor
        self.request = request  # the back office shows the notes as messages
        self.notes: list[str] = []
        self._next: dict[int, SchemeVersion] = {}
        self._dry_run = False

    def before_import(self, dataset, **kwargs):
        self._dry_run = bool(kwargs.get("dry_run"))
        return super().before_import(dataset, **kwargs)

    def dehydrate_scheme(self, obj) -> str:
        return obj.version.scheme.code

    def get_export_queryset(self, request=None):
        current = [v.pk for s in Scheme.objects.all() if (v := version_current(scheme=s))]
        return self._meta.model.objects.filter(version_id__in=current).select_related("version__scheme")

    def _scheme(self, row) -> Scheme:
        code = text(row.get("方案代码"))
        scheme = Scheme.objects.filter(code=code).first()
        if scheme is None:
            raise ValidationError({"方案代码": f"方案「{code}」不存在，请先导入方案"})
        return scheme

    def _version(self, scheme: Scheme) -> SchemeVersion:
        if scheme.pk in self._next:
            return self._next[scheme.pk]
        version = version_current(scheme=scheme)
        if version is None:
            version = scheme_version_next(actor=self.actor, scheme=scheme, note="Excel 导入")
            self._next[scheme.pk] = version
        return version

    def get_instance(self, instance_loader, row):
        scheme = self._scheme(row)
        key = text(row.get(self.fields[self.key].column_name))
        return self._meta.model.objects.filter(version=self._version(scheme), **{self.key: key}).first()

    def init_instance(self, row=None):
        return self._meta.model(version=self._version(self._scheme(row)))

    def before_save_instance(self, instance, row, **kwargs):
        version = instance.version
        if version.pk in {v.pk for v in self._next.values()} or not version_frozen(version=version):
            return
        new = scheme_version_next(actor=self.actor, scheme=version.scheme, note="Excel 导入修订")
        self._next[version.scheme_id] = new
        note = (
            f"方案「{version.scheme.name}」第{version.number}版已有考评结果，不能直接修改；"
            f"{'将' if self._dry_run else '已'}另存为第{new.number}版，导入的修改写在第{new.number}版。"
        )
        self.notes.append(note)
        if self.request is not None:
            messages.warning(self.request, note)
        copy = self._meta.model.objects.filter(version=new, **{self.key: getattr(instance, self.key)}).first()
        instance.pk = copy.pk if copy else None
        instance.version = new


class IndicatorResource(VersionedResource):
    code = col("code", "指标代码")
    name = col("name", "指标名称")
    order = col("order", "顺序", widgets.IntegerWidget())
    weight = col("weight", "满分", DecimalCell())
    source = col("source", "来源", ChoiceWidget(Source.choices))
    figure_key = col("figure_key", "统计指标代码")
    rule = col("rule", "计分规则", ChoiceWidget(Rule.choices))
    target = col("target", "目标值", FloatWidget())
    floor = col("floor", "底线值", FloatWidget())
    thresholds = col("thresholds", "分档", JsonListCell())
    per_unit = col("per_unit", "每单位扣分", FloatWidget())
    higher_is_better = col("higher_is_better", "越高越好", YesNoWidget())
    no_data_points = col("no_data_points", "无数据得分", DecimalCell())
    note = col("note", "评分说明")

    class Meta:
        model = Indicator
        fields = (
            "scheme", "code", "name", "order", "weight", "source", "figure_key", "rule", "target",
            "floor", "thresholds", "per_unit", "higher_is_better", "no_data_points", "note",
        )  # fmt: skip
        import_id_fields: list = []
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        super().validate_instance(instance, import_validation_errors, validate_unique=False)
        if problem := indicator_problem(instance):
            raise ValidationError({"指标代码": problem})


class GradeResource(VersionedResource):
    code = col("code", "等级代码")
    label = col("label", "等级名称")
    min_score = col("min_score", "最低分", DecimalCell())

    class Meta:
        model = Grade
        fields = ("scheme", "code", "label", "min_score")
        import_id_fields: list = []
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        super().validate_instance(instance, import_validation_errors, validate_unique=False)
