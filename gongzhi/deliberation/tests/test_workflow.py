"""The step tables, the quorum rules and the recurrence rules, without a database."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from gongzhi.core.errors import Conflict, PermissionDenied, ValidationFailed
from gongzhi.deliberation import quorum, recurrence, workflow
from gongzhi.deliberation.workflow import Body, Facts, Procedure, PublicationKind, Step
from gongzhi.people.roles import Role

COMMITTEE = {Role.COMMUNITY_WORKER}
EVERYTHING = Facts(passed_bodies=frozenset(Body.values), published_kinds=frozenset(PublicationKind.values))


@pytest.mark.parametrize("procedure", Procedure.values)
def test_each_procedure_is_walked_through_step_by_step_to_the_public_evaluation(procedure):
    step = Step.RAISED
    taken = []
    while (nxt := workflow.due(procedure, step)) is not None:
        step = workflow.check(
            nxt.action, procedure=procedure, step=step, roles=COMMITTEE, facts=EVERYTHING
        ).step
        taken.append(step)
    assert taken[-1] == Step.EVALUATED
    assert Step.DECIDED in taken
    assert len(taken) == (5 if procedure == Procedure.SIX_STEPS else 8)


def test_six_steps_are_the_six_of_the_glossary():
    assert [s for s, _ in workflow.steps_of(Procedure.SIX_STEPS)] == [
        "raised",
        "proposed",
        "deliberating",
        "decided",
        "implementing",
        "evaluated",
    ]


def test_skipping_a_step_names_the_step_that_is_due():
    with pytest.raises(Conflict) as exc:
        workflow.check(
            "decide", procedure=Procedure.SIX_STEPS, step=Step.PROPOSED, roles=COMMITTEE, facts=EVERYTHING
        )
    assert "下一步应为「居民议事」" in exc.value.message
    assert "不能跳过" in exc.value.message
    assert exc.value.extra["due_action"] == "deliberate"


def test_four_deliberations_cannot_decide_before_the_party_members_review():
    with pytest.raises(Conflict) as exc:
        workflow.check(
            "decide",
            procedure=Procedure.FOUR_DELIBERATIONS,
            step=Step.COMMITTEES_DISCUSSED,
            roles=COMMITTEE,
            facts=EVERYTHING,
        )
    assert "「党员大会审议」" in exc.value.message


def test_a_step_done_already_is_not_done_twice():
    with pytest.raises(Conflict) as exc:
        workflow.check("propose", procedure=Procedure.SIX_STEPS, step=Step.DELIBERATING, roles=COMMITTEE)
    assert "已经完成" in exc.value.message


def test_a_finished_topic_takes_no_more_steps():
    with pytest.raises(Conflict, match="全部步骤"):
        workflow.check("evaluate", procedure=Procedure.SIX_STEPS, step=Step.EVALUATED, roles=COMMITTEE)


def test_a_step_of_the_other_procedure_is_unknown():
    with pytest.raises(ValidationFailed, match="没有「deliberate」"):
        workflow.check(
            "deliberate", procedure=Procedure.FOUR_DELIBERATIONS, step=Step.RAISED, roles=COMMITTEE
        )


def test_deciding_needs_a_passed_vote_of_the_right_body():
    party_only = Facts(passed_bodies=frozenset({Body.PARTY_MEMBERS}))
    with pytest.raises(Conflict, match="村（居）民代表会议"):
        workflow.check(
            "decide",
            procedure=Procedure.FOUR_DELIBERATIONS,
            step=Step.MEMBERS_REVIEWED,
            roles=COMMITTEE,
            facts=party_only,
        )


def test_a_resident_raises_but_does_not_propose():
    with pytest.raises(PermissionDenied):
        workflow.check("propose", procedure=Procedure.SIX_STEPS, step=Step.RAISED, roles={Role.RESIDENT})
    assert workflow.available(Procedure.SIX_STEPS, Step.RAISED, {Role.RESIDENT}) == []
    assert workflow.available(Procedure.SIX_STEPS, Step.RAISED, COMMITTEE) == ["propose"]


REPS = quorum.DEFAULT_RULES[Body.REPRESENTATIVES]


@pytest.mark.parametrize(
    ("roll", "present", "for_", "passed", "why"),
    [
        (30, 20, 11, True, ""),  # two thirds present (20 of 30), 11 of 20 for
        (30, 19, 19, False, "quorum"),  # 19 < 20
        (30, 20, 10, False, "majority"),  # exactly half of those present is not a majority
        (9, 6, 4, True, ""),
        (0, 0, 0, False, "quorum"),
    ],
)
def test_representatives_need_two_thirds_present_and_a_majority_of_those_present(
    roll, present, for_, passed, why
):
    outcome = quorum.decide(
        rule=REPS, roll=roll, present=present, for_=for_, against=0, abstain=present - for_
    )
    assert (outcome.passed, outcome.reason_code) == (passed, why)
    if not passed:
        assert "不作决定" in outcome.reason


def test_party_members_majority_is_counted_on_the_whole_roll():
    rule = quorum.DEFAULT_RULES[Body.PARTY_MEMBERS]
    # 10 members, 6 present, all 6 for: 6 > 5 passes; 5 for does not.
    assert quorum.decide(rule=rule, roll=10, present=6, for_=6, against=0, abstain=0).passed
    assert not quorum.decide(rule=rule, roll=10, present=6, for_=5, against=1, abstain=0).passed
    assert rule.quorum == Fraction(1, 2) and rule.quorum_strict


def test_four_day_meetings_fall_on_every_date_with_a_four():
    tz = ZoneInfo("Asia/Shanghai")
    first = dt.datetime(2026, 1, 1, 9, tzinfo=tz)
    times = recurrence.occurrences(
        rule=recurrence.PRESETS[recurrence.MeetingKind.FOUR_DAY],
        first=first,
        start=first,
        end=dt.datetime(2026, 2, 28, tzinfo=tz),
    )
    assert [t.day for t in times] == [4, 14, 24, 4, 14, 24]
    assert all("4" in str(t.day) for t in times)


def test_weekly_and_monthly_meetings_and_a_bad_rule():
    tz = ZoneInfo("Asia/Shanghai")
    first = dt.datetime(2026, 3, 1, 19, tzinfo=tz)
    end = dt.datetime(2026, 3, 31, 23, tzinfo=tz)
    weekly = recurrence.occurrences(rule=recurrence.PRESETS["weekly"], first=first, start=first, end=end)
    assert [t.weekday() for t in weekly] == [0] * 5
    monthly = recurrence.occurrences(
        rule=recurrence.PRESETS["monthly_day"], first=first, start=first, end=end
    )
    assert [t.day for t in monthly] == [15]
    with pytest.raises(ValidationFailed, match="无法识别"):
        recurrence.occurrences(rule="FREQ=SOMETIMES", first=first, start=first, end=end)
