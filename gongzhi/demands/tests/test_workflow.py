"""The workflow table alone: no database."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from gongzhi.core.errors import Conflict, PermissionDenied, ValidationFailed
from gongzhi.demands import workflow
from gongzhi.demands.effects import EFFECTS
from gongzhi.demands.workflow import FINAL_STATES, TRANSITIONS, State, check
from gongzhi.people.roles import Role

EVERYONE = set(Role.values)


def test_every_state_is_reachable_from_submitted():
    assert workflow.reachable(State.SUBMITTED) == set(State.values)


def test_every_open_state_has_a_way_out_and_final_states_have_none():
    for state in State.values:
        moves = [a for a in workflow.available(state) if TRANSITIONS[a].to is not None]
        assert bool(moves) == (state not in FINAL_STATES), state


def test_every_action_has_an_effect_and_a_chinese_label():
    assert set(EFFECTS) == set(TRANSITIONS)
    for t in TRANSITIONS.values():
        assert t.label and all("\u4e00" <= ch <= "\u9fff" for ch in t.label)
        assert t.who <= EVERYONE


@pytest.mark.parametrize(
    "action,state", [(a, s) for a, t in TRANSITIONS.items() for s in State.values if s not in t.frm]
)
def test_an_action_from_a_state_that_does_not_allow_it_is_refused_in_chinese(action, state):
    with pytest.raises(Conflict) as exc:
        check(action, state=state, roles=EVERYONE)

    assert exc.value.status == 409
    assert f"诉求当前状态为「{workflow.state_label(state)}」" in exc.value.message
    assert f"不能{TRANSITIONS[action].label}" in exc.value.message
    assert exc.value.extra["allowed"] == workflow.available(state)


def test_the_refusal_says_what_is_allowed_instead():
    with pytest.raises(Conflict) as exc:
        check("claim", state=State.CLAIMED, roles=EVERYONE)

    assert "此状态下可以：办结、退单、上报、督办、合并。" in exc.value.message


def test_a_final_state_allows_nothing():
    with pytest.raises(Conflict, match="无（已结束）"):
        check("reopen", state=State.CLOSED, roles=EVERYONE)


@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_a_role_not_in_the_table_is_refused(action):
    t = TRANSITIONS[action]
    outsiders = EVERYONE - t.who
    state = next(iter(t.frm))
    if not outsiders:
        pytest.skip("everyone may do it")
    with pytest.raises(PermissionDenied):
        check(action, state=state, roles=outsiders)


def test_the_claim_is_for_handlers_and_the_follow_up_for_residents_too():
    assert check("claim", state=State.DISPATCHED, roles={Role.DEPARTMENT_HANDLER}).to == State.CLAIMED
    assert check("follow_up", state=State.RESOLVED, roles={Role.RESIDENT}).to == State.FOLLOWED_UP
    with pytest.raises(PermissionDenied):
        check("accept", state=State.SUBMITTED, roles={Role.RESIDENT})


def test_close_and_reopen_follow_the_rating():
    unhappy = SimpleNamespace(satisfaction="dissatisfied")
    happy = SimpleNamespace(satisfaction="satisfied")
    desk = {Role.COMMUNITY_WORKER}

    assert check("close", state=State.FOLLOWED_UP, roles=desk, demand=happy).to == State.CLOSED
    assert check("reopen", state=State.FOLLOWED_UP, roles=desk, demand=unhappy).to == State.REOPENED
    with pytest.raises(Conflict, match="不满意"):
        check("close", state=State.FOLLOWED_UP, roles=desk, demand=unhappy)
    with pytest.raises(Conflict, match="不满意"):
        check("reopen", state=State.FOLLOWED_UP, roles=desk, demand=happy)


def test_supervision_changes_no_state():
    assert check("supervise", state=State.CLAIMED, roles={Role.STREET_OFFICIAL}).to is None


def test_an_unknown_action_is_invalid():
    with pytest.raises(ValidationFailed):
        check("teleport", state=State.SUBMITTED, roles=EVERYONE)


def test_every_state_has_a_chinese_label():
    for state in State:
        assert all("\u4e00" <= ch <= "\u9fff" for ch in str(state.label))
