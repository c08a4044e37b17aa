"""3岗18级 in Excel: the pay table and performance coefficients (the city's or county's), and grades."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from gongzhi.core.cells import ChoiceWidget, DateWidget
from gongzhi.people.models import CommunityWorker
from gongzhi.people.resource_base import IdNumberRefWidget, RegistryResource, col, territory_col
from gongzhi.people.scope import scope_of
from gongzhi.workforce.models import PayRecord, PayScale, PerformanceRule, WorkerGrade
from gongzhi.workforce.models.pay import PAY_TABLE_LEVELS, PerformanceGrade
from gongzhi.workforce.resources.cells import DecimalWidget, IntWidget, PostTypeWidget
from gongzhi.workforce.selectors.access import sets_pay_tables
from gongzhi.workforce.workflow import ASSESSOR_ROLES


def pay_visible(qs, actor):
    """Narrow pay records to those `actor` may see: their assessors' subtrees and their own."""
    if actor is None or actor.is_superuser:
        return qs
    return qs.within(scope_of(actor, roles=set(ASSESSOR_ROLES)) or []) | qs.filter(worker__user=actor)


class PayTableResource(RegistryResource):
    """Shared by the pay table and the coefficients: only a city or county sets them."""

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if (
            self.actor is not None
            and instance.territory_id
            and not sets_pay_tables(self.actor, instance.territory.path)
        ):
            raise ValidationError({"制定单位": ["只有市、区县组织部门可以制定报酬标准"]})


class PayScaleResource(PayTableResource):
    territory = territory_col("territory", "制定单位", PAY_TABLE_LEVELS)
    year = col("year", "年度", IntWidget())
    post_type = col("post_type", "岗位类别", PostTypeWidget())
    grade = col("grade", "等级", IntWidget())
    monthly_base = col("monthly_base", "月基本报酬(元)", DecimalWidget())
    natural_key = ("territory", "year", "post_type", "grade")
    example = {"year": "2026", "post_type": "社区专职工作者", "grade": "1", "monthly_base": "3200"}

    class Meta(RegistryResource.Meta):
        model = PayScale
        fields = ("id", "territory", "year", "post_type", "grade", "monthly_base")


class PerformanceRuleResource(PayTableResource):
    territory = territory_col("territory", "制定单位", PAY_TABLE_LEVELS)
    year = col("year", "年度", IntWidget())
    grade = col("grade", "考核等次", ChoiceWidget(PerformanceGrade.choices))
    coefficient = col("coefficient", "绩效系数", DecimalWidget())
    natural_key = ("territory", "year", "grade")
    example = {"year": "2026", "grade": "优秀", "coefficient": "3"}

    class Meta(RegistryResource.Meta):
        model = PerformanceRule
        fields = ("id", "territory", "year", "grade", "coefficient")


class WorkerGradeResource(RegistryResource):
    worker = col("worker", "社区工作者身份证号", IdNumberRefWidget(CommunityWorker, "社区工作者"))
    name = col("worker__name", "姓名", readonly=True)
    community = col("worker__territory__name", "所在社区", readonly=True)
    post_type = col("post_type", "岗位类别", PostTypeWidget())
    grade = col("grade", "等级", IntWidget())
    since = col("since", "定级日期", DateWidget())
    natural_key = ("worker",)
    example = {"post_type": "社区专职工作者", "grade": "3", "since": "2024-01-01"}

    class Meta(RegistryResource.Meta):
        model = WorkerGrade
        fields = ("id", "worker", "name", "community", "post_type", "grade", "since")

    def related(self):
        return ["worker", "worker__territory", "post_type"]


class PayRecordResource(RegistryResource):
    """年度报酬, written out only: pay is computed on the platform (核算), never imported."""

    year = col("year", "年度", IntWidget(), readonly=True)
    name = col("name", "姓名", readonly=True)
    territory = territory_col("territory", "所在社区")
    post_type = col("post_type", "岗位类别", PostTypeWidget(), readonly=True)
    grade = col("grade", "等级", IntWidget(), readonly=True)
    months = col("months", "在岗月数", IntWidget(), readonly=True)
    monthly_base = col("monthly_base", "月基本报酬(元)", DecimalWidget(), readonly=True)
    base_total = col("base_total", "基本报酬(元)", DecimalWidget(), readonly=True)
    performance_grade = col(
        "performance_grade", "考核等次", ChoiceWidget(PerformanceGrade.choices), readonly=True
    )
    coefficient = col("coefficient", "绩效系数", DecimalWidget(), readonly=True)
    performance_pay = col("performance_pay", "绩效报酬(元)", DecimalWidget(), readonly=True)
    total = col("total", "年度报酬合计(元)", DecimalWidget(), readonly=True)

    class Meta(RegistryResource.Meta):
        model = PayRecord
        fields = (
            "id",
            "year",
            "name",
            "territory",
            "post_type",
            "grade",
            "months",
            "monthly_base",
            "base_total",
            "performance_grade",
            "coefficient",
            "performance_pay",
            "total",
        )

    def get_queryset(self):
        return pay_visible(PayRecord.objects.all(), self.actor)

    def header_errors(self, headers):
        return [(1, "（整行）", "年度报酬由平台核算，不能导入；请导入报酬标准和岗位等级后重新核算")]
