"""The periodic deadline sweep: plan the alerts of each deadline, fire those that are due, retry notices.

Each step is idempotent and crash-safe:

- planning inserts DeadlineAlert rows under a unique (demand, due_at, kind) key, so two
  sweepers plan each deadline once;
- firing claims due rows with SELECT … FOR UPDATE SKIP LOCKED (PostgreSQL) or inside an
  IMMEDIATE transaction (SQLite), and in that one transaction records the step as done, writes
  the demand's event and the notice's Delivery rows; the notice goes out after commit. A
  sweeper that dies before the commit leaves the rows unclaimed for the next run: nothing is
  lost and nothing was sent. After the commit the Delivery rows are retried until sent.
- a reminder whose deadline has already passed is not sent late (the overdue notice covers it).

Working time comes from sla.py: "75%" fires when 75% of the working hours between dispatch and
the due time have passed, "1h" one working hour before the due time; escalation fires
GONGZHI_ESCALATE_AFTER_HOURS working hours after it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from gongzhi.demands import workflow
from gongzhi.demands.models import Demand, DemandEvent
from gongzhi.demands.notices import notice_for
from gongzhi.demands.sla import TZ, BusinessCalendar, add_working_hours, working_hours_between
from gongzhi.demands.timer_models import AlertOutcome, DeadlineAlert
from gongzhi.notifications.services import deliveries_retry, notify

log = logging.getLogger(__name__)

OVERDUE, ESCALATE = "overdue", "escalate"
# Alerts per transaction: small enough that the write lock (SQLite) is held only briefly.
BATCH = 100


@dataclass(frozen=True)
class Reminder:
    kind: str
    share: float | None = None  # of the working-time window
    hours_before: float | None = None  # working hours before the due time

    def fire_at(self, start: dt.datetime, window: float, cal: BusinessCalendar) -> dt.datetime | None:
        hours = window * self.share if self.share is not None else window - (self.hours_before or 0)
        if hours <= 0 or hours >= window:
            return None  # the window is too short for this reminder
        return add_working_hours(start, hours, calendar=cal)


def reminders() -> list[Reminder]:
    """Read GONGZHI_DEADLINE_REMINDERS: "75%" (share of the window) and "1h" (working hours before)."""
    out = []
    for raw in getattr(settings, "GONGZHI_DEADLINE_REMINDERS", ["75%", "1h"]):
        text = str(raw).strip().lower()
        if m := re.fullmatch(r"(\d+(?:\.\d+)?)%", text):
            out.append(Reminder(f"remind:{m[1]}%", share=float(m[1]) / 100))
        elif m := re.fullmatch(r"(\d+(?:\.\d+)?)h", text):
            out.append(Reminder(f"remind:{m[1]}h", hours_before=float(m[1])))
        else:
            raise ImproperlyConfigured(
                f"GONGZHI_DEADLINE_REMINDERS 中的「{raw}」无法识别：请写成 75% 或 1h。"
            )
    return out


def escalate_after() -> float:
    return float(getattr(settings, "GONGZHI_ESCALATE_AFTER_HOURS", 7))


@dataclass
class SweepReport:
    planned: int = 0
    fired: Counter = field(default_factory=Counter)  # (kind family, outcome) → count
    notices: int = 0
    deliveries: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        sent = lambda fam: self.fired[(fam, AlertOutcome.SENT)]  # noqa: E731
        return [
            f"新排期的期限 / deadlines planned: {self.planned}",
            f"到期前提醒 / reminders sent: {sent('remind')}",
            f"标记超期 / marked overdue: {sent(OVERDUE)}",
            f"超期督办 / escalated: {sent(ESCALATE)}",
            f"过期未发的提醒 / reminders too late: {self.fired[('remind', AlertOutcome.LATE)]}",
            f"无需提醒（已办结或改期）/ obsolete: {sum(v for (_, o), v in self.fired.items() if o == AlertOutcome.OBSOLETE)}",
            f"排队的通知 / deliveries queued: {self.notices}",
            "重试的通知 / deliveries retried: "
            + (", ".join(f"{k} {v}" for k, v in sorted(self.deliveries.items())) or "0"),
            *self.warnings,
        ]


def _timed() -> dict:
    return {"state__in": sorted(workflow.TIMED_STATES), "due_at__isnull": False}


def plan(*, cal: BusinessCalendar, limit: int = BATCH) -> int:
    """Insert the alert rows of every running deadline that has none yet; return how many."""
    total = 0
    kinds = reminders()
    while True:
        planned = DeadlineAlert.objects.filter(demand=OuterRef("pk"), due_at=OuterRef("due_at"))
        batch = list(
            Demand.objects.filter(**_timed())
            .exclude(Exists(planned))
            .order_by("pk")
            .values_list("pk", "due_at", "created_at")[:limit]
        )
        if not batch:
            return total
        # The window opens at the last dispatch (the event that set the due time).
        starts = dict(
            DemandEvent.objects.filter(demand_id__in=[b[0] for b in batch], action="dispatch")
            .values("demand_id")
            .annotate(at=Max("at"))
            .values_list("demand_id", "at")
        )
        rows = []
        for pk, due, created in batch:
            start = min(starts.get(pk) or created, due)
            window = working_hours_between(start, due, calendar=cal)
            rows += [
                DeadlineAlert(demand_id=pk, due_at=due, kind=r.kind, fire_at=at)
                for r in kinds
                if (at := r.fire_at(start, window, cal)) is not None
            ]
            rows.append(DeadlineAlert(demand_id=pk, due_at=due, kind=OVERDUE, fire_at=due))
            escalate_at = add_working_hours(due, escalate_after(), calendar=cal)
            rows.append(DeadlineAlert(demand_id=pk, due_at=due, kind=ESCALATE, fire_at=escalate_at))
        DeadlineAlert.objects.bulk_create(rows, ignore_conflicts=True)
        total += len(batch)
        if len(batch) < limit:
            return total


def _family(kind: str) -> str:
    return kind.split(":", 1)[0]


def _fire_one(alert: DeadlineAlert, demand: Demand, now: dt.datetime, report: SweepReport) -> str:
    if demand.state not in workflow.TIMED_STATES or demand.due_at != alert.due_at:
        return AlertOutcome.OBSOLETE
    family = _family(alert.kind)
    if family == "remind" and now >= alert.due_at:
        return AlertOutcome.LATE
    if family in (OVERDUE, ESCALATE):
        action = "overdue" if family == OVERDUE else "overdue_escalate"
        if family == ESCALATE and not demand.supervised:
            demand.supervised = True
            demand.save(update_fields=["supervised", "updated_at"])
        DemandEvent.objects.create(
            demand=demand,
            actor=None,
            action=action,
            from_state=demand.state,
            to_state=demand.state,
            note=workflow.SYSTEM_EVENTS[action],
            extra={"due_at": alert.due_at.astimezone(TZ).isoformat(), "alert_id": alert.pk},
            at=now,
        )
    notice = notice_for(kind=family, demand=demand, due_at=alert.due_at, escalate_after=escalate_after())
    alert.recipients = len(notice.users)
    report.notices += notify(
        users=notice.users,
        kind=f"demand.{family}",
        title=notice.title,
        body=notice.body,
        link=notice.link,
        dedupe_key=f"demand:{demand.pk}:{alert.kind}:{alert.due_at.timestamp():.0f}",
    )
    return AlertOutcome.SENT


def fire(*, now: dt.datetime, report: SweepReport, limit: int = BATCH) -> None:
    """Take every due alert once: claim a batch, act, record it done, commit; repeat."""
    while True:
        with transaction.atomic():
            claimed = list(
                DeadlineAlert.objects.select_for_update(skip_locked=True)
                .filter(done_at__isnull=True, fire_at__lte=now)
                .order_by("fire_at", "pk")[:limit]
            )
            if not claimed:
                return
            # Demands are locked in key order, as demand_transition does, so two sweepers cannot deadlock.
            claimed.sort(key=lambda a: (a.demand_id, a.fire_at, a.pk))
            ids = sorted({a.demand_id for a in claimed})
            demands = {
                d.pk: d
                for d in Demand.objects.select_for_update(of=("self",))
                .select_related("handler", "territory", "claimed_by", "category")
                .filter(pk__in=ids)
                .order_by("pk")
            }
            for alert in claimed:
                outcome = _fire_one(alert, demands[alert.demand_id], now, report)
                alert.done_at, alert.outcome = now, outcome
                alert.save(update_fields=["done_at", "outcome", "recipients"])
                report.fired[(_family(alert.kind), outcome)] += 1
        if len(claimed) < limit:
            return


def sweep(*, now: dt.datetime | None = None) -> SweepReport:
    """Run the whole sweep once: retry stuck notices, plan new deadlines, fire what is due."""
    now = now or timezone.now()
    report = SweepReport()
    cal = BusinessCalendar()
    report.deliveries = deliveries_retry()
    report.planned = plan(cal=cal)
    fire(now=now, report=report)
    report.warnings = list(cal.warnings)
    return report
