"""Simulate one demand's life through the workflow in memory, for the demo and the benchmark.

Produces the same events the transition function would record (action, from, to, time,
extra), in order, stopping at `now`: demands of the last days are still open. Nothing here
touches the database; callers bulk-insert the result.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from gongzhi.demands.workflow import State

H = dt.timedelta(hours=1)


@dataclass(frozen=True)
class Odds:
    """How often each turn of events happens (shares of demands)."""

    reject: float = 0.008
    merge: float = 0.015
    returned: float = 0.03
    escalate: float = 0.015
    late_claim: float = 0.05  # claimed after the 24-hour response limit
    late_resolve: float = 0.04  # resolved after the deadline
    satisfied: float = 0.85
    basically: float = 0.10  # the rest is dissatisfied
    reopen: float = 0.6  # of the dissatisfied
    unrated: float = 0.02  # residents who never answer the follow-up call


@dataclass
class Life:
    state: str = State.SUBMITTED
    handler_id: int | None = None
    due_at: dt.datetime | None = None
    satisfaction: str = ""
    escalation: str = ""
    claimed: bool = False
    merged: bool = False
    result: str = ""
    # (action, from_state, to_state, at, extra, note, side) — side: "desk", "handler" or "resident"
    events: list[tuple] = field(default_factory=list)


def live(
    rng: random.Random,
    *,
    submitted_at: dt.datetime,
    now: dt.datetime,
    handlers: list[int],
    deadline_hours: int,
    due: Callable[[dt.datetime, int], dt.datetime],
    merge_into: int | None = None,
    odds: Odds = Odds(),
    result: str = "已处理完毕",
) -> Life:
    """Return the demand's life up to `now`; `handlers` are the handlers it may be dispatched to, first = the rule's."""
    life = Life()
    t = submitted_at

    def add(action, to, at, extra=None, note="", side="desk") -> bool:
        if at > now:
            return False
        life.events.append((action, life.state, to, at, extra or {}, note, side))
        life.state = to
        return True

    add("submit", State.SUBMITTED, t, {"located": True})
    life.events[-1] = ("submit", "", State.SUBMITTED, t, {"located": True}, "", "resident")
    t += rng.uniform(0.05, 3) * H
    if rng.random() < odds.reject:
        add("reject", State.REJECTED, t, note="不属于本平台受理范围，已告知居民向相关部门反映")
        return life
    if not add("accept", State.ACCEPTED, t):
        return life
    if merge_into is not None and rng.random() < odds.merge:
        life.merged = add(
            "merge", State.MERGED, t + rng.uniform(0.1, 2) * H, {"into_id": merge_into}, "重复诉求"
        )
        return life

    def dispatch(at, handler) -> bool:
        due_at = due(at, deadline_hours)
        extra = {"handler_id": handler, "deadline_hours": deadline_hours, "due_at": due_at.isoformat()}
        if not add("dispatch", State.DISPATCHED, at, extra):
            return False
        life.handler_id, life.due_at, life.escalation, life.claimed = handler, due_at, "", False
        return True

    t += rng.uniform(0.05, 1.5) * H
    if not dispatch(t, handlers[0]):
        return life
    if rng.random() < odds.returned and len(handlers) > 1:
        t += rng.uniform(0.5, 6) * H
        if not add(
            "return", State.RETURNED, t, {"handler_id": handlers[0]}, "不属于本单位职责，请改派", "handler"
        ):
            return life
        life.handler_id = None
        t += rng.uniform(0.2, 3) * H
        if not dispatch(t, rng.choice(handlers[1:])):
            return life
    if rng.random() < odds.escalate:
        t += rng.uniform(1, 12) * H
        if not add("escalate", State.ESCALATED, t, {"to": "parent"}, "涉及多个小区，提请上级协调", "handler"):
            return life
        life.escalation, life.handler_id = "parent", None
        t += rng.uniform(2, 24) * H
        if not dispatch(t, handlers[-1]):
            return life
    late = rng.random() < odds.late_claim
    t = submitted_at + max(
        t - submitted_at + 0.1 * H, rng.uniform(25, 60) * H if late else rng.uniform(0.2, 6) * H
    )
    if not add("claim", State.CLAIMED, t, {"handler_id": life.handler_id}, side="handler"):
        return life
    life.claimed = True
    while True:
        budget = (life.due_at - t) / H if life.due_at else 24
        if rng.random() < odds.late_resolve:
            t += (max(budget, 0) + rng.uniform(2, 72)) * H
        else:
            t += max(0.3, budget * rng.uniform(0.05, 0.9)) * H
        if not add("resolve", State.RESOLVED, t, note=result, side="handler"):
            return life
        life.result = result
        if rng.random() < odds.unrated:
            return life
        r = rng.random()
        rating = (
            "satisfied"
            if r < odds.satisfied
            else "basically_satisfied"
            if r < odds.satisfied + odds.basically
            else "dissatisfied"
        )
        t += rng.uniform(2, 48) * H
        if not add("follow_up", State.FOLLOWED_UP, t, {"satisfaction": rating}, side="resident"):
            return life
        life.satisfaction = rating
        if rating != "dissatisfied":
            t += rng.uniform(0.5, 24) * H
            add("close", State.CLOSED, t)
            return life
        if rng.random() >= odds.reopen:
            return life
        t += rng.uniform(0.5, 8) * H
        if not add("reopen", State.REOPENED, t, {"satisfaction": rating}, "居民不满意，重新办理"):
            return life
        life.satisfaction, life.claimed = "", False
        odds = Odds(late_resolve=0, satisfied=0.7, basically=0.3, unrated=0)  # the second round goes better
        t += rng.uniform(0.5, 8) * H
        if not add("claim", State.CLAIMED, t, {"handler_id": life.handler_id}, side="handler"):
            return life
        life.claimed = True
