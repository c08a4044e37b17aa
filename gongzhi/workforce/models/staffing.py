"""城镇常住人口 per community, the denominator of 每万城镇常住人口不少于18名社区工作者."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongzhi.core.models import TimeStampedModel
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet
from gongzhi.territory.levels import Level


class CommunityPopulation(ScopedModel, TimeStampedModel):
    """A community's urban resident population in a year, as a statistics office or 公安 reports it."""

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="urban_populations",
        verbose_name=_("社区"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    urban_resident_population = models.PositiveIntegerField(_("城镇常住人口"))
    source = models.CharField(
        _("数据来源"), max_length=100, blank=True, help_text=_("如：统计局年报、公安户籍")
    )
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("城镇常住人口")
        verbose_name_plural = _("城镇常住人口")
        ordering = ["-year", "territory__path"]
        constraints = [models.UniqueConstraint(fields=["territory", "year"], name="unique_population_year")]

    def __str__(self) -> str:
        return f"{self.territory} {self.year}"

    def clean(self):
        if self.territory_id and self.territory.level != Level.COMMUNITY:
            raise ValidationError({"territory": "社区必须是「社区/行政村」一级的单元"})
