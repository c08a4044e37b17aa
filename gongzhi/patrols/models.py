"""Grid patrols (网格巡访): duty rules, patrols, the households visited and what was found."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongzhi.core.models import TimeStampedModel
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet


class DutyKind(models.TextChoices):
    VISIT = "visit", _("必访")  # 三必访: households to visit regularly
    ATTEND = "attend", _("必到")  # 六必到: occasions a grid worker must attend
    REPORT = "report", _("必报")  # 六必报: matters a grid worker must report at once


class FindingCategory(models.TextChoices):
    """Bengbu's five classes plus property; the codes are the demand categories' codes."""

    VOLUNTEER_SERVICE = "volunteer_service", _("志愿服务")
    PETITION_STABILITY = "petition_stability", _("信访维稳")
    ELDER_CHILD_CARE = "elder_child_care", _("养老护幼")
    DISPUTE_MEDIATION = "dispute_mediation", _("矛盾调解")
    SAFETY = "safety", _("安全防护")
    PROPERTY = "property", _("物业")


class Disposition(models.TextChoices):
    FIXED = "fixed", _("当场解决")  # 随手做
    PASSED_ON = "passed_on", _("上报转办")  # 实时报: becomes a demand


class DutyRule(ScopedModel, TimeStampedModel):
    """一条巡访职责 (三必访、六必到、六必报): for 必访, which households, how often; applies to a subtree."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=DutyKind.choices, default=DutyKind.VISIT)
    tag = models.CharField(
        _("居民标签"),
        max_length=20,
        blank=True,
        help_text=_("必访：户里有带此标签的居民（独居老人、困难家庭、残疾人、留守儿童……）就要走访"),
    )
    interval_days = models.PositiveSmallIntegerField(
        _("走访周期(天)"), null=True, blank=True, help_text=_("必访：两次走访最多间隔几天")
    )
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="duty_rules",
        verbose_name=_("适用辖区(含下级)"),
    )
    description = models.CharField(_("说明"), max_length=200, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡访职责")
        verbose_name_plural = _("巡访职责")
        ordering = ["kind", "interval_days", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="visit") | (~models.Q(tag="") & models.Q(interval_days__gte=1)),
                name="patrols_visit_rule_needs_tag_and_interval",
                violation_error_message=_("「必访」职责要填居民标签和走访周期（至少 1 天）。"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Patrol(ScopedModel, TimeStampedModel):
    """一次巡访: a grid worker or council member walking their grid on one day."""

    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="patrols", verbose_name=_("巡访网格")
    )
    grid_worker = models.ForeignKey(
        "people.GridWorker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="patrols",
        verbose_name=_("网格员"),
    )
    council_member = models.ForeignKey(
        "people.CouncilMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="patrols",
        verbose_name=_("议事会成员"),
    )
    date = models.DateField(_("巡访日期"), db_index=True)
    # [[lng, lat], …] in GCJ-02; phones send WGS-84, converted at intake (territory/geo.py).
    route = models.JSONField(_("巡访路线(GCJ-02)"), default=list, blank=True)
    distance_m = models.PositiveIntegerField(_("路线长度(米)"), default=0)
    note = models.TextField(_("巡访记录"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    # A phone that retries sends the same key; the second submission returns the first patrol.
    client_key = models.CharField(_("提交键"), max_length=64, unique=True, null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["route"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡访记录")
        verbose_name_plural = _("巡访记录")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grid_worker__isnull=True) ^ models.Q(council_member__isnull=True),
                name="patrols_one_patroller",
                violation_error_message=_("请填写网格员或议事会成员中的一位（只填一位）。"),
            )
        ]
        indexes = [models.Index(fields=["territory", "date"], name="patrol_territory_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.territory}"

    @property
    def patroller(self):
        return self.grid_worker or self.council_member


class Visit(ScopedModel, TimeStampedModel):
    """走访: one household seen on a patrol."""

    scope_field = "household"
    patrol = models.ForeignKey(
        Patrol, on_delete=models.CASCADE, related_name="visits", verbose_name=_("巡访")
    )
    household = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="patrol_visits",
        verbose_name=_("走访户"),
    )
    # The patrol's date again: the due list asks "when was this household last seen" in one index scan.
    visited_on = models.DateField(_("走访日期"))
    note = models.CharField(_("走访情况"), max_length=200, blank=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("走访")
        verbose_name_plural = _("走访")
        ordering = ["-visited_on", "id"]
        constraints = [models.UniqueConstraint(fields=["patrol", "household"], name="patrols_visit_once")]
        indexes = [models.Index(fields=["household", "visited_on"], name="visit_household_date")]


class Finding(ScopedModel, TimeStampedModel):
    """巡访发现的问题: fixed on the spot (随手做) or passed on as a demand (实时报)."""

    patrol = models.ForeignKey(
        Patrol, on_delete=models.CASCADE, related_name="findings", verbose_name=_("巡访")
    )
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="patrol_findings",
        verbose_name=_("发现地点"),
    )
    category = models.CharField(_("类别"), max_length=30, choices=FindingCategory.choices)
    description = models.TextField(_("问题描述"))
    disposition = models.CharField(_("处置方式"), max_length=20, choices=Disposition.choices)
    demand = models.ForeignKey(
        "demands.Demand",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="patrol_findings",
        verbose_name=_("转办诉求"),
    )
    # When the demand loop could not take it (not installed, refused), why — the finding stays passed on.
    handoff_note = models.CharField(_("转办说明"), max_length=200, blank=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡访发现")
        verbose_name_plural = _("巡访发现")
        ordering = ["-patrol__date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}：{self.description[:20]}"
