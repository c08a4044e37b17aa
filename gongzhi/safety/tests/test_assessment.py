"""Safe households: the six steps on the database, losing the status, the compliance figures, scope."""

import datetime as dt

import pytest

from gongzhi.core.errors import Conflict, NotFound, PermissionDenied
from gongzhi.core.periods import period_of
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role
from gongzhi.safety import workflow
from gongzhi.safety.models import AssessmentEvent
from gongzhi.safety.selectors import safety_figures
from gongzhi.safety.services import assessment_apply, assessment_transition, household_record_against
from gongzhi.safety.workflow import Plaque, State
from gongzhi.territory.tests.factories import node

pytestmark = pytest.mark.django_db
ALL_MET = dict.fromkeys(workflow.five_no_criteria, True)


@pytest.fixture
def cast(tree):
    community = tree["community_a"]
    return {
        "grid": user_with_role(Role.GRID_WORKER, tree["grid_a"], username="grid"),
        "council": user_with_role(Role.COUNCIL_MEMBER, tree["grid_a"], username="council"),
        "desk": user_with_role(Role.COMMUNITY_WORKER, community, username="desk"),
        "resident": user_with_role(Role.RESIDENT, tree["household_a"], username="resident"),
        "outsider": user_with_role(Role.COMMUNITY_WORKER, tree["community_b"], username="outsider"),
    }


def award(cast, household, clock):
    a = assessment_apply(actor=cast["grid"], household_id=household.pk, origin="nominated")
    assessment_transition(actor=cast["grid"], assessment_id=a.pk, action="grid_check", criteria=ALL_MET)
    assessment_transition(actor=cast["council"], assessment_id=a.pk, action="review")
    assessment_transition(actor=cast["desk"], assessment_id=a.pk, action="publish")
    clock.advance(days=workflow.NOTICE_DAYS)
    return assessment_transition(actor=cast["desk"], assessment_id=a.pk, action="award")


def test_a_resident_applies_and_the_household_is_awarded_after_the_public_notice(tree, cast, clock):
    a = assessment_apply(actor=cast["resident"], household_id=tree["household_a"].pk)
    assessment_transition(actor=cast["grid"], assessment_id=a.pk, action="grid_check", criteria=ALL_MET)
    assessment_transition(actor=cast["council"], assessment_id=a.pk, action="review")
    a = assessment_transition(actor=cast["desk"], assessment_id=a.pk, action="publish")
    assert a.notice_until == dt.date(2024, 3, 11)
    with pytest.raises(Conflict, match="公示期"):
        assessment_transition(actor=cast["desk"], assessment_id=a.pk, action="award")
    clock.set(2024, 3, 11)
    a = assessment_transition(actor=cast["desk"], assessment_id=a.pk, action="award")
    assert (a.state, a.plaque, a.awarded_on) == (State.AWARDED, Plaque.HUNG, dt.date(2024, 3, 11))
    assert a.next_recheck_on == dt.date(2025, 3, 11)
    actions = list(a.events.values_list("action", "actor__username"))
    assert actions == [
        ("apply", "resident"),
        ("grid_check", "grid"),
        ("review", "council"),
        ("publish", "desk"),
        ("award", "desk"),
    ]


def test_a_failed_five_no_check_cannot_pass_and_a_household_applies_once_at_a_time(tree, cast, clock):
    a = assessment_apply(actor=cast["grid"], household_id=tree["household_a"].pk)
    with pytest.raises(Exception, match="无安全隐患"):
        assessment_transition(
            actor=cast["grid"],
            assessment_id=a.pk,
            action="grid_check",
            criteria={**ALL_MET, "no_hazard": False},
        )
    with pytest.raises(Conflict):
        assessment_apply(actor=cast["desk"], household_id=tree["household_a"].pk)
    assessment_transition(actor=cast["grid"], assessment_id=a.pk, action="reject", note="楼道堆放易燃物")
    again = assessment_apply(actor=cast["desk"], household_id=tree["household_a"].pk)
    assert again.state == State.APPLIED


def test_a_dispute_recorded_against_an_awarded_household_takes_the_plaque_down(tree, cast, clock):
    a = award(cast, tree["household_a"], clock)
    household_record_against(
        actor=cast["desk"],
        household_id=tree["household_a"].pk,
        source="dispute",
        reference="纠纷案件 #7",
        criterion="no_neighbour_dispute",
    )
    a.refresh_from_db()
    assert (a.state, a.plaque) == (State.REVOKED, Plaque.WITHDRAWN)
    assert "无邻里纠纷" in a.lost_reason
    assert a.events.last().extra["automatic"] is True


def test_out_of_scope_users_find_nothing_and_residents_cannot_take_steps(tree, cast, clock):
    a = assessment_apply(actor=cast["resident"], household_id=tree["household_a"].pk)
    with pytest.raises(NotFound):
        assessment_transition(
            actor=cast["outsider"], assessment_id=a.pk, action="grid_check", criteria=ALL_MET
        )
    with pytest.raises(NotFound):
        assessment_apply(actor=cast["outsider"], household_id=tree["household_a"].pk)
    with pytest.raises(NotFound):
        assessment_transition(actor=cast["resident"], assessment_id=a.pk, action="review")
    with pytest.raises(PermissionDenied):
        assessment_transition(
            actor=cast["council"], assessment_id=a.pk, action="grid_check", criteria=ALL_MET
        )


def test_compliance_rate_counts_holders_among_decided_households_at_the_period_end(tree, cast, clock):
    # Given three households of grid A: one awarded, one rejected, one awarded then revoked in April.
    h1 = tree["household_a"]
    h2 = node(tree["building_a"], "household", "102室")
    h3 = node(tree["building_a"], "household", "103室")
    award(cast, h1, clock)
    rejected = assessment_apply(actor=cast["grid"], household_id=h2.pk)
    assessment_transition(actor=cast["grid"], assessment_id=rejected.pk, action="reject", note="不符合")
    award(cast, h3, clock)
    clock.set(2024, 4, 15)
    household_record_against(
        actor=None, household_id=h3.pk, source="demand", reference="诉求 #1", criterion="no_hazard"
    )
    march = safety_figures(node=tree["city"], period=period_of("month", dt.date(2024, 3, 1)))
    april = safety_figures(node=tree["city"], period=period_of("month", dt.date(2024, 4, 1)))
    # March: h1 and h3 hold the plaque, h2 was rejected → 2/3. April: h3 lost it → 1/3.
    assert (march.assessed, march.compliant, march.awards, march.applications) == (3, 2, 2, 3)
    assert march.compliance_rate == pytest.approx(2 / 3)
    assert (april.assessed, april.compliant, april.revocations, april.awards) == (3, 1, 1, 0)
    assert april.households == 4  # three in building A1, one in district B
    assert april.coverage_rate == pytest.approx(1 / 4)
    # District B has none of it.
    b = safety_figures(node=tree["district_b"], period=period_of("month", dt.date(2024, 4, 1)))
    assert (b.assessed, b.compliant, b.compliance_rate) == (0, 0, None)
    assert AssessmentEvent.objects.filter(action="revoke").count() == 1


def test_the_assessment_page_names_each_step_in_chinese_with_who_took_it(tree, cast, clock, client):
    a = award(cast, tree["household_a"], clock)
    client.force_login(cast["desk"])
    html = client.get(f"/safety/{a.pk}/").content.decode()
    timeline = html.split('class="small gz-timeline"')[1].split("</ol>")[0]
    for label in ("申请", "议事会评议", "公示", "授牌"):
        assert label in timeline, label
    assert "：<strong>grid_check" not in timeline and "：<strong>award" not in timeline
    assert str(cast["grid"]) in timeline and str(cast["council"]) in timeline


def test_the_list_names_each_household_with_its_building(tree, cast, clock, client):
    assessment_apply(actor=cast["grid"], household_id=tree["household_a"].pk, origin="nominated")
    client.force_login(cast["desk"])
    html = client.get("/safety/", {"territory": tree["community_a"].pk}).content.decode()
    assert "A第一网格 · A1栋 · 101室" in html
