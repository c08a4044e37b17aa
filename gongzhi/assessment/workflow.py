"""The life of an assessment result (考评结果) in one table, testable without a database.

计算 → 审核 → 公布 → 申诉 → 维持（再公布）或更正（新版本，公布）.

`who` names parties to the result, not only roles: "assessor" is staff at the levels above
the assessed subject (街道 for community subjects, 区县 for street subjects, 市), "assessed"
the assessed party (the worker's own account, the branch secretary on that territory).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core import workflow as engine
from gongzhi.core.workflow import Table, Transition


class State(models.TextChoices):
    COMPUTED = "computed", _("待审核")  # computed by a run; an assessor has not looked yet
    REVIEWED = "reviewed", _("已审核")  # an assessor checked it; waiting to be published
    PUBLISHED = "published", _("已公布")  # published; the assessed party may appeal
    APPEALED = "appealed", _("申诉中")  # the assessed party appealed an indicator; a reviewer decides
    SUPERSEDED = "superseded", _("已被新版本取代")  # an older version, kept readable


class AppealState(models.TextChoices):
    OPEN = "open", _("待复核")
    UPHELD = "upheld", _("维持原结果")
    CORRECTED = "corrected", _("已更正")
    CLOSED = "closed", _("因重新计算关闭")  # the inputs changed and the result was computed again


class SelectionState(models.TextChoices):
    NOMINATING = "nominating", _("提名中")  # candidates listed; nominations open
    VOTING = "voting", _("投票中")  # committee members vote
    PUBLISHED = "published", _("已公布")  # the ten are selected and on the residents' board


ASSESSOR = "assessor"
ASSESSED = "assessed"
PARTY_LABELS = {ASSESSOR: "考核人（上级）", ASSESSED: "被考核方"}

TRANSITIONS = Table(
    {
        "review": Transition("审核", frozenset({State.COMPUTED}), State.REVIEWED, frozenset({ASSESSOR})),
        "publish": Transition("公布", frozenset({State.REVIEWED}), State.PUBLISHED, frozenset({ASSESSOR})),
        "appeal": Transition(
            "申诉", frozenset({State.PUBLISHED}), State.APPEALED, frozenset({ASSESSED}), ("reason",)
        ),
        "uphold": Transition(
            "维持原结果", frozenset({State.APPEALED}), State.PUBLISHED, frozenset({ASSESSOR}), ("reason",)
        ),
        # The corrected result is a new version, published; this one is kept, superseded.
        "correct": Transition(
            "更正", frozenset({State.APPEALED}), State.SUPERSEDED, frozenset({ASSESSOR}), ("reason", "points")
        ),
        # A run found changed inputs: a new computed version replaces this one. The platform's step
        # (the run checks who may run), never a button.
        "recompute": Transition(
            "重新计算",
            frozenset({State.COMPUTED, State.REVIEWED, State.PUBLISHED, State.APPEALED}),
            State.SUPERSEDED,
            frozenset(),
        ),
    },
    states=State,
    noun="考评结果",
    denial="只有{who}可以{label}。",
    who_labels=PARTY_LABELS,
)

SELECTION_TRANSITIONS = Table(
    {
        "open_vote": Transition(
            "开始投票", frozenset({SelectionState.NOMINATING}), SelectionState.VOTING, frozenset({ASSESSOR})
        ),
        "publish": Transition(
            "计票并公布", frozenset({SelectionState.VOTING}), SelectionState.PUBLISHED, frozenset({ASSESSOR})
        ),
    },
    states=SelectionState,
    noun="评选",
    denial="只有{who}可以{label}。",
    who_labels=PARTY_LABELS,
)


def state_label(state: str) -> str:
    return engine.state_label(State, state)


def available(state: str, parties: set[str] | frozenset[str] | None = None) -> list[str]:
    return engine.available(TRANSITIONS, state, parties)


def check(action: str, *, state: str, parties: set[str] | frozenset[str]) -> Transition:
    """Return the transition for `action`, or raise why it may not happen now."""
    return engine.check(TRANSITIONS, action, state=state, roles=parties)
