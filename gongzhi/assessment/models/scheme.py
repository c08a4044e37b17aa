"""An assessment scheme (考核方案) and its versions, indicators and grading bands, all as data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.assessment.schemes import PeriodKind, SubjectKind
from gongzhi.core.models import TimeStampedModel


class Scheme(TimeStampedModel):
    """考核方案: who is assessed, how often, and whether results go to the residents' board."""

    code = models.SlugField(_("方案代码"), max_length=60, unique=True)
    name = models.CharField(_("方案名称"), max_length=100)
    subject_kind = models.CharField(_("考核对象"), max_length=20, choices=SubjectKind.choices)
    period_kind = models.CharField(_("考核周期"), max_length=10, choices=PeriodKind.choices)
    # Which party orgs count (branch / secretary subjects): their kinds and their territory's level.
    org_kinds = models.JSONField(
        _("党组织类型"), default=list, blank=True, help_text=_('如 ["branch", "general_branch"]；空为全部')
    )
    territory_level = models.CharField(
        _("所在层级"),
        max_length=20,
        blank=True,
        help_text=_("考核对象所在辖区的层级，如 community（社区/村）、street（街道）；空为不限"),
    )
    publish_to_board = models.BooleanField(_("公布到居民公示栏"), default=False)
    description = models.TextField(_("说明"), blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class SchemeVersion(models.Model):
    """One version of a scheme's rules; frozen once any result refers to it."""

    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, related_name="versions", verbose_name=_("方案")
    )
    number = models.PositiveIntegerField(_("版本号"))
    note = models.CharField(_("修订说明"), max_length=200, blank=True)
    # 末位亮牌: this share of subjects with the lowest scores get the lowest grade whatever they scored.
    bottom_share = models.DecimalField(
        _("末位比例（%）"), max_digits=5, decimal_places=2, default=0, help_text=_("0 为不设末位")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("创建人"),
    )

    class Meta:
        verbose_name = _("方案版本")
        verbose_name_plural = _("方案版本")
        ordering = ["scheme", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "number"], name="assessment_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.scheme.name} 第{self.number}版"


class Source(models.TextChoices):
    FIGURE = "figure", _("统计指标")  # a figure of the analytics contract for the subject's node
    MANUAL = "manual", _("人工评分")  # a score an assessor enters, with evidence


class Rule(models.TextChoices):
    LINEAR = "linear", _("线性")  # floor → 0, target → full points, clamped in between
    THRESHOLDS = "thresholds", _("分档")  # the best step reached gives its points
    VETO = "veto", _("一票否决")  # worse than the floor: the whole result gets the lowest grade
    DEDUCTION = "deduction", _("扣分")  # full points less so many per unit, never below zero


class Indicator(models.Model):
    """考核指标: weight (full points), source, target and floor, and the rule that turns a value into points."""

    version = models.ForeignKey(
        SchemeVersion, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("方案版本")
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    code = models.SlugField(_("指标代码"), max_length=40)
    name = models.CharField(_("指标名称"), max_length=60)
    weight = models.DecimalField(_("满分"), max_digits=6, decimal_places=1, default=0)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices, default=Source.FIGURE)
    figure_key = models.CharField(_("统计指标代码"), max_length=60, blank=True)
    rule = models.CharField(_("计分规则"), max_length=12, choices=Rule.choices, default=Rule.LINEAR)
    # In the figure's own terms; a rate is written in percent (95 means 95%).
    target = models.FloatField(_("目标值"), null=True, blank=True)
    floor = models.FloatField(_("底线值"), null=True, blank=True)
    thresholds = models.JSONField(
        _("分档"),
        default=list,
        blank=True,
        help_text=_("[[达到值, 得分], …]，如 [[95, 10], [90, 8], [80, 5]]"),
    )
    per_unit = models.FloatField(_("每单位扣分"), null=True, blank=True)
    higher_is_better = models.BooleanField(
        _("越高越好"), default=True, help_text=_("人工评分适用；统计指标按其定义")
    )
    no_data_points = models.DecimalField(
        _("无数据得分"), max_digits=6, decimal_places=1, default=0, help_text=_("样本不足或无数据时的得分")
    )
    note = models.CharField(_("评分说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="assessment_indicator_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class Grade(models.Model):
    """评定等级: a grade reached from `min_score` up (五星 ≥ 90, 绿牌 ≥ 85 …)."""

    version = models.ForeignKey(
        SchemeVersion, on_delete=models.CASCADE, related_name="grades", verbose_name=_("方案版本")
    )
    code = models.SlugField(_("等级代码"), max_length=20)
    label = models.CharField(_("等级名称"), max_length=20)
    min_score = models.DecimalField(_("最低分"), max_digits=6, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("评定等级")
        verbose_name_plural = _("评定等级")
        ordering = ["version", "-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="assessment_grade_unique_code")
        ]

    def __str__(self) -> str:
        return self.label
