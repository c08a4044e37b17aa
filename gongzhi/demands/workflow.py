"""The whole lifecycle of a demand in one table, testable without a database.

Pages, the API, the admin and commands all go through `check()`; services.py hands an
action to the shared engine (gongzhi.core.workflow) with its effects (effects.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core import workflow as engine
from gongzhi.people.roles import Role


class State(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")  # in the intake queue, waiting for 受理
    ACCEPTED = "accepted", _("已受理")  # the front desk took it on; waiting to be dispatched
    REJECTED = "rejected", _("不予受理")  # refused with a reason (not a matter for us); final
    DISPATCHED = "dispatched", _("已交办")  # sent to a handler (承办单位); waiting for someone to claim it
    CLAIMED = "claimed", _("已接单")  # one person of the handler took it (党员接单)
    RETURNED = "returned", _("已退单")  # the handler sent it back as wrongly routed; to be re-dispatched
    ESCALATED = "escalated", _("已上报")  # sent up a level or into deliberation (三重一大, several compounds)
    RESOLVED = "resolved", _("已办结")  # the handler recorded a result; waiting for the follow-up call
    FOLLOWED_UP = "followed_up", _("已回访")  # the resident rated it; closed or reopened next
    REOPENED = "reopened", _("已重启")  # the resident was dissatisfied; the same handler works it again
    CLOSED = "closed", _("已办结归档")  # done and rated; final
    MERGED = "merged", _("已合并")  # a duplicate, folded into another demand; final


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class EscalationTarget(models.TextChoices):
    PARENT = "parent", _("上级")  # the party organisation of the level above
    DELIBERATION = "deliberation", _("议事协商")  # 四议两公开 / 六事 in the deliberation app


FINAL_STATES = frozenset({State.REJECTED, State.CLOSED, State.MERGED})
# Where work is still going on: supervision and merging make sense only here.
OPEN_STATES = frozenset(
    {
        State.ACCEPTED,
        State.DISPATCHED,
        State.CLAIMED,
        State.RETURNED,
        State.ESCALATED,
        State.REOPENED,
    }
)

# Where the handling clock runs: the deadline sweep reminds, marks overdue and escalates only here.
TIMED_STATES = frozenset({State.DISPATCHED, State.CLAIMED, State.REOPENED})
# Events the deadline sweep records on its own; they change no state, so they are not transitions.
SYSTEM_EVENTS: dict[str, str] = {"overdue": "超期", "overdue_escalate": "超期督办"}

# Who does what. "Front desk" accepts and dispatches (街道前台受理), the handler's people work
# the order (部门后台办理, 党员接单), officials above supervise (督办).
FRONT_DESK = frozenset({Role.COMMUNITY_WORKER, Role.STREET_OFFICIAL, Role.DISTRICT_OFFICIAL, Role.CITY_ADMIN})
DISPATCHERS = FRONT_DESK | {Role.BRANCH_SECRETARY}  # 支部下单
HANDLERS = frozenset(
    {
        Role.DEPARTMENT_HANDLER,
        Role.GRID_WORKER,
        Role.COMMUNITY_WORKER,
        Role.COUNCIL_MEMBER,
        Role.BRANCH_SECRETARY,
    }
)
SUPERVISORS = frozenset({Role.STREET_OFFICIAL, Role.DISTRICT_OFFICIAL, Role.CITY_ADMIN})
# The follow-up goes through the council or the community; the reporter may rate it too.
FOLLOWERS_UP = frozenset({Role.COMMUNITY_WORKER, Role.COUNCIL_MEMBER, Role.GRID_WORKER, Role.RESIDENT})

# Which roles may bring a demand in through which channel.
CHANNEL_ROLES: dict[str, frozenset[str] | None] = {
    "self_report": None,  # any signed-in person
    "patrol": frozenset({Role.GRID_WORKER, Role.COMMUNITY_WORKER}),
    "walk_in": frozenset(
        {Role.COMMUNITY_WORKER, Role.COUNCIL_MEMBER, Role.BRANCH_SECRETARY, Role.GRID_WORKER}
    ),
    "hotline": FRONT_DESK,
    "council": frozenset({Role.COUNCIL_MEMBER, Role.BRANCH_SECRETARY}),
}


def _not_dissatisfied(demand) -> str | None:
    if demand.satisfaction == Satisfaction.DISSATISFIED:
        return "居民不满意，不能归档，请重启办理。"
    return None


def _dissatisfied(demand) -> str | None:
    if demand.satisfaction != Satisfaction.DISSATISFIED:
        return "只有居民不满意时才能重启。"
    return None


@dataclass(frozen=True)
class Transition(engine.Transition):
    """A demand's action; `handler_side` ones are for members of the demand's handler (when it lists members)."""

    handler_side: bool = False


TRANSITIONS = engine.Table(
    {
        "accept": Transition("受理", frozenset({State.SUBMITTED}), State.ACCEPTED, FRONT_DESK),
        "reject": Transition(
            "不予受理", frozenset({State.SUBMITTED}), State.REJECTED, FRONT_DESK, requires=("note",)
        ),
        "locate": Transition(
            "定位",
            frozenset({State.SUBMITTED, State.ACCEPTED, State.RETURNED}),
            None,
            FRONT_DESK,
            requires=("territory_id",),
        ),
        # Set or correct the category before the demand is dispatched; the classifier learns from it.
        "categorize": Transition(
            "归类",
            frozenset({State.SUBMITTED, State.ACCEPTED, State.RETURNED, State.ESCALATED, State.REOPENED}),
            None,
            FRONT_DESK,
            requires=("category",),
        ),
        "dispatch": Transition(
            "交办",
            frozenset({State.ACCEPTED, State.RETURNED, State.ESCALATED, State.REOPENED}),
            State.DISPATCHED,
            DISPATCHERS,
        ),
        "claim": Transition(
            "接单", frozenset({State.DISPATCHED, State.REOPENED}), State.CLAIMED, HANDLERS, handler_side=True
        ),
        "resolve": Transition(
            "办结",
            frozenset({State.CLAIMED}),
            State.RESOLVED,
            HANDLERS,
            requires=("result",),
            handler_side=True,
        ),
        "return": Transition(
            "退单",
            frozenset({State.DISPATCHED, State.CLAIMED}),
            State.RETURNED,
            HANDLERS,
            requires=("note",),
            handler_side=True,
        ),
        "escalate": Transition(
            "上报",
            frozenset({State.ACCEPTED, State.DISPATCHED, State.CLAIMED, State.RETURNED, State.REOPENED}),
            State.ESCALATED,
            HANDLERS | FRONT_DESK,
            requires=("note",),
        ),
        "supervise": Transition("督办", OPEN_STATES, None, SUPERVISORS),
        "follow_up": Transition(
            "回访", frozenset({State.RESOLVED}), State.FOLLOWED_UP, FOLLOWERS_UP, requires=("satisfaction",)
        ),
        "close": Transition(
            "归档", frozenset({State.FOLLOWED_UP}), State.CLOSED, FRONT_DESK, guard=_not_dissatisfied
        ),
        "reopen": Transition(
            "重启",
            frozenset({State.FOLLOWED_UP}),
            State.REOPENED,
            FRONT_DESK | {Role.COUNCIL_MEMBER},
            guard=_dissatisfied,
        ),
        "merge": Transition(
            "合并",
            frozenset({State.SUBMITTED}) | OPEN_STATES,
            State.MERGED,
            FRONT_DESK,
            requires=("into_id",),
        ),
    },
    states=State,
    noun="诉求",
    denial="您的角色不能对诉求执行「{label}」。",
)


# The names pages, the API and tests have always called; the engine does the work.
def state_label(state: str) -> str:
    return engine.state_label(State, state)


def available(state: str, roles: set[str] | frozenset[str] | None = None) -> list[str]:
    """List the actions that may start from `state` (for holders of `roles`, when given)."""
    return engine.available(TRANSITIONS, state, roles)


def check(action: str, *, state: str, roles: set[str] | frozenset[str], demand=None) -> Transition:
    """Return the transition for `action`, or raise why it may not happen now (state before role)."""
    return engine.check(TRANSITIONS, action, state=state, roles=roles, subject=demand)


def reachable(start: str = State.SUBMITTED) -> set[str]:
    """Return every state reachable from `start` through the table (guards ignored)."""
    return engine.reachable(TRANSITIONS, start)
