"""Review → publish → appeal → uphold or correct (a new version, the old one readable); who may; who sees."""

from decimal import Decimal

import pytest

from gongzhi.assessment import workflow
from gongzhi.assessment.models import Appeal, Grade, Indicator, Result, SchemeVersion
from gongzhi.assessment.schemes import SubjectKind
from gongzhi.assessment.selectors import result_get, result_versions, result_visible
from gongzhi.assessment.services import (
    manual_score_enter,
    result_transition,
    results_bulk_transition,
    scheme_run,
)
from gongzhi.assessment.tests.conftest import make_scheme
from gongzhi.assessment.workflow import AppealState, State
from gongzhi.core.errors import Conflict, NotFound, PermissionDenied
from gongzhi.core.figures import Value
from gongzhi.core.workflow import reachable

pytestmark = pytest.mark.django_db


def test_every_state_is_reachable_and_only_the_assessed_party_appeals():
    assert workflow.TRANSITIONS.keys() >= {"review", "publish", "appeal", "uphold", "correct"}
    assert reachable(workflow.TRANSITIONS, State.COMPUTED) == set(State.values)
    assert workflow.available(State.PUBLISHED, {workflow.ASSESSOR}) == []
    assert workflow.available(State.PUBLISHED, {workflow.ASSESSED}) == ["appeal"]


@pytest.fixture
def published(scheme, orgs, cast, clock):
    manual_score_enter(
        actor=cast["street_a"], scheme_code="test-branch", indicator_code="life", period_key="2024",
        subject_id=orgs["a"].pk, value=85, note="组织生活会 10 次",
    )  # fmt: skip
    scheme_run(actor=None, scheme_code="test-branch", period_key="2024")
    assert (
        results_bulk_transition(
            actor=cast["street_a"], scheme_code="test-branch", period_key="2024", action="review"
        )
        == 2
    )
    assert (
        results_bulk_transition(
            actor=cast["street_a"], scheme_code="test-branch", period_key="2024", action="publish"
        )
        == 2
    )
    return Result.objects.get(subject_id=orgs["a"].pk)


def test_an_appeal_corrected_makes_a_new_published_version_and_keeps_the_old_one_readable(
    published, cast, orgs
):
    line = published.lines.get(code="life")
    result_transition(
        actor=cast["secretary_a"],
        result_id=published.pk,
        action="appeal",
        line_id=line.pk,
        reason="漏记两次主题党日",
    )
    assert Result.objects.get(pk=published.pk).state == State.APPEALED
    new = result_transition(
        actor=cast["street_a"],
        result_id=published.pk,
        action="correct",
        points=20,
        reason="核实补记，按 90 分档",
    )
    # then the correction is a new version, published, with the reason; the grade follows the new score
    assert (new.number, new.state, new.current, new.score, new.grade) == (
        2,
        State.PUBLISHED,
        True,
        Decimal("32.2"),
        "5",
    )
    assert "申诉更正" in new.reason and "核实补记" in new.reason
    fixed = new.lines.get(code="life")
    assert fixed.corrected and fixed.points == 20 and "经申诉复核更正为 20.0 分" in fixed.explanation
    old = result_get(actor=cast["secretary_a"], result_id=published.pk)
    assert (old.current, old.state, old.score, old.lines.get(code="life").points) == (
        False, State.SUPERSEDED, Decimal("27.2"), Decimal(15),
    )  # fmt: skip
    assert [r.number for r in result_versions(result=old)] == [1, 2]
    appeal = Appeal.objects.get()
    assert (appeal.state, appeal.corrected_result, appeal.decided_by) == (
        AppealState.CORRECTED,
        new,
        cast["street_a"],
    )
    assert [e.action for e in old.events.all()] == ["compute", "review", "publish", "appeal", "correct"]
    # and a later run keeps the corrected version: its inputs did not change
    assert scheme_run(actor=None, scheme_code="test-branch", period_key="2024").changed == 0


def test_an_appeal_upheld_goes_back_to_published_with_the_reason(published, cast):
    line = published.lines.get(code="resolution")
    result_transition(
        actor=cast["secretary_a"],
        result_id=published.pk,
        action="appeal",
        line_id=line.pk,
        reason="办结率统计有误",
    )
    r = result_transition(
        actor=cast["street_a"], result_id=published.pk, action="uphold", reason="经核对统计无误"
    )
    assert (r.state, r.number, Appeal.objects.get().state) == (State.PUBLISHED, 1, AppealState.UPHELD)
    assert r.events.last().note == "经核对统计无误"


def test_who_may_take_which_step(published, cast):
    line = published.lines.first()
    # an assessor cannot appeal, the assessed party cannot decide, a colleague neither
    with pytest.raises(PermissionDenied):
        result_transition(
            actor=cast["street_a"], result_id=published.pk, action="appeal", line_id=line.pk, reason="x"
        )
    with pytest.raises(PermissionDenied):
        result_transition(
            actor=cast["worker_a"], result_id=published.pk, action="appeal", line_id=line.pk, reason="x"
        )
    result_transition(
        actor=cast["secretary_a"], result_id=published.pk, action="appeal", line_id=line.pk, reason="x"
    )
    with pytest.raises(PermissionDenied):
        result_transition(
            actor=cast["secretary_a"], result_id=published.pk, action="uphold", reason="自己维持"
        )
    with pytest.raises(Conflict):
        result_transition(actor=cast["street_a"], result_id=published.pk, action="publish")
    # out of scope answers like a missing result
    with pytest.raises(NotFound):
        result_transition(actor=cast["street_b"], result_id=published.pk, action="uphold", reason="x")
    with pytest.raises(NotFound):
        result_transition(actor=cast["street_a"], result_id=999999, action="uphold", reason="x")


def test_a_persons_card_is_seen_by_them_and_the_levels_above_not_by_colleagues(
    tree, orgs, fake_figures, cast, clock
):
    s = make_scheme(code="test-card", kind=SubjectKind.SECRETARY, period_kind="half", name="测试亮牌")
    v = SchemeVersion.objects.create(scheme=s, number=1)
    Indicator.objects.create(
        version=v,
        code="r",
        name="办结率",
        weight=100,
        figure_key="testassess.resolution",
        rule="linear",
        target=95,
        floor=60,
        no_data_points=50,
    )
    for code, low in [("green", 85), ("yellow", 70), ("red", 0)]:
        Grade.objects.create(version=v, code=code, label=code, min_score=low)
    fake_figures.values = {tree["community_a"].pk: {"testassess.resolution": Value(0.9, 90, 100)}}
    scheme_run(actor=None, scheme_code="test-card", period_key="2024H2")
    card = Result.objects.get(subject_id=orgs["a"].pk)
    assert card.subject_name == "张建国"

    def sees(user):
        return result_visible(actor=user).filter(pk=card.pk).exists()

    assert sees(cast["secretary_a"])  # the carded secretary
    assert sees(cast["street_a"]) and sees(cast["district_a"]) and sees(cast["city"])  # the levels above
    assert not sees(cast["worker_a"])  # a colleague at the same community
    assert not sees(cast["street_b"]) and not sees(cast["resident"])


def test_a_recomputed_result_closes_its_open_appeal(published, cast, fake_figures, tree):
    line = published.lines.get(code="resolution")
    result_transition(
        actor=cast["secretary_a"], result_id=published.pk, action="appeal", line_id=line.pk, reason="统计有误"
    )
    fake_figures.values[tree["community_a"].pk]["testassess.resolution"] = Value(0.966, 28, 29)
    assert scheme_run(actor=None, scheme_code="test-branch", period_key="2024").changed == 1
    appeal = Appeal.objects.get()
    assert appeal.state == AppealState.CLOSED and "重新计算" in appeal.decision
    new = Result.objects.get(subject_id=published.subject_id, current=True)
    assert (new.number, new.state) == (2, State.COMPUTED)
