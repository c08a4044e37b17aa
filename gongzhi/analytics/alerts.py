"""What needs attention under a node: open demands past their deadline and sudden rises of a category."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongzhi.analytics.selectors import kept
from gongzhi.core.periods import Period, period_of, today
from gongzhi.demands.models import Demand
from gongzhi.demands.selectors import demand_visible
from gongzhi.demands.workflow import OPEN_STATES
from gongzhi.dispatch.hotspots import hotspots
from gongzhi.territory.models import Territory, subtree_bounds

OVERDUE_SHOWN = 8


def overdue_demands(
    *, node: Territory, user=None, now: dt.datetime | None = None, limit: int = OVERDUE_SHOWN
) -> tuple[int, list]:
    """Return how many open demands under `node` are past their deadline, and the oldest few.

    With a `user`, only what they may see; without one (a review of a node already checked), all.
    """
    base = Demand.objects.all() if user is None else demand_visible(actor=user)
    qs = base.filter(
        territory__path__range=subtree_bounds(node.path),
        state__in=OPEN_STATES,
        due_at__lt=now or timezone.now(),
    ).order_by("due_at", "pk")
    return qs.count(), list(qs.select_related("territory", "category", "handler")[:limit])


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
    return kept(
        f"figures-rises:{node.pk}:{node.path}:{month:%Y-%m}",
        period_of("month", month),
        lambda: hotspots(node=node, month=month)["rises"],
    )
