"""The six steps of a safe-household assessment (平安家庭创建) in one table, testable without a database.

申请/提名 → 网格核查 → 议事会评议 → 公示 → 授牌 → 动态复核. Services hand an action and its
effects to the shared engine (gongzhi.core.workflow); `check()` decides whether it may happen at all.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core import workflow as engine
from gongzhi.core.workflow import Table, Transition
from gongzhi.people.roles import Role


class Criterion(models.TextChoices):
    """The five "no"s (五无) a safe household meets."""

    NO_LAW_BREAKING = "no_law_breaking", _("无违法犯罪")
    NO_DOMESTIC_VIOLENCE = "no_domestic_violence", _("无家庭暴力")
    NO_NEIGHBOUR_DISPUTE = "no_neighbour_dispute", _("无邻里纠纷")
    NO_CULT = "no_cult", _("无邪教")
    NO_HAZARD = "no_hazard", _("无安全隐患")


five_no_criteria = tuple(Criterion.values)


class State(models.TextChoices):
    APPLIED = "applied", _("已申请/已提名")  # step 1: the household applied or was nominated
    GRID_CHECKED = "grid_checked", _("网格核查通过")  # step 2: the grid worker checked the five "no"s
    REVIEWED = "reviewed", _("议事会评议通过")  # step 3: the council reviewed it
    NOTICE = "notice", _("公示中")  # step 4: public notice, open to objections
    AWARDED = "awarded", _("已授牌")  # step 5: plaque hung; step 6 re-checks keep it here
    REVOKED = "revoked", _("已摘牌")  # lost the status (re-check failed, or a dispute/demand recorded); final
    REJECTED = "rejected", _("未通过")  # stopped before the award; final


class Plaque(models.TextChoices):
    NONE = "none", _("未挂牌")
    HUNG = "hung", _("已挂牌")
    WITHDRAWN = "withdrawn", _("已摘牌")


class Origin(models.TextChoices):
    APPLIED = "applied", _("自主申请")
    NOMINATED = "nominated", _("推荐提名")


FINAL_STATES = frozenset({State.REVOKED, State.REJECTED})
IN_PROGRESS = frozenset({State.APPLIED, State.GRID_CHECKED, State.REVIEWED, State.NOTICE})
NOTICE_DAYS = 7  # 公示期
RECHECK_DAYS = 365  # 动态复核: at least once a year

CHECKERS = frozenset({Role.GRID_WORKER, Role.COMMUNITY_WORKER})
REVIEWERS = frozenset({Role.COUNCIL_MEMBER, Role.BRANCH_SECRETARY, Role.COMMUNITY_WORKER})
DESK = frozenset({Role.COMMUNITY_WORKER, Role.STREET_OFFICIAL, Role.DISTRICT_OFFICIAL, Role.CITY_ADMIN})
APPLICANTS = frozenset({Role.RESIDENT, *CHECKERS, *REVIEWERS})


def _notice_over(assessment) -> str | None:
    from gongzhi.core.periods import today

    if assessment.notice_until and today() < assessment.notice_until:
        return f"公示期到 {assessment.notice_until:%Y-%m-%d} 才结束，期满无异议后才能授牌。"
    return None


TRANSITIONS = Table(
    {
        # The five "no"s must all hold; a failed check is a 不通过 (reject) with a note.
        "grid_check": Transition(
            "网格核查", frozenset({State.APPLIED}), State.GRID_CHECKED, CHECKERS, requires=("criteria",)
        ),
        "review": Transition("议事会评议", frozenset({State.GRID_CHECKED}), State.REVIEWED, REVIEWERS),
        "publish": Transition("公示", frozenset({State.REVIEWED}), State.NOTICE, DESK),
        "award": Transition("授牌", frozenset({State.NOTICE}), State.AWARDED, DESK, guard=_notice_over),
        "recheck": Transition(
            "动态复核", frozenset({State.AWARDED}), State.AWARDED, CHECKERS, requires=("criteria",)
        ),
        "revoke": Transition(
            "摘牌", frozenset({State.AWARDED}), State.REVOKED, CHECKERS | DESK, requires=("note",)
        ),
        "reject": Transition(
            "不通过", IN_PROGRESS, State.REJECTED, CHECKERS | REVIEWERS | DESK, requires=("note",)
        ),
    },
    states=State,
    noun="评定",
)


# The names pages and tests have always called; the engine does the work.
def state_label(state: str) -> str:
    return engine.state_label(State, state)


def available(state: str, roles: set[str] | frozenset[str] | None = None) -> list[str]:
    return engine.available(TRANSITIONS, state, roles)


def check(action: str, *, state: str, roles: set[str] | frozenset[str], assessment=None) -> Transition:
    """Return the transition for `action`, or raise why it may not happen now (state before role)."""
    return engine.check(TRANSITIONS, action, state=state, roles=roles, subject=assessment)


def criteria_problem(criteria) -> str | None:
    """Say what is wrong with a five-"no" checklist, or None when every criterion is met."""
    if not isinstance(criteria, dict) or set(criteria) != set(five_no_criteria):
        return "请逐项填写「五无」核查结果：" + "、".join(str(c.label) for c in Criterion) + "。"
    failed = [str(Criterion(c).label) for c in five_no_criteria if not criteria[c]]
    if failed:
        return f"未达到：{'、'.join(failed)}。请选择「不通过」或「摘牌」并说明理由。"
    return None
