"""The two deliberation procedures as explicit step tables, testable without a database.

"六事" (six_steps): 百姓点事 → 两委提事 → 居民议事 → 与会决事 → 多元办事 → 公众评事.
"四议两公开" (four_deliberations): 党支部会提议 → 两委会商议 → 党员大会审议 → 村民代表会议决议
→ 决议公开 → 组织实施 → 实施结果公开 → 公众评事.

A step is taken by its action, only when it is the step due, only by the roles the table
names and only when what it requires has happened (a passed vote of the right body, a
published notice). Each procedure runs on the shared engine as a `StepTable` whose guards
read the topic's `Facts`; `check()` says in Chinese which step is due when another is tried.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core import workflow as engine
from gongzhi.core.errors import ApplicationError, Conflict, ValidationFailed
from gongzhi.people.roles import Role


class Procedure(models.TextChoices):
    SIX_STEPS = "six_steps", _("六事")  # 百姓点事、两委提事、居民议事、与会决事、多元办事、公众评事
    FOUR_DELIBERATIONS = "four_deliberations", _("四议两公开")  # villages and any 三重一大 matter


class Step(models.TextChoices):
    RAISED = "raised", _("百姓点事")  # raised by residents, a council or the committees; the start of both
    PROPOSED = "proposed", _("两委提事")  # the two committees took it up as a topic
    DELIBERATING = "deliberating", _("居民议事")  # residents and the council discuss it
    BRANCH_PROPOSED = "branch_proposed", _("党支部会提议")  # the branch committee proposed it
    COMMITTEES_DISCUSSED = "committees_discussed", _("两委会商议")  # the two committees agreed on a plan
    MEMBERS_REVIEWED = "members_reviewed", _("党员大会审议")  # the party members' meeting approved it
    DECIDED = "decided", _("与会决事")  # a meeting decided, with its quorum and majority
    RESOLUTION_PUBLISHED = "resolution_published", _("决议公开")  # the resolution is on the public board
    IMPLEMENTING = "implementing", _("多元办事")  # several parties carry it out
    RESULT_PUBLISHED = "result_published", _("实施结果公开")  # the result is on the public board
    EVALUATED = "evaluated", _("公众评事")  # the public's rating is in; the topic is done


class Body(models.TextChoices):
    """The bodies that meet and vote; each has its own quorum rule (quorum.py)."""

    COUNCIL = "council", _("议事会/理事会")
    RESIDENTS = "residents", _("居民（村民）议事会议")
    BRANCH = "branch", _("党支部委员会")
    COMMITTEES = "committees", _("两委联席会议")
    PARTY_MEMBERS = "party_members", _("党员大会")
    REPRESENTATIVES = "representatives", _("村（居）民代表会议")


class PublicationKind(models.TextChoices):
    RESOLUTION = "resolution", _("决议公开")
    RESULT = "result", _("实施结果公开")
    NOTICE = "notice", _("公告")


# 两委: the party branch committee and the residents'/villagers' committee, and the levels above
# that stand in for them.
COMMITTEES = frozenset(
    {
        Role.COMMUNITY_WORKER,
        Role.BRANCH_SECRETARY,
        Role.STREET_OFFICIAL,
        Role.DISTRICT_OFFICIAL,
        Role.CITY_ADMIN,
    }
)
RAISERS = frozenset(COMMITTEES | {Role.RESIDENT, Role.COUNCIL_MEMBER, Role.GRID_WORKER})
DELIBERATORS = frozenset(COMMITTEES | {Role.COUNCIL_MEMBER})


@dataclass(frozen=True)
class Requirement:
    """What must have happened before a step may be taken."""

    kind: str  # "vote": a passed vote of one of `bodies`; "publication": a published notice of `publication`
    bodies: frozenset[str] = frozenset()
    publication: str = ""

    def met(self, facts: Facts) -> bool:
        if self.kind == "vote":
            return bool(self.bodies & facts.passed_bodies)
        return self.publication in facts.published_kinds

    def message(self, step_label: str) -> str:
        if self.kind == "vote":
            names = "或".join(f"「{Body(b).label}」" for b in sorted(self.bodies))
            return (
                f"还没有{names}通过本议题的表决（须达到法定人数和多数），不能进入「{step_label}」。"
                "请先召开会议并完成表决。"
            )
        return f"还没有在公开栏发布「{PublicationKind(self.publication).label}」，不能进入「{step_label}」。"


@dataclass(frozen=True)
class Facts:
    """What has happened to a topic, as the service reads it from the database."""

    passed_bodies: frozenset[str] = frozenset()
    published_kinds: frozenset[str] = frozenset()


@dataclass(frozen=True)
class StepDef:
    step: str
    label: str
    action: str  # the action that takes the topic into this step ("" for the first step)
    action_label: str
    who: frozenset[str]
    requires: tuple[Requirement, ...] = ()


@dataclass(frozen=True)
class ProcedureDef:
    procedure: str
    label: str
    steps: tuple[StepDef, ...] = field(default_factory=tuple)

    def index(self, step: str) -> int:
        for i, s in enumerate(self.steps):
            if s.step == step:
                return i
        raise ValidationFailed(f"「{self.label}」程序没有「{step}」这一步。")

    def by_action(self, action: str) -> StepDef | None:
        return next((s for s in self.steps if s.action == action), None)

    def next_step(self, step: str) -> StepDef | None:
        i = self.index(step)
        return self.steps[i + 1] if i + 1 < len(self.steps) else None

    def label_of(self, step: str) -> str:
        return next((s.label for s in self.steps if s.step == step), step)


def _vote(*bodies: str) -> Requirement:
    return Requirement("vote", bodies=frozenset(bodies))


def _published(kind: str) -> Requirement:
    return Requirement("publication", publication=kind)


SIX_STEPS = ProcedureDef(
    Procedure.SIX_STEPS,
    "六事",
    (
        StepDef(Step.RAISED, "百姓点事", "", "提出议题", RAISERS),
        StepDef(Step.PROPOSED, "两委提事", "propose", "两委提事", COMMITTEES),
        StepDef(Step.DELIBERATING, "居民议事", "deliberate", "组织居民议事", DELIBERATORS),
        StepDef(
            Step.DECIDED,
            "与会决事",
            "decide",
            "与会决事",
            DELIBERATORS,
            (_vote(Body.COUNCIL, Body.RESIDENTS, Body.REPRESENTATIVES),),
        ),
        StepDef(Step.IMPLEMENTING, "多元办事", "implement", "多元办事", COMMITTEES),
        StepDef(
            Step.EVALUATED,
            "公众评事",
            "evaluate",
            "公众评事",
            COMMITTEES,
            (_published(PublicationKind.RESULT),),
        ),
    ),
)

FOUR_DELIBERATIONS = ProcedureDef(
    Procedure.FOUR_DELIBERATIONS,
    "四议两公开",
    (
        StepDef(Step.RAISED, "提出议题", "", "提出议题", RAISERS),
        StepDef(
            Step.BRANCH_PROPOSED,
            "党支部会提议",
            "branch_propose",
            "党支部会提议",
            COMMITTEES,
            (_vote(Body.BRANCH),),
        ),
        StepDef(
            Step.COMMITTEES_DISCUSSED,
            "两委会商议",
            "committees_discuss",
            "两委会商议",
            COMMITTEES,
            (_vote(Body.COMMITTEES),),
        ),
        StepDef(
            Step.MEMBERS_REVIEWED,
            "党员大会审议",
            "members_review",
            "党员大会审议",
            COMMITTEES,
            (_vote(Body.PARTY_MEMBERS),),
        ),
        StepDef(
            Step.DECIDED,
            "村民代表会议决议",
            "decide",
            "村民代表会议决议",
            COMMITTEES,
            (_vote(Body.REPRESENTATIVES),),
        ),
        StepDef(
            Step.RESOLUTION_PUBLISHED,
            "决议公开",
            "publish_resolution",
            "决议公开",
            COMMITTEES,
            (_published(PublicationKind.RESOLUTION),),
        ),
        StepDef(Step.IMPLEMENTING, "组织实施", "implement", "组织实施", COMMITTEES),
        StepDef(
            Step.RESULT_PUBLISHED,
            "实施结果公开",
            "publish_result",
            "实施结果公开",
            COMMITTEES,
            (_published(PublicationKind.RESULT),),
        ),
        StepDef(Step.EVALUATED, "公众评事", "evaluate", "公众评事", COMMITTEES),
    ),
)

PROCEDURES: dict[str, ProcedureDef] = {p.procedure: p for p in (SIX_STEPS, FOUR_DELIBERATIONS)}
# The step after which the decision stands: the demand that waited on it resumes here.
DECIDED_STEP = Step.DECIDED
# The step that ends implementation (counted as "implemented" in the figures).
IMPLEMENTED_STEPS = {Procedure.SIX_STEPS: Step.EVALUATED, Procedure.FOUR_DELIBERATIONS: Step.RESULT_PUBLISHED}


def procedure_of(procedure: str) -> ProcedureDef:
    try:
        return PROCEDURES[procedure]
    except KeyError:
        raise ValidationFailed(
            f"未知的议事程序「{procedure}」，应为 六事（six_steps）或 四议两公开（four_deliberations）。"
        )


def step_label(procedure: str, step: str) -> str:
    return PROCEDURES[procedure].label_of(step) if procedure in PROCEDURES else step


def due(procedure: str, step: str) -> StepDef | None:
    """Return the step due after `step`, or None when the procedure is complete."""
    return procedure_of(procedure).next_step(step)


@dataclass(frozen=True, eq=False)
class StepTable(engine.Table):
    """A procedure as an engine table: each action leads from the step before its own, and only then.

    The refusals speak of the step that is due, since a procedure is a line and not a graph.
    """

    procedure: ProcedureDef | None = None
    denial: str = "您的角色不能进行「{label}」。"

    def unknown(self, action: str) -> ApplicationError:
        proc = self.procedure
        known = "、".join(f"{s.action_label}（{s.action}）" for s in proc.steps if s.action)
        return ValidationFailed(
            f"「{proc.label}」程序没有「{action}」这一步。可用的步骤：{known}。", code="unknown_action"
        )

    def illegal(self, action: str, t: engine.Transition, state: str) -> ApplicationError:
        proc = self.procedure
        target = proc.by_action(action)
        nxt = proc.next_step(state)
        current = proc.label_of(state)
        if nxt is None:
            return Conflict(
                f"议题已完成「{proc.label}」的全部步骤（当前：{current}），不能再{target.action_label}。",
                code="illegal_transition",
                extra={"step": state, "due": None},
            )
        done = proc.index(target.step) <= proc.index(state)
        what = "这一步已经完成" if done else "不能跳过或提前进行"
        return Conflict(
            f"议题当前处于「{current}」，下一步应为「{nxt.label}」，{what}，不能进行「{target.label}」。",
            code="illegal_transition",
            extra={"step": state, "due": nxt.step, "due_action": nxt.action},
        )

    def guard_failed(self, action: str, t: engine.Transition, state: str, problem: str) -> ApplicationError:
        return Conflict(problem, code="requirement_missing", extra={"step": state})


def _unmet(step: StepDef, facts: Facts) -> str | None:
    """Say what has not happened yet that `step` requires, or None."""
    return next((req.message(step.label) for req in step.requires if not req.met(facts)), None)


def _table(proc: ProcedureDef) -> StepTable:
    return StepTable(
        {
            s.action: engine.Transition(
                s.action_label,
                frozenset({before.step}),
                s.step,
                s.who,
                guard=partial(_unmet, s) if s.requires else None,
            )
            for before, s in pairwise(proc.steps)
        },
        states={s.step: s.label for s in proc.steps},
        procedure=proc,
    )


TABLES: dict[str, StepTable] = {p: _table(proc) for p, proc in PROCEDURES.items()}


def table_of(procedure: str) -> StepTable:
    return TABLES[procedure_of(procedure).procedure]


def available(procedure: str, step: str, roles: set[str] | frozenset[str] | None = None) -> list[str]:
    """List the actions that may be taken now (the due step's action, when the roles allow it)."""
    procedure_of(procedure).index(step)  # a step the procedure lacks is an error, not "nothing due"
    return engine.available(table_of(procedure), step, roles)


def check(
    action: str,
    *,
    procedure: str,
    step: str,
    roles: set[str] | frozenset[str],
    facts: Facts | None = None,
) -> StepDef:
    """Return the step `action` leads to, or raise why it may not be taken now."""
    table = table_of(procedure)
    engine.check(table, action, state=step, roles=roles, subject=facts or Facts())
    return table.procedure.by_action(action)


def steps_of(procedure: str) -> list[tuple[str, str]]:
    return [(s.step, s.label) for s in procedure_of(procedure).steps]


# What the timeline calls each action that is not a step of the tables.
EVENT_LABELS = {
    "raise": "提出议题",
    "agenda": "列入会议议程",
    "meeting_held": "会议召开",
    "minutes": "更新会议记录",
    "vote_open": "发起表决",
    "vote_close": "计票",
    "publish": "公开栏发布",
    "correct": "更正公告",
    "comment": "居民评论",
    "demand_resume": "来源诉求恢复办理",
    "demand_wait": "来源诉求待处理",
}


def event_label(procedure: str, action: str) -> str:
    step = PROCEDURES[procedure].by_action(action) if procedure in PROCEDURES and action else None
    return step.action_label if step else EVENT_LABELS.get(action, action)
