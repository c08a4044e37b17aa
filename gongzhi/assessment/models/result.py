"""Results of a run: one row per subject, period and version, with its lines, events, appeals and inputs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.assessment.models.scheme import Indicator, Rule, Scheme, SchemeVersion, Source
from gongzhi.assessment.schemes import SubjectKind
from gongzhi.assessment.workflow import AppealState, State
from gongzhi.core.models import EventBase
from gongzhi.core.periods import parse_period
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet


class Result(ScopedModel):
    """考评结果: one subject's score and grade for one period; a correction or a changed input adds a version."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="results", verbose_name=_("方案")
    )
    version = models.ForeignKey(
        SchemeVersion, on_delete=models.PROTECT, related_name="results", verbose_name=_("方案版本")
    )
    period_key = models.CharField(_("考核期"), max_length=10, db_index=True)
    subject_kind = models.CharField(_("考核对象类型"), max_length=20, choices=SubjectKind.choices)
    subject_id = models.PositiveIntegerField(_("考核对象编号"))
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="assessment_results",
        verbose_name=_("所在辖区"),
    )
    subject_name = models.CharField(_("考核对象"), max_length=100)
    subject_post = models.CharField(_("职务/组织"), max_length=100, blank=True)
    number = models.PositiveIntegerField(_("结果版本"), default=1)
    current = models.BooleanField(_("当前版本"), default=True)
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=1)
    grade = models.CharField(_("等级代码"), max_length=20)
    grade_label = models.CharField(_("等级"), max_length=20)
    vetoed = models.BooleanField(_("一票否决"), default=False)
    bottom = models.BooleanField(_("末位"), default=False)
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.COMPUTED)
    fingerprint = models.CharField(_("输入指纹"), max_length=64)
    reason = models.CharField(_("产生原因"), max_length=300, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), default=timezone.now)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("考评结果")
        verbose_name_plural = _("考评结果")
        ordering = ["scheme", "period_key", "-score", "subject_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "period_key", "subject_kind", "subject_id", "number"],
                name="assessment_result_unique_version",
            ),
            models.UniqueConstraint(
                fields=["scheme", "period_key", "subject_kind", "subject_id"],
                condition=models.Q(current=True),
                name="assessment_result_one_current",
            ),
        ]
        indexes = [models.Index(fields=["scheme", "period_key", "current"], name="assessment_result_run")]

    def __str__(self) -> str:
        return f"{self.subject_name} {self.period_key} {self.grade_label}"

    @property
    def period_label(self) -> str:
        return parse_period(self.period_key).label

    @property
    def published(self) -> bool:
        return self.published_at is not None and self.state in (State.PUBLISHED, State.APPEALED)


class ResultLine(models.Model):
    """One indicator's part of a result: the value it read, the points it earned and why, in a sentence."""

    result = models.ForeignKey(Result, on_delete=models.CASCADE, related_name="lines", verbose_name=_("结果"))
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="lines", verbose_name=_("指标")
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    code = models.CharField(_("指标代码"), max_length=40)
    name = models.CharField(_("指标名称"), max_length=60)
    weight = models.DecimalField(_("满分"), max_digits=6, decimal_places=1)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    figure_key = models.CharField(_("统计指标代码"), max_length=60, blank=True)
    rule = models.CharField(_("计分规则"), max_length=12, choices=Rule.choices)
    value = models.FloatField(_("取值"), null=True, blank=True)
    numerator = models.FloatField(_("分子"), null=True, blank=True)
    denominator = models.FloatField(_("分母"), null=True, blank=True)
    points = models.DecimalField(_("得分"), max_digits=6, decimal_places=1)
    vetoed = models.BooleanField(_("触发否决"), default=False)
    corrected = models.BooleanField(_("经申诉更正"), default=False)
    explanation = models.TextField(_("计分说明"))
    evidence = models.ForeignKey(
        "ManualScore",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("评分依据"),
    )

    class Meta:
        verbose_name = _("结果明细")
        verbose_name_plural = _("结果明细")
        ordering = ["result", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.points}"


class ResultEvent(EventBase):
    """One step of a result: who reviewed, published, appealed or decided, from which state to which."""

    result = models.ForeignKey(
        Result, on_delete=models.CASCADE, related_name="events", verbose_name=_("结果")
    )
    from_state = models.CharField(_("原状态"), max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=12, choices=State.choices)

    class Meta(EventBase.Meta):
        verbose_name = _("考评流转记录")
        verbose_name_plural = _("考评流转记录")


class Appeal(ScopedModel):
    """申诉: the assessed party disputes one indicator of a published result; a reviewer upholds or corrects."""

    scope_field = "result__territory"
    result = models.ForeignKey(
        Result, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("被申诉结果")
    )
    line = models.ForeignKey(
        ResultLine, on_delete=models.CASCADE, related_name="appeals", verbose_name=_("申诉指标")
    )
    reason = models.TextField(_("申诉理由"))
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("申诉人"),
    )
    created_at = models.DateTimeField(_("申诉时间"), default=timezone.now)
    state = models.CharField(_("状态"), max_length=12, choices=AppealState.choices, default=AppealState.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("复核人"),
    )
    decided_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    decision = models.TextField(_("复核意见"), blank=True)
    corrected_points = models.DecimalField(
        _("更正后得分"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    corrected_result = models.ForeignKey(
        Result,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("更正后结果"),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("申诉")
        verbose_name_plural = _("申诉")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.result.subject_name}：{self.line.name}"


class ManualScore(ScopedModel):
    """人工评分: an assessor's score for one manual indicator, subject and period, with its evidence."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="manual_scores", verbose_name=_("指标")
    )
    period_key = models.CharField(_("考核期"), max_length=10)
    subject_kind = models.CharField(_("考核对象类型"), max_length=20, choices=SubjectKind.choices)
    subject_id = models.PositiveIntegerField(_("考核对象编号"))
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在辖区")
    )
    value = models.FloatField(_("评分"))
    note = models.TextField(_("评分依据说明"))
    evidence = models.FileField(_("佐证材料"), upload_to="assessment/evidence/%Y/%m/", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("评分人"),
    )
    entered_at = models.DateTimeField(_("评分时间"), default=timezone.now)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("人工评分")
        verbose_name_plural = _("人工评分")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_key", "subject_kind", "subject_id"],
                name="assessment_manual_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.value}"


class AssessmentRun(models.Model):
    """One run of a scheme for a period: who ran it, how many were assessed and changed. Append-only."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="runs", verbose_name=_("方案"))
    version = models.ForeignKey(
        SchemeVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("方案版本")
    )
    period_key = models.CharField(_("考核期"), max_length=10)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("运行人"),
    )
    at = models.DateTimeField(_("运行时间"), default=timezone.now)
    assessed = models.PositiveIntegerField(_("考核对象数"), default=0)
    changed = models.PositiveIntegerField(_("变化数"), default=0)
    grades = models.JSONField(_("各等级数"), default=dict)
    seconds = models.FloatField(_("用时（秒）"), default=0)

    class Meta:
        verbose_name = _("考评运行记录")
        verbose_name_plural = _("考评运行记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.scheme.name} {self.period_key}"
