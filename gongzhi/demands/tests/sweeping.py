"""Helpers of the sweep tests: a frozen clock and a dispatched demand with a known window."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongzhi.demands.services import demand_transition
from gongzhi.demands.sla import TZ
from gongzhi.demands.tests.factories import submit


def at(y, m, d, hh=9, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


class Clock:
    """Freeze django.utils.timezone.now at a settable moment (the services and models read it)."""

    def __init__(self, monkeypatch, start: dt.datetime):
        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, moment: dt.datetime) -> dt.datetime:
        self.now = moment
        return moment


def dispatch_demand(cast, *, hours: int = 7, text: str = "楼道灯坏了，晚上看不见路"):
    """Submit, accept and dispatch a property demand at the clock's time with a deadline of `hours`."""
    demand = submit(cast["resident"], cast["tree"]["grid_a"], text=text, category_code="property")
    demand_transition(actor=cast["desk"], demand_id=demand.pk, action="accept")
    demand_transition(actor=cast["desk"], demand_id=demand.pk, action="dispatch", deadline_hours=hours)
    demand.refresh_from_db()
    return demand
