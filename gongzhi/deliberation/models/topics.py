"""Topics (议题), their timeline, and the consultation catalogue (协商目录)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongzhi.core.models import TimeStampedModel
from gongzhi.deliberation.workflow import Procedure, Step, step_label
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet


class Origin(models.TextChoices):
    RESIDENT = "resident", _("居民提出")  # 百姓点事
    COUNCIL = "council", _("议事会提出")
    COMMITTEES = "committees", _("两委提出")
    DEMAND = "demand", _("诉求上报")  # escalated from the demand loop
    CATALOGUE = "catalogue", _("协商目录事项")


class Topic(ScopedModel, TimeStampedModel):
    """议题: one matter taken through a deliberation procedure."""

    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="topics", verbose_name=_("所在辖区")
    )
    title = models.CharField(_("议题"), max_length=100)
    text = models.TextField(_("内容"), blank=True)
    procedure = models.CharField(_("议事程序"), max_length=20, choices=Procedure.choices)
    step = models.CharField(_("当前步骤"), max_length=30, choices=Step.choices, default=Step.RAISED)
    step_changed_at = models.DateTimeField(_("进入当前步骤时间"), default=timezone.now)
    origin = models.CharField(_("来源"), max_length=20, choices=Origin.choices, default=Origin.RESIDENT)
    is_major = models.BooleanField(_("三重一大事项"), default=False)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="raised_topics",
        verbose_name=_("提出人账号"),
    )
    catalogue_entry = models.ForeignKey(
        "deliberation.CatalogueEntry",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("协商目录事项"),
    )
    # The demand that waits on this topic's decision and resumes with it.
    source_demand = models.ForeignKey(
        "demands.Demand",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        verbose_name=_("来源诉求"),
    )
    source_ref = models.CharField(
        _("来源编号"), max_length=64, blank=True, help_text=_("来自其他业务的编号，如 demand:123")
    )
    decision = models.TextField(_("决议内容"), blank=True)
    result = models.TextField(_("实施结果"), blank=True)
    rating_avg = models.FloatField(_("公众评分"), null=True, blank=True)
    rating_count = models.PositiveIntegerField(_("评分人数"), default=0)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["territory", "step"], name="topic_territory_step")]

    def __str__(self) -> str:
        return self.title

    @property
    def step_display(self) -> str:
        return step_label(self.procedure, self.step)


class TopicEvent(models.Model):
    """One action on a topic (step, meeting, vote, publication, comment): the timeline. Append-only."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="events", verbose_name=_("议题"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    action = models.CharField(_("操作"), max_length=30)
    from_step = models.CharField(_("原步骤"), max_length=30, blank=True)
    to_step = models.CharField(_("新步骤"), max_length=30, blank=True)
    note = models.TextField(_("说明"), blank=True)
    extra = models.JSONField(_("附加信息"), default=dict, blank=True)
    # For a step: the days the topic spent in the step before (the figures average these).
    duration_days = models.FloatField(_("上一步用时(天)"), null=True, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("议题记录")
        verbose_name_plural = _("议题记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["to_step", "at"], name="topicevent_step_at")]

    def __str__(self) -> str:
        return f"{self.topic_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class ConsultationCatalogue(ScopedModel, TimeStampedModel):
    """协商目录: the matters a territory (and everything under it) must take into deliberation."""

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="consultation_catalogues",
        verbose_name=_("适用辖区(含下级)"),
    )
    name = models.CharField(_("目录名称"), max_length=100)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("协商目录")
        verbose_name_plural = _("协商目录")
        ordering = ["territory__path", "-year", "name"]
        constraints = [models.UniqueConstraint(fields=["territory", "name"], name="catalogue_name_once")]

    def __str__(self) -> str:
        return self.name


class CatalogueEntry(ScopedModel, TimeStampedModel):
    """One matter of a catalogue: which demand categories or words route into which procedure."""

    scope_field = "catalogue__territory"
    catalogue = models.ForeignKey(
        ConsultationCatalogue, on_delete=models.CASCADE, related_name="entries", verbose_name=_("协商目录")
    )
    title = models.CharField(_("事项"), max_length=100)
    categories = models.JSONField(
        _("诉求分类代码"), default=list, blank=True, help_text=_("属于这些分类的诉求进入议事，如 property")
    )
    keywords = models.JSONField(
        _("关键词"), default=list, blank=True, help_text=_("内容出现这些词即进入议事")
    )
    procedure = models.CharField(
        _("议事程序"), max_length=20, choices=Procedure.choices, default=Procedure.SIX_STEPS
    )
    is_major = models.BooleanField(_("三重一大事项"), default=False)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("协商目录事项")
        verbose_name_plural = _("协商目录事项")
        ordering = ["catalogue", "id"]

    def __str__(self) -> str:
        return self.title
