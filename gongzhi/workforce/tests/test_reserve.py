"""The reserve pool: ranking with its ties, 递补 in rank order, 退出, who may do either."""

from decimal import Decimal

import pytest

from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.workforce.models import ReserveEvent
from gongzhi.workforce.selectors.reserve import ranked, reserve_list, reserve_ranking
from gongzhi.workforce.services import reserve_promote, reserve_withdraw
from gongzhi.workforce.tests.factories import ReserveCandidateFactory
from gongzhi.workforce.workflow import ReserveState

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(tree):
    def c(name, exam, interview):
        return ReserveCandidateFactory(
            territory=tree["community_a"], name=name, exam_score=Decimal(exam), interview_score=interview
        )

    return {
        "top": c("周敏", 90, Decimal(90)),  # 90.00
        "tie_exam": c("吴磊", 88, Decimal(92)),  # 90.00, weaker written exam
        "tie_name_a": c("王一", 80, Decimal(80)),  # 80.00, same exam: by name
        "tie_name_b": c("王二", 80, Decimal(80)),
        "no_interview": c("郑洁", 85, None),  # counts the written exam alone: 85.00
    }


def test_rank_is_total_then_written_exam_then_name(pool):
    order = [c.name for c in ranked(pool.values())]
    assert order == ["周敏", "吴磊", "郑洁", "王一", "王二"]
    assert pool["no_interview"].total == Decimal("85.00")


def test_vacancies_are_filled_in_rank_order_and_each_step_is_recorded(tree, pool, staff, clock):
    first = reserve_promote(actor=staff["street_a"], territory_id=tree["community_a"].pk, post="居委会委员")
    second = reserve_promote(
        actor=staff["street_a"], territory_id=tree["community_a"].pk, post="居委会副主任"
    )
    assert (first.name, second.name) == ("周敏", "吴磊")
    first.refresh_from_db()
    assert (first.state, first.promoted_to, str(first.promoted_on)) == (
        ReserveState.PROMOTED,
        "居委会委员",
        "2026-03-04",
    )
    event = ReserveEvent.objects.get(candidate=first)
    assert (event.actor, event.action, event.to_state) == (
        staff["street_a"],
        "promote",
        ReserveState.PROMOTED,
    )
    ranks = {r.candidate.name: r.rank for r in reserve_ranking(reserve_list(actor=staff["street_a"]))}
    assert ranks == {"郑洁": 1, "王一": 2, "王二": 3, "周敏": None, "吴磊": None}


def test_a_withdrawn_candidate_is_skipped_and_an_empty_pool_says_so(tree, pool, staff, clock):
    with pytest.raises(ValidationFailed):
        reserve_withdraw(actor=staff["street_a"], candidate_id=pool["top"].pk, note="")
    reserve_withdraw(actor=staff["street_a"], candidate_id=pool["top"].pk, note="迁出本市")
    assert (
        reserve_promote(actor=staff["street_a"], territory_id=tree["community_a"].pk, post="委员").name
        == "吴磊"
    )
    for _ in range(3):
        reserve_promote(actor=None, territory_id=tree["community_a"].pk, post="委员")
    with pytest.raises(Conflict) as exc:
        reserve_promote(actor=None, territory_id=tree["community_a"].pk, post="委员")
    assert "没有在库人选" in exc.value.message
    with pytest.raises(Conflict):  # promoted already: no second step from a final state
        reserve_withdraw(actor=staff["street_a"], candidate_id=pool["tie_exam"].pk, note="重复")


def test_only_street_officials_and_above_over_the_community_fill_a_vacancy(tree, pool, staff, clock):
    with pytest.raises(PermissionDenied):
        reserve_promote(actor=staff["desk_a"], territory_id=tree["community_a"].pk, post="委员")
    with pytest.raises(NotFound):
        reserve_promote(actor=staff["street_b"], territory_id=tree["community_a"].pk, post="委员")
    with pytest.raises(NotFound):
        reserve_withdraw(actor=staff["street_b"], candidate_id=pool["top"].pk, note="x")
    with pytest.raises(ValidationFailed):
        reserve_promote(actor=staff["street_a"], territory_id=tree["street_a"].pk, post="委员")
    assert not ReserveEvent.objects.exists()
