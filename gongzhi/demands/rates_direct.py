"""The same rates computed straight from demands and their events, with no roll-up.

This is what one would write first: one grouped query over the demands with a correlated
subquery per event kind. It is the reference the roll-up is checked against in the tests,
and the baseline of bench/rates.py.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import BigIntegerField, Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from gongzhi.core.periods import TZ
from gongzhi.demands.facts import RESOLVED_STATES, RESPONSE_HOURS, bucket_of
from gongzhi.demands.models import Demand, DemandEvent
from gongzhi.demands.rates import Period, derive
from gongzhi.demands.workflow import OPEN_STATES, Satisfaction, State
from gongzhi.territory.models import subtree_bounds


def _annotated(period: Period):
    start, end = (dt.datetime.combine(d, dt.time(), tzinfo=TZ) for d in (period.start, period.end))
    ev = DemandEvent.objects.filter(demand=OuterRef("pk"))
    last = ev.order_by("-at", "-id")
    return (
        Demand.objects.order_by()
        .filter(created_at__gte=start, created_at__lt=end)
        .annotate(
            has_accept=Exists(ev.filter(action="accept")),
            has_reject=Exists(ev.filter(action="reject")),
            has_dispatch=Exists(ev.filter(action="dispatch")),
            has_reopen=Exists(ev.filter(action="reopen")),
            has_return=Exists(ev.filter(action="return")),
            has_escalate=Exists(ev.filter(action="escalate")),
            first_claim=Subquery(ev.filter(action="claim").order_by("at", "id").values("at")[:1]),
            last_resolve=Subquery(last.filter(action="resolve").values("at")[:1]),
            rating=Subquery(
                last.filter(action="follow_up").annotate(s=KT("extra__satisfaction")).values("s")[:1]
            ),
            last_state=Subquery(last.values("to_state")[:1]),
            last_handler=Subquery(
                last.filter(action="dispatch")
                .annotate(h=Cast(KT("extra__handler_id"), BigIntegerField()))
                .values("h")[:1]
            ),
        )
    )


def rates_direct(
    *, period: Period, path: str | None = None, handler_id: int | None = None, category_id: int | None = None
) -> dict:
    """Compute a node's (by path) or a handler's rates over the period from demands and events."""
    qs = _annotated(period)
    if path is not None:
        qs = qs.filter(territory__path__range=subtree_bounds(path))
    if handler_id is not None:
        qs = qs.filter(last_handler=handler_id)
    if category_id:
        qs = qs.filter(category_id=category_id)
    resolved_q = Q(last_state__in=RESOLVED_STATES, last_resolve__isnull=False)
    open_q = Q(last_state__in=OPEN_STATES)
    counts = qs.aggregate(
        submitted=Count("pk"),
        accepted=Count("pk", filter=Q(has_accept=True)),
        rejected=Count("pk", filter=Q(has_reject=True)),
        dispatched=Count("pk", filter=Q(has_dispatch=True)),
        responded=Count(
            "pk",
            filter=Q(
                has_dispatch=True, first_claim__lte=F("created_at") + dt.timedelta(hours=RESPONSE_HOURS)
            ),
        ),
        resolvable=Count("pk", filter=Q(has_accept=True) & ~Q(last_state=State.MERGED)),
        resolved=Count("pk", filter=resolved_q),
        rated=Count("pk", filter=Q(rating__isnull=False)),
        satisfied=Count("pk", filter=Q(rating=Satisfaction.SATISFIED)),
        basically=Count("pk", filter=Q(rating=Satisfaction.BASICALLY_SATISFIED)),
        dissatisfied=Count("pk", filter=Q(rating=Satisfaction.DISSATISFIED)),
        overdue_done=Count("pk", filter=resolved_q & Q(due_at__isnull=False, last_resolve__gt=F("due_at"))),
        overdue_open=Count("pk", filter=open_q & Q(due_at__lt=timezone.now())),
        reopened=Count("pk", filter=Q(has_reopen=True)),
        merged=Count("pk", filter=Q(last_state=State.MERGED)),
        returned=Count("pk", filter=Q(has_return=True)),
        escalated=Count("pk", filter=Q(has_escalate=True)),
    )
    seconds = [
        max(0, round((resolved_at - created_at).total_seconds()))
        for created_at, resolved_at in qs.filter(resolved_q).values_list("created_at", "last_resolve")
    ]
    counts["resolve_seconds"] = sum(seconds)
    histogram: dict[int, int] = {}
    for s in seconds:
        b = bucket_of(s)
        histogram[b] = histogram.get(b, 0) + 1
    return derive(counts, histogram, counts.pop("overdue_open"))
