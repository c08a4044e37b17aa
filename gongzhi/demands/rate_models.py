"""Roll-up tables of the demand rates: derived data, rebuilt at will from the events.

DemandFact holds what each demand contributes (facts.Fact); DemandRollup sums the facts per
key (every territory node above a demand, `t:<path>`, and its handler, `h:<id>`), category
and day of submission; DemandResolveBucket is the resolve-time histogram per key and day.
The transition function keeps them current (rollup.rollup_demand); rollup.rollup_rebuild
recomputes them from scratch.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.demands.facts import MEASURES


class RateMeasures(models.Model):
    """The counted measures of facts.MEASURES, one column each."""

    submitted = models.IntegerField(default=0)
    accepted = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    dispatched = models.IntegerField(default=0)
    responded = models.IntegerField(default=0)
    resolvable = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    basically = models.IntegerField(default=0)
    dissatisfied = models.IntegerField(default=0)
    overdue_done = models.IntegerField(default=0)
    reopened = models.IntegerField(default=0)
    merged = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    escalated = models.IntegerField(default=0)
    resolve_seconds = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


assert tuple(f.name for f in RateMeasures._meta.fields) == MEASURES


class DemandFact(RateMeasures):
    """What one demand counts for in the rates (one row per demand)."""

    demand = models.OneToOneField(
        "demands.Demand", on_delete=models.CASCADE, primary_key=True, related_name="fact"
    )
    path = models.CharField(max_length=64, blank=True)  # the demand's territory path; blank = unlocated
    handler_id = models.BigIntegerField(null=True)  # the handler of its latest dispatch
    category_id = models.BigIntegerField(default=0)
    day = models.DateField()  # day of submission, Beijing time
    resolve_bucket = models.SmallIntegerField(default=-1)
    open_due_at = models.DateTimeField(null=True)  # deadline of a demand still open

    class Meta:
        verbose_name = _("诉求指标明细")
        verbose_name_plural = _("诉求指标明细")
        indexes = [
            models.Index(fields=["path", "day"], name="demandfact_path_day"),
            models.Index(fields=["open_due_at"], name="demandfact_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.demand_id} {self.day}"


class DemandRollup(RateMeasures):
    """The facts summed per key, category and day."""

    key = models.CharField(max_length=72)  # "t:<territory path>" or "h:<handler id>"
    category_id = models.BigIntegerField(default=0)
    day = models.DateField()

    class Meta:
        verbose_name = _("诉求指标日汇总")
        verbose_name_plural = _("诉求指标日汇总")
        constraints = [
            models.UniqueConstraint(fields=["key", "day", "category_id"], name="demandrollup_key_day_cat")
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.day}"


class DemandResolveBucket(models.Model):
    """How many demands per key, category and day (or month) were resolved within each histogram bucket.

    Monthly rows let a year's percentile read 12 rows per bucket instead of 365.
    """

    key = models.CharField(max_length=72)
    span = models.SmallIntegerField(default=0)  # 0: the day `day`; 1: the month that starts on `day`
    category_id = models.BigIntegerField(default=0)
    day = models.DateField()
    bucket = models.SmallIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("诉求办结时长分布")
        verbose_name_plural = _("诉求办结时长分布")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "span", "day", "category_id", "bucket"], name="demandbucket_key_span_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.day} #{self.bucket}"
