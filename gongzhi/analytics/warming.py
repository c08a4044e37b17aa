"""Compute the last full month's figures ahead, hourly, for every node an official watches.

An official's first look at the command centre would otherwise wait for every area to compute
(seconds at a city); the hourly job does it before they come, and the figures of a finished
period are kept a little longer than the job's interval (settings.GONGZHI_FIGURES_CACHE_PAST_SECONDS).
"""

from __future__ import annotations

import logging
import time

from gongzhi.analytics import alerts, selectors
from gongzhi.core.periods import last_full
from gongzhi.people.models import RoleAssignment
from gongzhi.people.roles import Role
from gongzhi.territory.models import Territory

log = logging.getLogger(__name__)
WATCHERS = (Role.STREET_OFFICIAL, Role.DISTRICT_OFFICIAL, Role.CITY_ADMIN)


def watched_nodes() -> list[Territory]:
    """List the nodes officials hold their roles on, widest first (a city warms its districts too)."""
    ids = RoleAssignment.objects.filter(role__in=WATCHERS).values_list("territory_id", flat=True).distinct()
    return list(Territory.objects.filter(pk__in=list(ids)).order_by("depth", "path"))


def figures_warm() -> dict:
    """Compute and keep the last full month's figures, children and rises of every watched node."""
    if not selectors.cache_seconds(last_full("month")):
        return {"nodes": 0}
    period = last_full("month")
    started = time.monotonic()
    nodes = watched_nodes()
    for node in nodes:
        selectors.node_figures(node=node, period=period)
        selectors.children_figures(node=node, period=period)
        alerts.rises(node=node, period=period)
    seconds = round(time.monotonic() - started, 1)
    log.info("指标预计算 / figures warmed: %s 个辖区，%s 秒", len(nodes), seconds)
    return {"nodes": len(nodes), "seconds": seconds}
