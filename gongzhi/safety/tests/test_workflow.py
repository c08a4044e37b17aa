"""The six-step table, without a database."""

import pytest

from gongzhi.core.errors import Conflict, PermissionDenied
from gongzhi.people.roles import Role
from gongzhi.safety import workflow
from gongzhi.safety.workflow import State


def test_the_six_steps_lead_from_application_to_the_plaque():
    path = [
        ("grid_check", Role.GRID_WORKER),
        ("review", Role.COUNCIL_MEMBER),
        ("publish", Role.COMMUNITY_WORKER),
        ("award", Role.STREET_OFFICIAL),
        ("recheck", Role.GRID_WORKER),
    ]
    state = State.APPLIED
    for action, role in path:
        state = workflow.check(action, state=state, roles={role}).to
    assert state == State.AWARDED


def test_a_step_out_of_order_is_a_conflict_that_lists_what_is_possible():
    with pytest.raises(Conflict) as err:
        workflow.check("award", state=State.APPLIED, roles={Role.CITY_ADMIN})
    assert err.value.extra["allowed"] == ["grid_check", "reject"]


def test_a_council_member_may_not_check_the_five_nos_nor_award():
    with pytest.raises(PermissionDenied):
        workflow.check("grid_check", state=State.APPLIED, roles={Role.COUNCIL_MEMBER})
    with pytest.raises(PermissionDenied):
        workflow.check("award", state=State.NOTICE, roles={Role.COUNCIL_MEMBER})


def test_revoked_and_rejected_are_final():
    assert workflow.available(State.REVOKED) == []
    assert workflow.available(State.REJECTED) == []


def test_the_checklist_must_cover_all_five_nos_and_all_must_hold():
    good = dict.fromkeys(workflow.five_no_criteria, True)
    assert workflow.criteria_problem(good) is None
    assert "无邪教" in workflow.criteria_problem({**good, "no_cult": False})
    assert workflow.criteria_problem({"no_cult": True}) is not None
