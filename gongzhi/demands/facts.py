"""What one demand contributes to the rates, read from its recorded transitions.

Pure functions, testable without a database: the roll-up (demands/rollup.py), the
direct computation (demands/rates_direct.py) and the tests all agree on these
definitions. The README section "诉求指标" states them in words.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

from gongzhi.core.periods import local_day
from gongzhi.demands.workflow import OPEN_STATES, Satisfaction, State

# 响应时限: the first claim (接单) must come within this many calendar hours of submission.
RESPONSE_HOURS = 24
RESOLVED_STATES = frozenset({State.RESOLVED, State.FOLLOWED_UP, State.CLOSED})
GOOD_RATINGS = frozenset({Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED})

# Upper edges (hours) of the resolve-time histogram: hourly to 3 days, 6-hourly to a week,
# daily to 30 days, then coarse. The 90th percentile is reported as its bucket's upper edge.
BUCKET_EDGES_H: tuple[float, ...] = (
    *range(1, 73),
    *range(78, 169, 6),
    *range(192, 721, 24),
    1080,
    1440,
    2160,
    4320,
    8760,
)
NO_BUCKET = -1

# The counted measures, in the column order of the fact and roll-up tables.
MEASURES = (
    "submitted",  # 诉求数: demands submitted (cohort = the day they came in)
    "accepted",  # 受理: have an accept event
    "rejected",  # 不予受理: have a reject event
    "dispatched",  # 交办: have at least one dispatch event
    "responded",  # 按时响应: first claim within RESPONSE_HOURS of submission
    "resolvable",  # 应办结: accepted and not merged into another demand
    "resolved",  # 办结: now resolved, followed up or closed
    "rated",  # 已评价: have a follow-up rating
    "satisfied",  # latest rating 满意
    "basically",  # latest rating 基本满意
    "dissatisfied",  # latest rating 不满意
    "overdue_done",  # 超期办结: the standing 办结 came after the deadline then in force
    "reopened",  # 重启: reopened at least once
    "merged",  # 合并: merged into another demand
    "returned",  # 退单: sent back at least once
    "escalated",  # 上报: escalated at least once
    "resolve_seconds",  # sum of submission → standing 办结, calendar seconds
)


@dataclass
class Fact:
    """One demand's contribution: where and when it counts, and its measures."""

    path: str
    handler_id: int | None
    category_id: int
    day: dt.date
    resolve_bucket: int = NO_BUCKET
    open_due_at: dt.datetime | None = None
    submitted: int = 1
    accepted: int = 0
    rejected: int = 0
    dispatched: int = 0
    responded: int = 0
    resolvable: int = 0
    resolved: int = 0
    rated: int = 0
    satisfied: int = 0
    basically: int = 0
    dissatisfied: int = 0
    overdue_done: int = 0
    reopened: int = 0
    merged: int = 0
    returned: int = 0
    escalated: int = 0
    resolve_seconds: int = 0

    def measures(self) -> tuple[int, ...]:
        return tuple(getattr(self, m) for m in MEASURES)

    def keys(self) -> list[str]:
        """Return the roll-up keys this demand counts under: every node from the root down, and its handler."""
        return rollup_keys(self.path, self.handler_id)


FACT_FIELDS = tuple(f.name for f in fields(Fact))


def rollup_keys(path: str, handler_id: int | None, steplen: int = 4) -> list[str]:
    keys = [f"t:{path[:i]}" for i in range(steplen, len(path) + 1, steplen)]
    if handler_id:
        keys.append(f"h:{handler_id}")
    return keys


def bucket_of(seconds: float) -> int:
    """Return the histogram bucket of a resolve time: the first edge at or above it."""
    return bisect_left(BUCKET_EDGES_H, seconds / 3600)


def bucket_label_hours(bucket: int) -> float | None:
    if bucket < 0:
        return None
    return float(BUCKET_EDGES_H[bucket]) if bucket < len(BUCKET_EDGES_H) else math.inf


def _parse(value) -> dt.datetime | None:
    if not value:
        return None
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value)


def fact_of(
    *,
    created_at: dt.datetime,
    path: str,
    category_id: int | None,
    events: Iterable[tuple[str, str, dt.datetime, dict]],
) -> Fact:
    """Compute a demand's fact from its events (action, to_state, at, extra), oldest first."""
    fact = Fact(path=path or "", handler_id=None, category_id=category_id or 0, day=local_day(created_at))
    state = State.SUBMITTED
    due_at = due_at_resolve = None
    first_claim = last_resolve = None
    rating = ""
    for action, to_state, at, extra in events:
        state = to_state or state
        if action == "accept":
            fact.accepted = 1
        elif action == "reject":
            fact.rejected = 1
        elif action == "dispatch":
            fact.dispatched = 1
            fact.handler_id = (extra or {}).get("handler_id") or fact.handler_id
            due_at = _parse((extra or {}).get("due_at"))
        elif action == "claim":
            first_claim = first_claim or at
        elif action == "resolve":
            last_resolve, due_at_resolve = at, due_at
        elif action == "follow_up":
            fact.rated = 1
            rating = (extra or {}).get("satisfaction", "")
        elif action == "reopen":
            fact.reopened = 1
        elif action == "return":
            fact.returned = 1
        elif action == "escalate":
            fact.escalated = 1
    fact.merged = int(state == State.MERGED)
    fact.resolvable = int(fact.accepted and not fact.merged)
    if fact.dispatched and first_claim is not None:
        fact.responded = int((first_claim - created_at).total_seconds() <= RESPONSE_HOURS * 3600)
    if fact.rated:
        fact.satisfied = int(rating == Satisfaction.SATISFIED)
        fact.basically = int(rating == Satisfaction.BASICALLY_SATISFIED)
        fact.dissatisfied = int(rating == Satisfaction.DISSATISFIED)
    if state in RESOLVED_STATES and last_resolve is not None:
        fact.resolved = 1
        seconds = max(0, round((last_resolve - created_at).total_seconds()))
        fact.resolve_seconds = seconds
        fact.resolve_bucket = bucket_of(seconds)
        fact.overdue_done = int(due_at_resolve is not None and last_resolve > due_at_resolve)
    if state in OPEN_STATES and due_at is not None:
        fact.open_due_at = due_at
    return fact


def p90_bucket(histogram: dict[int, int]) -> int:
    """Return the bucket holding the 90th percentile (nearest rank) of a {bucket: count} histogram."""
    total = sum(histogram.values())
    if total <= 0:
        return NO_BUCKET
    rank = math.ceil(0.9 * total)
    seen = 0
    for bucket in sorted(histogram):
        seen += histogram[bucket]
        if seen >= rank:
            return bucket
    return max(histogram)


def p90_of_seconds(values: Sequence[float]) -> int:
    """Return the bucket of the nearest-rank 90th percentile of exact resolve times."""
    if not values:
        return NO_BUCKET
    ordered = sorted(values)
    return bucket_of(ordered[math.ceil(0.9 * len(ordered)) - 1])
