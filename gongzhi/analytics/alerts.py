"""What needs attention under a node: open demands past their deadline and sudden rises of a category."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.utils import timezone

from gongzhi.analytics.selectors import cache_seconds
from gongzhi.core.periods import Period, period_of, today
from gongzhi.demands.selectors import demand_visible
from gongzhi.demands.workflow import OPEN_STATES
from gongzhi.dispatch.hotspots import hotspots
from gongzhi.territory.models import Territory, subtree_bounds

OVERDUE_SHOWN = 8


def overdue_demands(*, user, node: Territory, limit: int = OVERDUE_SHOWN) -> tuple[int, list]:
    """Return how many open demands under `node` are past their deadline, and the oldest few."""
    qs = (
        demand_visible(actor=user)
        .filter(
            territory__path__range=subtree_bounds(node.path),
            state__in=OPEN_STATES,
            due_at__lt=timezone.now(),
        )
        .order_by("due_at", "pk")
    )
    return qs.count(), list(qs.select_related("territory", "category")[:limit])


def rise_month(period: Period) -> dt.date:
    """Return the month whose rises a period shows: its last month, never one that has not begun."""
    last = min(period.last_day, today())
    return last.replace(day=1)


def rises(*, node: Territory, period: Period) -> list[dict]:
    """Return the sudden rises of a category in the children of `node` in the period's last month.

    Kept like the figures: a city's four months of demands take a few hundred milliseconds to group.
    """
    if node.is_leaf():
        return []
    month = rise_month(period)
    seconds = cache_seconds(period_of("month", month))
    key = f"figures-rises:{node.pk}:{node.path}:{month:%Y-%m}"
    if seconds and (hit := cache.get(key)) is not None:
        return hit
    found = hotspots(node=node, month=month)["rises"]
    if seconds:
        cache.set(key, found, seconds)
    return found
