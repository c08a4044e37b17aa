"""The workflow tables alone, without a database."""

import pytest

from gongzhi.core.errors import Conflict, PermissionDenied
from gongzhi.volunteering import workflow as w


def test_a_volunteer_checks_in_only_after_signing_up_and_out_only_after_checking_in():
    assert w.check(w.SIGNUP_TRANSITIONS, "check_in", state="signed_up", who={"self"}).to == "checked_in"
    assert w.check(w.SIGNUP_TRANSITIONS, "check_out", state="checked_in", who={"self"}).to == "checked_out"
    with pytest.raises(Conflict):
        w.check(w.SIGNUP_TRANSITIONS, "check_out", state="signed_up", who={"self"})
    with pytest.raises(Conflict):
        w.check(w.SIGNUP_TRANSITIONS, "check_in", state="cancelled", who={"organiser"})


def test_only_the_organiser_marks_someone_absent():
    with pytest.raises(PermissionDenied):
        w.check(w.SIGNUP_TRANSITIONS, "mark_absent", state="signed_up", who={"self"})
    assert w.check(w.SIGNUP_TRANSITIONS, "mark_absent", state="signed_up", who={"organiser"}).to == "absent"


def test_a_finished_or_cancelled_activity_is_final():
    for state in ("finished", "cancelled"):
        for action in w.ACTIVITY_TRANSITIONS:
            with pytest.raises(Conflict):
                w.check(w.ACTIVITY_TRANSITIONS, action, state=state, who={"organiser"})


def test_only_seat_holding_states_count_against_capacity():
    assert set(w.SEAT_STATES) == {"signed_up", "checked_in", "checked_out"}
