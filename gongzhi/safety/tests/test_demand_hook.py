"""A demand recorded against a safe household, through any channel, costs it the status; its own report does not."""

import pytest

from gongzhi.demands.services import demand_submit
from gongzhi.patrols.services import finding_to_demand, patrol_log
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import GridWorkerFactory, ResidentFactory, user_with_role
from gongzhi.safety import workflow
from gongzhi.safety.services import assessment_apply, assessment_transition
from gongzhi.safety.workflow import Plaque, State

pytestmark = pytest.mark.django_db
ALL_MET = dict.fromkeys(workflow.five_no_criteria, True)


@pytest.fixture
def cast(tree):
    return {
        "grid": user_with_role(Role.GRID_WORKER, tree["grid_a"], username="grid"),
        "council": user_with_role(Role.COUNCIL_MEMBER, tree["grid_a"], username="council"),
        "desk": user_with_role(Role.COMMUNITY_WORKER, tree["community_a"], username="desk"),
        "resident": user_with_role(Role.RESIDENT, tree["household_a"], username="resident"),
    }


@pytest.fixture
def awarded(tree, cast, clock):
    a = assessment_apply(actor=cast["grid"], household_id=tree["household_a"].pk, origin="nominated")
    assessment_transition(actor=cast["grid"], assessment_id=a.pk, action="grid_check", criteria=ALL_MET)
    assessment_transition(actor=cast["council"], assessment_id=a.pk, action="review")
    assessment_transition(actor=cast["desk"], assessment_id=a.pk, action="publish")
    clock.advance(days=workflow.NOTICE_DAYS)
    return assessment_transition(actor=cast["desk"], assessment_id=a.pk, action="award")


def submit(actor, household, *, channel, category="dispute_mediation", key="k-1", **kw):
    demand, _ = demand_submit(
        actor=actor,
        idempotency_key=key,
        channel=channel,
        text="楼上楼下因漏水多次争吵",
        category_code=category,
        territory_id=household.pk,
        **kw,
    )
    return demand


def test_a_patrol_finding_passed_on_at_a_safe_household_takes_the_plaque_down(tree, cast, awarded):
    GridWorkerFactory(territory=tree["grid_a"], user=cast["grid"])
    patrol, _ = patrol_log(
        actor=cast["grid"],
        territory_id=tree["grid_a"].pk,
        visits=[],
        findings=[
            {
                "category": "safety",
                "description": "楼道堆放电瓶车充电",
                "territory_id": tree["household_a"].pk,
            }
        ],
    )
    demand = finding_to_demand(actor=cast["grid"], finding_id=patrol.findings.get().pk)
    awarded.refresh_from_db()
    assert (awarded.state, awarded.plaque) == (State.REVOKED, Plaque.WITHDRAWN)
    assert awarded.events.last().extra["reference"] == f"诉求 #{demand.pk}"


def test_a_hotline_demand_against_a_safe_household_takes_the_plaque_down_like_a_patrol_finding(
    tree, cast, awarded
):
    demand = submit(cast["desk"], tree["household_a"], channel="hotline", contact_phone="13900001111")
    awarded.refresh_from_db()
    assert (awarded.state, awarded.plaque) == (State.REVOKED, Plaque.WITHDRAWN)
    last = awarded.events.last()
    assert (last.action, last.extra["source"], last.extra["reference"]) == (
        "revoke",
        "demand",
        f"诉求 #{demand.pk}",
    )
    assert "无邻里纠纷" in awarded.lost_reason


def test_a_household_still_in_the_steps_is_rejected_by_a_walk_in_demand(tree, cast, clock):
    a = assessment_apply(actor=cast["grid"], household_id=tree["household_a"].pk, origin="nominated")
    submit(cast["desk"], tree["household_a"], channel="walk_in", category="safety")
    a.refresh_from_db()
    assert a.state == State.REJECTED


def test_the_households_own_report_does_not_cost_it_the_status(tree, cast, awarded):
    # By the resident's own login, and by a call from a member's phone, entered at the hotline desk.
    submit(cast["resident"], tree["household_a"], channel="self_report", key="own-app")
    ResidentFactory(household=tree["household_a"], phone="13800002222")
    submit(cast["desk"], tree["household_a"], channel="hotline", key="own-call", contact_phone="13800002222")
    awarded.refresh_from_db()
    assert (awarded.state, awarded.plaque) == (State.AWARDED, Plaque.HUNG)


def test_an_unrelated_category_or_a_place_that_is_no_household_leaves_the_status(tree, cast, awarded):
    submit(cast["desk"], tree["household_a"], channel="hotline", category="elder_child_care", key="a")
    submit(cast["desk"], tree["building_a"], channel="hotline", key="b")
    awarded.refresh_from_db()
    assert awarded.state == State.AWARDED
