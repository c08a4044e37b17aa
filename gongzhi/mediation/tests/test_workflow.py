"""The case table, without a database."""

import pytest

from gongzhi.core.errors import Conflict, PermissionDenied
from gongzhi.mediation import workflow
from gongzhi.mediation.workflow import DESK, MEDIATOR, SUPERVISOR, State


def test_a_case_runs_from_registration_to_closing_through_the_table():
    steps = [
        ("assign", DESK),
        ("contact", MEDIATOR),
        ("session", MEDIATOR),
        ("agree", MEDIATOR),
        ("follow_up", SUPERVISOR),
    ]
    state = State.REGISTERED
    for action, party in steps:
        t = workflow.check(action, state=state, parties={party})
        state = t.to or state
    assert state == State.CLOSED


def test_a_failed_mediation_may_be_referred_to_a_micro_court():
    assert workflow.check("refer", state=State.FAILED, parties={MEDIATOR}).to == State.REFERRED


def test_the_desk_assigns_but_does_not_mediate():
    with pytest.raises(PermissionDenied, match="调解员"):
        workflow.check("agree", state=State.MEDIATING, parties={DESK})


def test_agreeing_before_first_contact_is_a_conflict():
    with pytest.raises(Conflict):
        workflow.check("agree", state=State.ASSIGNED, parties={MEDIATOR})
    assert workflow.available(State.CLOSED) == []
