"""社区专职工作者 3岗18级: post types, the yearly pay table, performance coefficients, grades and pay."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongzhi.assessment.schemes import WorkerGrade as PerformanceGrade
from gongzhi.core.models import TimeStampedModel
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet
from gongzhi.territory.levels import Level

GRADES = 18  # 18 级
GRADE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(GRADES)]
# Pay tables are set by a city or county (区县) organisation department, never by a community.
PAY_TABLE_LEVELS = (Level.CITY, Level.DISTRICT)


def _setter_level(territory) -> None:
    if territory is not None and territory.level not in PAY_TABLE_LEVELS:
        raise ValidationError({"territory": "制定单位必须是市或区县一级"})


class PostType(models.Model):
    """岗位类别: one of the three posts of 3岗18级 (社区正职 / 社区副职 / 社区专职工作者)."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    label = models.CharField(_("名称"), max_length=30, unique=True)
    rank = models.PositiveSmallIntegerField(_("排序"), default=0, help_text=_("正职在前"))

    class Meta:
        verbose_name = _("岗位类别")
        verbose_name_plural = _("岗位类别")
        ordering = ["rank", "id"]

    def __str__(self) -> str:
        return self.label


class PayScale(ScopedModel, TimeStampedModel):
    """One cell of a year's pay table: the monthly base pay of a post type at a grade."""

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="pay_scales",
        verbose_name=_("制定单位"),
        help_text=_("市或区县；区县有自己的表时优先用区县的"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    post_type = models.ForeignKey(
        PostType, on_delete=models.PROTECT, related_name="pay_scales", verbose_name=_("岗位类别")
    )
    grade = models.PositiveSmallIntegerField(_("等级"), validators=GRADE_VALIDATORS)
    monthly_base = models.DecimalField(
        _("月基本报酬(元)"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("报酬标准")
        verbose_name_plural = _("报酬标准")
        ordering = ["-year", "territory__path", "post_type__rank", "grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "year", "post_type", "grade"], name="unique_pay_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.post_type} {self.grade}级"

    def clean(self):
        _setter_level(self.territory if self.territory_id else None)


class PerformanceRule(ScopedModel, TimeStampedModel):
    """绩效系数: how many months of base pay a performance grade earns in a year."""

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="performance_rules",
        verbose_name=_("制定单位"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    grade = models.CharField(_("考核等次"), max_length=20, choices=PerformanceGrade.choices)
    coefficient = models.DecimalField(
        _("绩效系数"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("年度绩效报酬 = 系数 × 月基本报酬（不满一年按在岗月数折算）"),
    )
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("绩效系数")
        verbose_name_plural = _("绩效系数")
        ordering = ["-year", "territory__path", "grade"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "year", "grade"], name="unique_performance_rule")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_grade_display()} ×{self.coefficient}"

    def clean(self):
        _setter_level(self.territory if self.territory_id else None)


class WorkerGrade(ScopedModel, TimeStampedModel):
    """A community worker's post type and grade, held since a day (history keeps the earlier ones)."""

    scope_field = "worker__territory"
    worker = models.OneToOneField(
        "people.CommunityWorker",
        on_delete=models.CASCADE,
        related_name="workforce_grade",
        verbose_name=_("社区工作者"),
    )
    post_type = models.ForeignKey(
        PostType, on_delete=models.PROTECT, related_name="grades", verbose_name=_("岗位类别")
    )
    grade = models.PositiveSmallIntegerField(_("等级"), validators=GRADE_VALIDATORS)
    since = models.DateField(_("定级日期"), help_text=_("当年起算在岗月数的日期"))
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("岗位等级")
        verbose_name_plural = _("岗位等级")
        ordering = ["worker__territory__path", "post_type__rank", "-grade"]

    def __str__(self) -> str:
        return f"{self.worker} {self.post_type} {self.grade}级"


class PayRecord(ScopedModel, TimeStampedModel):
    """A worker's pay for one year: base pay for the months in post plus performance pay; computed."""

    year = models.PositiveSmallIntegerField(_("年度"))
    worker = models.ForeignKey(
        "people.CommunityWorker",
        on_delete=models.PROTECT,
        related_name="pay_records",
        verbose_name=_("社区工作者"),
    )
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="pay_records",
        verbose_name=_("所在社区"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    post_type = models.ForeignKey(
        PostType, on_delete=models.PROTECT, related_name="pay_records", verbose_name=_("岗位类别")
    )
    grade = models.PositiveSmallIntegerField(_("等级"))
    months = models.PositiveSmallIntegerField(_("在岗月数"))
    monthly_base = models.DecimalField(_("月基本报酬(元)"), max_digits=9, decimal_places=2)
    base_total = models.DecimalField(_("基本报酬(元)"), max_digits=11, decimal_places=2)
    performance_grade = models.CharField(
        _("考核等次"), max_length=20, choices=PerformanceGrade.choices, blank=True
    )
    performance_score = models.FloatField(_("考核得分"), null=True, blank=True)
    coefficient = models.DecimalField(_("绩效系数"), max_digits=5, decimal_places=2, default=0)
    performance_pay = models.DecimalField(_("绩效报酬(元)"), max_digits=11, decimal_places=2)
    total = models.DecimalField(_("年度报酬合计(元)"), max_digits=11, decimal_places=2)
    computed_at = models.DateTimeField(_("核算时间"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("核算人"),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度报酬")
        verbose_name_plural = _("年度报酬")
        ordering = ["-year", "territory__path", "name"]
        constraints = [models.UniqueConstraint(fields=["year", "worker"], name="unique_pay_record")]
        indexes = [models.Index(fields=["year", "territory"], name="payrecord_year_territory")]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"
