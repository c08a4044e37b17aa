"""驻村强基: first secretaries, resident cadres, 选调生, village police and leader contacts, and days on site."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongzhi.core.models import TimeStampedModel
from gongzhi.core.validators import validate_phone
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet
from gongzhi.territory.levels import Kind, Level
from gongzhi.workforce.workflow import VILLAGE_ONLY_KINDS, PostingKind


class Posting(ScopedModel, TimeStampedModel):
    """Who is posted to which village or community, from which unit, from when to when."""

    kind = models.CharField(_("类别"), max_length=20, choices=PostingKind.choices)
    person_name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号"), max_length=20, blank=True, validators=[validate_phone])
    from_unit = models.CharField(_("派出单位"), max_length=100)
    title = models.CharField(_("原职务"), max_length=50, blank=True)
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="postings",
        verbose_name=_("驻点村(社区)"),
    )
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("仍在岗则不填"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("驻村(社区)力量")
        verbose_name_plural = _("驻村(社区)力量")
        ordering = ["territory__path", "kind", "-start"]
        indexes = [models.Index(fields=["kind", "start", "end"], name="posting_kind_dates")]

    def __str__(self) -> str:
        return f"{self.person_name}（{self.get_kind_display()}）"

    def clean(self):
        errors = {}
        if self.territory_id:
            if self.territory.level != Level.COMMUNITY:
                errors["territory"] = "驻点必须是「社区/行政村」一级的单元"
            elif self.kind in VILLAGE_ONLY_KINDS and self.territory.kind != Kind.RURAL:
                errors["territory"] = f"{self.get_kind_display()}只派驻行政村"
        if self.start and self.end and self.end < self.start:
            errors["end"] = "结束日期不能早于开始日期"
        if errors:
            raise ValidationError(errors)


class OnSiteDay(ScopedModel, TimeStampedModel):
    """One day a posted cadre spent on site (在岗/驻村天数), one row per day."""

    scope_field = "posting__territory"
    posting = models.ForeignKey(
        Posting, on_delete=models.CASCADE, related_name="days", verbose_name=_("驻村(社区)人员")
    )
    date = models.DateField(_("日期"))
    note = models.CharField(_("工作内容"), max_length=200, blank=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("在岗记录")
        verbose_name_plural = _("在岗记录")
        ordering = ["posting", "date"]
        constraints = [models.UniqueConstraint(fields=["posting", "date"], name="unique_onsite_day")]

    def __str__(self) -> str:
        return f"{self.posting} {self.date}"

    def clean(self):
        if self.posting_id and self.date:
            p = self.posting
            if self.date < p.start or (p.end and self.date > p.end):
                raise ValidationError({"date": "日期不在派驻期内"})
