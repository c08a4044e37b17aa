"""The workflow engine: tables and checks without a database, and apply through a real model.

Only this test module reaches into a domain app (demands), to apply through a real row.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.db import models

from gongzhi.core import workflow as engine
from gongzhi.core.errors import ApplicationError, Conflict, PermissionDenied, ValidationFailed
from gongzhi.core.workflow import Table, Transition
from gongzhi.demands import workflow as demand_workflow
from gongzhi.demands.models import Demand, DemandEvent
from gongzhi.demands.tests.factories import submit
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role


class Light(models.TextChoices):
    OFF = "off", "已关"
    ON = "on", "已开"
    BROKEN = "broken", "已坏"


def _not_locked(lamp) -> str | None:
    return "灯被锁住了。" if lamp.locked else None


LAMP = Table(
    {
        "switch_on": Transition("开灯", frozenset({Light.OFF}), Light.ON, frozenset({"user", "admin"})),
        "switch_off": Transition(
            "关灯", frozenset({Light.ON}), Light.OFF, frozenset({"user"}), guard=_not_locked
        ),
        "inspect": Transition("检查", frozenset({Light.OFF, Light.ON}), None, frozenset({"admin"})),
        "break": Transition("损坏", frozenset({Light.OFF, Light.ON}), Light.BROKEN, frozenset({"admin"})),
    },
    states=Light,
    noun="灯",
)


def test_a_table_reads_as_the_mapping_it_wraps():
    assert list(LAMP) == ["switch_on", "switch_off", "inspect", "break"]
    assert LAMP["inspect"].label == "检查" and LAMP.get("fly") is None and "break" in LAMP
    assert dict(LAMP.items())["switch_on"].to == Light.ON


def test_available_lists_the_actions_from_a_state_for_the_roles_given():
    assert engine.available(LAMP, Light.ON) == ["switch_off", "inspect", "break"]
    assert engine.available(LAMP, Light.ON, {"user"}) == ["switch_off"]
    assert engine.available(LAMP, Light.BROKEN) == []


def test_state_labels_come_from_choices_or_a_mapping_and_unknown_values_show_as_they_are():
    assert engine.state_label(Light, Light.BROKEN) == "已坏"
    assert engine.state_label({"a": "甲"}, "a") == "甲"
    assert engine.state_label(Light, "melted") == "melted"
    assert LAMP.label_of(Light.ON) == "已开"


def test_an_unknown_action_is_invalid():
    with pytest.raises(ValidationFailed) as exc:
        engine.check(LAMP, "fly", state=Light.ON, roles={"admin"})
    assert exc.value.code == "unknown_action" and "「fly」" in exc.value.message


def test_a_wrong_state_is_a_conflict_that_names_the_state_and_what_is_allowed_instead():
    with pytest.raises(Conflict) as exc:
        engine.check(LAMP, "switch_on", state=Light.ON, roles={"user"})
    assert exc.value.message == "灯当前状态为「已开」，不能开灯。此状态下可以：关灯、检查、损坏。"
    assert exc.value.code == "illegal_transition"
    assert exc.value.extra == {"state": Light.ON, "allowed": ["switch_off", "inspect", "break"]}


def test_a_final_state_allows_nothing():
    with pytest.raises(Conflict, match="无（已结束）"):
        engine.check(LAMP, "switch_on", state=Light.BROKEN, roles={"admin"})


def test_the_state_is_checked_before_the_role():
    # Both wrong: the racer who lost hears that the lamp moved on, not that they lack a role.
    with pytest.raises(Conflict):
        engine.check(LAMP, "break", state=Light.BROKEN, roles={"user"})
    with pytest.raises(PermissionDenied, match="您的角色不能执行「损坏」"):
        engine.check(LAMP, "break", state=Light.ON, roles={"user"})


def test_no_roles_is_the_platform_acting_on_a_rule():
    assert engine.check(LAMP, "break", state=Light.ON, roles=None).to == Light.BROKEN
    with pytest.raises(PermissionDenied):
        engine.check(LAMP, "break", state=Light.ON, roles=set())


def test_a_guard_looks_at_the_subject_only_when_there_is_one():
    locked, free = SimpleNamespace(locked=True), SimpleNamespace(locked=False)
    assert engine.check(LAMP, "switch_off", state=Light.ON, roles={"user"}).to == Light.OFF
    assert engine.check(LAMP, "switch_off", state=Light.ON, roles={"user"}, subject=free).to == Light.OFF
    with pytest.raises(Conflict) as exc:
        engine.check(LAMP, "switch_off", state=Light.ON, roles={"user"}, subject=locked)
    assert (exc.value.message, exc.value.code, exc.value.extra) == (
        "灯被锁住了。",
        "guard_failed",
        {"state": "on"},
    )


def test_a_denial_may_name_who_may_do_it():
    parties = Table(
        LAMP.transitions, states=Light, denial="只有{who}可以{label}。", who_labels={"admin": "管理员"}
    )
    with pytest.raises(PermissionDenied, match="^只有管理员可以检查。$"):
        engine.check(parties, "inspect", state=Light.ON, roles={"user"})


@dataclass(frozen=True, eq=False)
class _Curt(Table):
    state_first: bool = False

    def unknown(self, action: str) -> ApplicationError:
        return Conflict(f"没有「{action}」。", code="unknown_action")

    def illegal(self, action: str, t: Transition, state: str) -> ApplicationError:
        return Conflict(f"不能「{t.label}」。", code="illegal_transition")


def test_a_table_may_word_and_order_its_refusals_its_own_way():
    curt = _Curt(LAMP.transitions, states=Light)
    with pytest.raises(Conflict, match="没有「fly」"):
        engine.check(curt, "fly", state=Light.ON, roles={"admin"})
    with pytest.raises(PermissionDenied):  # role before state here
        engine.check(curt, "break", state=Light.BROKEN, roles={"user"})
    with pytest.raises(Conflict, match="^不能「损坏」。$") as exc:
        engine.check(curt, "break", state=Light.BROKEN, roles={"admin"})
    assert exc.value.extra == {}


def test_reachable_follows_the_table_and_ignores_actions_that_stay():
    assert engine.reachable(LAMP, Light.OFF) == {Light.OFF, Light.ON, Light.BROKEN}
    assert engine.reachable(LAMP, Light.BROKEN) == {Light.BROKEN}


# -- apply, through a real demand ----------------------------------------------------------


@pytest.fixture
def demand(tree):
    resident = user_with_role(Role.RESIDENT, tree["household_a"], username="resident")
    return submit(resident, tree["community_a"])


@pytest.fixture
def desk(tree):
    return user_with_role(Role.COMMUNITY_WORKER, tree["community_a"], username="desk")


def _retitle(demand, t: Transition) -> tuple[set[str], dict]:
    demand.title = "路灯"
    return {"title"}, {"label": t.label}


def test_apply_moves_the_state_saves_and_writes_one_event(demand, desk):
    before = demand.updated_at
    event = engine.apply(
        demand,
        demand_workflow.TRANSITIONS,
        "accept",
        actor=desk,
        roles={Role.COMMUNITY_WORKER},
        record=DemandEvent,
        note="受理了",
        extra={"via": "test"},
        effects=lambda t: _retitle(demand, t),
    )

    stored = Demand.objects.get(pk=demand.pk)
    assert (stored.state, stored.title) == ("accepted", "路灯")
    assert stored.updated_at >= before
    assert isinstance(event, DemandEvent) and event.demand_id == demand.pk
    assert (event.action, event.from_state, event.to_state, event.note) == (
        "accept",
        "submitted",
        "accepted",
        "受理了",
    )
    assert event.extra == {"via": "test", "label": "受理"} and event.actor == desk


def test_a_refused_action_changes_nothing_and_writes_no_event(demand, desk):
    events = DemandEvent.objects.filter(demand=demand).count()
    with pytest.raises(Conflict):
        engine.apply(
            demand,
            demand_workflow.TRANSITIONS,
            "resolve",
            actor=desk,
            roles={Role.COMMUNITY_WORKER},
            record=DemandEvent,
        )
    assert Demand.objects.get(pk=demand.pk).state == "submitted"
    assert DemandEvent.objects.filter(demand=demand).count() == events


def test_an_action_that_stays_saves_no_state_and_a_callback_may_write_the_event(demand, desk):
    poke = Table(
        {"poke": Transition("提醒", frozenset({"submitted"}), None, frozenset({"desk"}))}, noun="诉求"
    )
    seen = []
    Demand.objects.filter(pk=demand.pk).update(state="accepted")  # the row moved on; this copy did not

    engine.apply(demand, poke, "poke", actor=desk, roles={"desk"}, record=seen.append, note="快点")

    # Only updated_at was written, so the state another writer set is left alone.
    assert Demand.objects.get(pk=demand.pk).state == "accepted"
    (change,) = seen
    assert (change.obj, change.action, change.frm, change.to, change.note) == (
        demand,
        "poke",
        "submitted",
        "submitted",
        "快点",
    )
    assert change.transition is poke["poke"] and change.actor == desk
