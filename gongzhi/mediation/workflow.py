"""The life of a dispute case (矛盾纠纷调解) in one table, testable without a database.

登记 → 指派调解员 → 首次联系 → 调解（可多次） → 达成协议 / 调解不成 → 移交微法庭或法律顾问 → 回访结案.

`who` names *case parties*, not only roles: "mediator" is the case's mediator, "supervisor"
the person who supervises it (see `case_parties`), "desk" a community worker or official
over the case's territory who takes cases in and assigns them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core import workflow as engine
from gongzhi.core.workflow import Table, Transition
from gongzhi.people.roles import Role


class State(models.TextChoices):
    REGISTERED = "registered", _("已登记")  # taken in; no mediator yet
    ASSIGNED = "assigned", _("已指派")  # a mediator has it; nobody has spoken to the parties yet
    MEDIATING = "mediating", _("调解中")  # first contact made; sessions under way
    AGREED = "agreed", _("已达成协议")  # an agreement was signed; waiting for the follow-up
    FAILED = "failed", _("调解不成")  # no agreement; refer it or close it
    REFERRED = "referred", _("已移交")  # sent to a micro-court (微法庭) or a legal adviser; follow-up due
    CLOSED = "closed", _("已结案")  # followed up and closed; final
    WITHDRAWN = "withdrawn", _("已撤回")  # the parties withdrew; final


class Source(models.TextChoices):
    DEMAND = "demand", _("诉求转办")  # from the demand loop (矛盾调解 class)
    WALK_IN = "walk_in", _("群众来访")  # walked in to a talk point or the mediation room
    POLICE_110 = "police_110", _("110 非警务警情分流")  # 110 non-police transfer


class Kind(models.TextChoices):
    NEIGHBOUR = "neighbour", _("邻里纠纷")
    FAMILY = "family", _("婚姻家庭纠纷")
    PROPERTY = "property", _("物业纠纷")
    LAND = "land", _("土地/宅基地纠纷")
    LABOUR = "labour", _("劳资纠纷")
    DEBT = "debt", _("合同债务纠纷")
    OTHER = "other", _("其他纠纷")


class ReferralTarget(models.TextChoices):
    MICRO_COURT = "micro_court", _("微法庭")
    LEGAL_ADVISER = "legal_adviser", _("法律顾问")


class MediatorKind(models.TextChoices):
    PEOPLE_MEDIATOR = "people_mediator", _("人民调解员")
    LOCAL_WORTHY = "local_worthy", _("乡贤")
    FIVE_ELDERS = "five_elders", _("五老")
    LEGAL_ADVISER = "legal_adviser", _("法律顾问")


FINAL_STATES = frozenset({State.CLOSED, State.WITHDRAWN})
OPEN_STATES = frozenset({State.REGISTERED, State.ASSIGNED, State.MEDIATING})
# Outcomes of the mediation itself; success rate = agreed / all three.
OUTCOME_ACTIONS = ("agree", "fail", "refer_direct")

MEDIATOR = "mediator"
SUPERVISOR = "supervisor"
DESK = "desk"
DESK_ROLES = frozenset({Role.COMMUNITY_WORKER, Role.STREET_OFFICIAL, Role.DISTRICT_OFFICIAL, Role.CITY_ADMIN})
REGISTRARS = DESK_ROLES | {Role.GRID_WORKER, Role.COUNCIL_MEMBER, Role.BRANCH_SECRETARY}
PARTY_LABELS = {MEDIATOR: "本案调解员", SUPERVISOR: "本案督导人", DESK: "受理窗口"}


CASE_SIDE = frozenset({MEDIATOR, SUPERVISOR})
# `who` names case parties; a refusal names them as the page does.
TRANSITIONS = Table(
    {
        "assign": Transition(
            "指派调解员",
            frozenset({State.REGISTERED}),
            State.ASSIGNED,
            frozenset({DESK, SUPERVISOR}),
            ("mediator_id",),
        ),
        "reassign": Transition(
            "更换调解员",
            frozenset({State.ASSIGNED, State.MEDIATING, State.FAILED}),
            None,
            frozenset({DESK, SUPERVISOR}),
            ("mediator_id",),
        ),
        "contact": Transition("首次联系", frozenset({State.ASSIGNED}), State.MEDIATING, CASE_SIDE),
        "session": Transition("调解会", frozenset({State.MEDIATING}), None, CASE_SIDE, ("note",)),
        "agree": Transition(
            "达成协议", frozenset({State.MEDIATING}), State.AGREED, CASE_SIDE, ("agreement",)
        ),
        "fail": Transition("调解不成", frozenset({State.MEDIATING}), State.FAILED, CASE_SIDE, ("note",)),
        # Straight from mediation to the court or an adviser counts as not settled by mediation.
        "refer_direct": Transition(
            "直接移交", frozenset({State.MEDIATING}), State.REFERRED, CASE_SIDE, ("referral_target",)
        ),
        "refer": Transition(
            "移交", frozenset({State.FAILED}), State.REFERRED, CASE_SIDE, ("referral_target",)
        ),
        "follow_up": Transition(
            "回访结案",
            frozenset({State.AGREED, State.REFERRED, State.FAILED}),
            State.CLOSED,
            CASE_SIDE,
            ("note",),
        ),
        "withdraw": Transition("撤回", OPEN_STATES, State.WITHDRAWN, CASE_SIDE | {DESK}, ("note",)),
    },
    states=State,
    noun="案件",
    denial="只有{who}可以{label}。",
    who_labels=PARTY_LABELS,
)


# The names pages and tests have always called; the engine does the work.
def state_label(state: str) -> str:
    return engine.state_label(State, state)


def available(state: str, parties: set[str] | frozenset[str] | None = None) -> list[str]:
    return engine.available(TRANSITIONS, state, parties)


def check(action: str, *, state: str, parties: set[str] | frozenset[str]) -> Transition:
    """Return the transition for `action`, or raise why it may not happen now (state before party)."""
    return engine.check(TRANSITIONS, action, state=state, roles=parties)
