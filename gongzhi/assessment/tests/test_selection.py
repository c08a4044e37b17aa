"""十佳书记评选: top scorers stand (no red card), one vote per member per candidate, most votes win, ties by score."""

from decimal import Decimal

import pytest

from gongzhi.assessment.models import Candidate, Grade, Indicator, Result, SchemeVersion
from gongzhi.assessment.schemes import SubjectKind
from gongzhi.assessment.services import (
    scheme_run,
    selection_add_members,
    selection_create,
    selection_nominate,
    selection_transition,
    selection_vote,
)
from gongzhi.assessment.tests.conftest import make_scheme
from gongzhi.assessment.workflow import SelectionState
from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.figures import Value
from gongzhi.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cards(tree, orgs, fake_figures, clock):
    """Three secretaries carded for both halves of 2024: A and B at 90 and 92, 甲村 at 80 and 82."""
    s = make_scheme(code="test-card", kind=SubjectKind.SECRETARY, period_kind="half", name="测试亮牌")
    v = SchemeVersion.objects.create(scheme=s, number=1)
    Indicator.objects.create(
        version=v,
        code="r",
        name="办结率",
        weight=100,
        figure_key="testassess.resolution",
        rule="linear",
        target=100,
        floor=0,
    )
    for code, low in [("green", 85), ("yellow", 70), ("red", 0)]:
        Grade.objects.create(version=v, code=code, label=code, min_score=low)
    t = tree
    values = {t["community_a"].pk: 0.9, t["community_b"].pk: 0.9, t["village_a"].pk: 0.8}
    for half, bump in (("2024H1", 0.0), ("2024H2", 0.02)):
        fake_figures.values = {
            pk: {"testassess.resolution": Value(v + bump, round((v + bump) * 100), 100)}
            for pk, v in values.items()
        }
        scheme_run(actor=None, scheme_code="test-card", period_key=half)
    return s


def test_candidates_are_the_top_scorers_without_a_red_card(cards, cast, tree, orgs):
    Result.objects.filter(subject_id=orgs["v"].pk, period_key="2024H1").update(grade="red")
    s = selection_create(
        actor=cast["city"], territory_id=tree["city"].pk, year="2024", scheme_code="test-card", seats=1
    )
    got = list(s.candidates.order_by("rank").values_list("name", "score", "rank"))
    # A and B both average 91.0: equal scores stand by name
    assert got == [("张建国", Decimal("91.0"), 1), ("李秀英", Decimal("91.0"), 2)]
    with pytest.raises(Conflict):
        selection_create(
            actor=cast["city"], territory_id=tree["city"].pk, year="2024", scheme_code="test-card"
        )
    with pytest.raises(ValidationFailed):
        selection_create(
            actor=cast["city"], territory_id=tree["city"].pk, year="2024H1", scheme_code="test-card"
        )
    with pytest.raises(NotFound):
        selection_create(
            actor=cast["street_b"], territory_id=tree["street_a"].pk, year="2024", scheme_code="test-card"
        )


def test_votes_one_per_member_per_candidate_ties_broken_by_score(cards, cast, tree, orgs):
    s = selection_create(
        actor=cast["city"], territory_id=tree["city"].pk, year="2024", scheme_code="test-card", seats=2
    )
    a, b, v = s.candidates.order_by("rank")
    m1, m2 = UserFactory(username="m1"), UserFactory(username="m2")
    with pytest.raises(ValidationFailed):
        selection_transition(actor=cast["city"], selection_id=s.pk, action="open_vote")  # no committee yet
    selection_add_members(actor=cast["city"], selection_id=s.pk, user_ids=[m1.pk, m2.pk])
    selection_nominate(actor=m1, candidate_id=v.pk, reason="村集体经济翻番")
    with pytest.raises(Conflict):
        selection_nominate(actor=m1, candidate_id=v.pk, reason="再提一次")
    with pytest.raises(Conflict):
        selection_vote(actor=m1, candidate_id=a.pk)  # not voting yet
    with pytest.raises(PermissionDenied):
        selection_transition(actor=m1, selection_id=s.pk, action="open_vote")
    selection_transition(actor=cast["city"], selection_id=s.pk, action="open_vote")
    selection_vote(actor=m1, candidate_id=v.pk)
    selection_vote(actor=m1, candidate_id=b.pk)
    with pytest.raises(Conflict):
        selection_vote(actor=m1, candidate_id=a.pk)  # two seats, two votes
    selection_vote(actor=m2, candidate_id=v.pk)
    with pytest.raises(Conflict):
        selection_vote(actor=m2, candidate_id=v.pk)  # once per member per candidate
    selection_vote(actor=m2, candidate_id=a.pk)
    with pytest.raises(PermissionDenied):
        selection_vote(actor=cast["city"], candidate_id=a.pk)  # organisers do not vote unless seated
    s = selection_transition(actor=cast["city"], selection_id=s.pk, action="publish")
    # v has 2 votes; a and b 1 each: the tie goes to the higher score (equal: the better rank)
    chosen = list(
        Candidate.objects.filter(selection=s, selected=True).order_by("rank").values_list("name", flat=True)
    )
    assert chosen == ["张建国", "王德福"]
    assert s.state == SelectionState.PUBLISHED and s.published_at is not None
    assert [e.action for e in s.events.order_by("at", "pk")] == ["create", "open_vote", "publish"]
    assert s.events.last().extra["selected"]
