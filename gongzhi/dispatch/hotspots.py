"""Hotspots: recurring problems by place, category and month.

每月一题: the top categories of the month in each street under a node. Sudden rises: a category
in a child node whose count this month is at least RISE_FACTOR times the mean of the previous
RISE_MONTHS months and at least RISE_MIN demands; it is flagged to the node, the level above.
Counts are demands submitted in the month, leaving out merged duplicates and refused ones.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from gongzhi.core.errors import ValidationFailed
from gongzhi.core.periods import parse_period, today
from gongzhi.demands.models import Category, Demand
from gongzhi.demands.workflow import State
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds

TOP_N = 3
RISE_FACTOR = 2.0
RISE_MIN = 5
RISE_MONTHS = 3
UNCATEGORISED = "未分类"
NOT_COUNTED = (State.MERGED, State.REJECTED)


def parse_month(value: str | date | None) -> date:
    """'YYYY-MM' (or a date) → the first day of that month; empty → the last full month (Beijing time).

    A month two days old says little, so the pages open on the last month that is over.
    """
    if isinstance(value, date):
        return value.replace(day=1)
    if not value:
        return shift(today().replace(day=1), -1)
    try:
        period = parse_period(str(value))
    except ValidationFailed:
        period = None
    if period is None or period.kind != "month":
        raise ValidationFailed("月份格式应为 YYYY-MM，如 2026-03。")
    return period.start


def shift(month: date, n: int) -> date:
    k = month.year * 12 + month.month - 1 + n
    return date(k // 12, k % 12 + 1, 1)


def _start(month: date) -> datetime:
    return timezone.make_aware(datetime.combine(month, time.min))


def monthly_counts(
    node: Territory | None, first: date, last: date
) -> list[tuple[str, int | None, date, int]]:
    """(territory path, category id, month, count) of the demands submitted in [first, last] under `node`.

    `node=None` counts every located demand (the hourly rise alerts read the whole tree at once).
    """
    qs = Demand.objects.filter(created_at__gte=_start(first), created_at__lt=_start(shift(last, 1)))
    if node is not None:
        qs = qs.filter(territory__path__range=subtree_bounds(node.path))
    else:
        qs = qs.filter(territory__isnull=False)
    rows = (
        qs.exclude(state__in=NOT_COUNTED)
        .annotate(month=TruncMonth("created_at"))
        .values("territory__path", "category_id", "month")
        .annotate(n=Count("id"))
    )
    out = []
    for r in rows:
        m = r["month"]
        if isinstance(m, datetime):
            m = timezone.localtime(m).date() if timezone.is_aware(m) else m.date()
        out.append((r["territory__path"], r["category_id"], m.replace(day=1), r["n"]))
    return out


def rise_of(
    months: dict[date, int], month: date, *, factor: float = RISE_FACTOR, min_count: int = RISE_MIN
) -> dict | None:
    """Return the figures of a sudden rise in `month` of this monthly series, or None when it is not one."""
    now = months.get(month, 0)
    before = [months.get(shift(month, -k), 0) for k in range(1, RISE_MONTHS + 1)]
    mean = sum(before) / RISE_MONTHS
    if now < min_count or now < factor * mean:
        return None
    return {
        "count": now,
        "previous": before[::-1],
        "mean": round(mean, 2),
        "ratio": round(now / mean, 2) if mean else None,
    }


def _owner(path: str, units: list[Territory]) -> Territory | None:
    for u in units:
        if path.startswith(u.path):
            return u
    return None


def _units(node: Territory) -> list[Territory]:
    """The units a viewer at `node` compares: its children; a node with none stands for itself."""
    return list(node.get_children().order_by("path")) or [node]


def hotspots(
    *,
    node: Territory,
    month: str | date | None = None,
    top_n: int = TOP_N,
    factor: float = RISE_FACTOR,
    min_count: int = RISE_MIN,
) -> dict:
    """Return the month's top issues per child of `node`, and the sudden rises in it and its children.

    The node itself is watched too: a rise spread over a community's grids shows to its worker
    even when no single grid passes the threshold.
    """
    month = parse_month(month)
    first = shift(month, -RISE_MONTHS)
    rows = monthly_counts(node, first, month)
    names = dict(Category.objects.values_list("pk", "name"))

    def cat_name(pk):
        return names.get(pk, UNCATEGORISED) if pk else UNCATEGORISED

    units = _units(node)
    per_unit: dict[int, dict] = {u.pk: defaultdict(int) for u in units}
    for path, cat, m, n in rows:
        if m == month and (u := _owner(path, units)):
            per_unit[u.pk][cat] += n
    top = []
    for s in units:
        counts = per_unit[s.pk]
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], cat_name(kv[0])))
        top.append(
            {
                "territory": s,
                "total": sum(counts.values()),
                "top": [{"category": cat_name(c), "count": n} for c, n in ranked[:top_n]],
            }
        )
    top.sort(key=lambda r: (-r["total"], r["territory"].path))

    children = list(node.get_children().order_by("path"))
    series: dict[tuple[int, int | None], dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for path, cat, m, n in rows:
        series[(node.pk, cat)][m] += n
        if c := _owner(path, children):
            series[(c.pk, cat)][m] += n
    by_pk = {c.pk: c for c in [node, *children]}
    rises = []
    for (child_pk, cat), months in series.items():
        # A rise is of a category; demands still without one wait in triage, which has its own queue.
        if cat is not None and (found := rise_of(months, month, factor=factor, min_count=min_count)):
            rises.append(
                {"territory": by_pk[child_pk], "category": cat_name(cat), **found, "flagged_to": node}
            )
    rises.sort(key=lambda r: (-r["count"], r["territory"].path, r["category"]))
    level = Level(units[0].level).label if units[0] != node else node.get_level_display()
    return {"node": node, "month": month, "units": top, "unit_level": str(level), "rises": rises}
