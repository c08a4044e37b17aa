"""The one workflow engine: transition tables, their checks, and the step that applies an action.

An app's workflow.py holds its states and a `Table` of `Transition`s; its service locks the
row and calls `apply`, which checks the table, runs the app's effects, moves the state,
saves with `update_fields` and writes the event. Everything but `apply` runs without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from gongzhi.core.errors import ApplicationError, Conflict, PermissionDenied, ValidationFailed

# Roles, or any other names of who may act (a case's "mediator", a sign-up's "self").
Roles = AbstractSet[str]
# A state's labels: a TextChoices class or a plain value → label mapping.
Labels = type[models.Choices] | Mapping[str, str]


@dataclass(frozen=True)
class Transition:
    """One action: the states it may start from, the state it leads to, and who may take it.

    `to=None` leaves the state as it is (督办, 调解会). `requires` names the inputs the action
    cannot do without; the app's service reads and words them. `guard` looks at the subject
    (the object itself, or facts the service read for it) and says why not, or None.
    """

    label: str
    frm: frozenset[str]
    to: str | None
    who: frozenset[str]
    requires: tuple[str, ...] = ()
    guard: Callable[[Any], str | None] | None = None


def state_label(states: Labels, state: str) -> str:
    """Name `state` in Chinese; a value the labels do not know is shown as it is."""
    labels = states if isinstance(states, Mapping) else dict(states.choices)
    return str(labels[state]) if state in labels else state


@dataclass(frozen=True, eq=False)
class Table(Mapping[str, Transition]):
    """A workflow's transitions by action, with the words its refusals use.

    It reads as the mapping it wraps, so pages list and look up actions as before. An app
    whose refusals differ in kind subclasses it and overrides `unknown`, `illegal`,
    `denied` or `guard_failed`.
    """

    transitions: Mapping[str, Transition]
    states: Labels = field(default_factory=dict)
    noun: str = ""  # whose state it is, opening the refusal: "诉求当前状态为…"
    denial: str = "您的角色不能执行「{label}」。"  # may name {who}: the allowed, by `who_labels`
    who_labels: Mapping[str, str] = field(default_factory=dict)
    # State before role, so two people racing for one object both hear that it moved on;
    # a table that always answered the other way round may keep its order.
    state_first: bool = True

    def __getitem__(self, action: str) -> Transition:
        return self.transitions[action]

    def __iter__(self) -> Iterator[str]:
        return iter(self.transitions)

    def __len__(self) -> int:
        return len(self.transitions)

    def label_of(self, state: str) -> str:
        return state_label(self.states, state)

    def unknown(self, action: str) -> ApplicationError:
        return ValidationFailed(f"未知的操作「{action}」。", code="unknown_action")

    def illegal(self, action: str, t: Transition, state: str) -> ApplicationError:
        allowed = available(self, state)
        names = "、".join(self[a].label for a in allowed) or "无（已结束）"
        return Conflict(
            f"{self.noun}当前状态为「{self.label_of(state)}」，不能{t.label}。此状态下可以：{names}。",
            code="illegal_transition",
            extra={"state": state, "allowed": allowed},
        )

    def denied(self, action: str, t: Transition) -> ApplicationError:
        who = "、".join(self.who_labels.get(w, w) for w in sorted(t.who))
        return PermissionDenied(self.denial.format(label=t.label, who=who))

    def guard_failed(self, action: str, t: Transition, state: str, problem: str) -> ApplicationError:
        return Conflict(problem, code="guard_failed", extra={"state": state})


def available(table: Mapping[str, Transition], state: str, roles: Roles | None = None) -> list[str]:
    """List the actions that may start from `state` (for holders of `roles`, when given)."""
    return [a for a, t in table.items() if state in t.frm and (roles is None or roles & t.who)]


def check(table: Table, action: str, *, state: str, roles: Roles | None, subject: Any = None) -> Transition:
    """Return the transition for `action` from `state`, or raise the table's reason why not.

    `roles=None` is the platform applying a rule of its own, where nobody's rights apply.
    Guards run only when there is a `subject` for them to look at.
    """
    t = table.get(action)
    if t is None:
        raise table.unknown(action)
    state_ok = state in t.frm
    roles_ok = roles is None or bool(roles & t.who)
    if table.state_first and not state_ok:
        raise table.illegal(action, t, state)
    if not roles_ok:
        raise table.denied(action, t)
    if not state_ok:
        raise table.illegal(action, t, state)
    if subject is not None and t.guard is not None:
        problem = t.guard(subject)
        if problem:
            raise table.guard_failed(action, t, state, problem)
    return t


def reachable(table: Mapping[str, Transition], start: str) -> set[str]:
    """Return every state reachable from `start` through the table (guards ignored)."""
    seen, todo = {start}, [start]
    while todo:
        s = todo.pop()
        for t in table.values():
            if s in t.frm and t.to and t.to not in seen:
                seen.add(t.to)
                todo.append(t.to)
    return seen


@dataclass(frozen=True)
class Change:
    """One applied action, as its event row records it."""

    obj: models.Model
    action: str
    actor: Any
    frm: str
    to: str
    note: str
    extra: dict
    at: dt.datetime
    transition: Transition


# Runs after the check, before the state moves: refuses what the table cannot see, sets the
# action's other fields and returns their names, or (names, facts for the event).
Effects = Callable[[Transition], set[str] | tuple[set[str], dict] | None]
# An event model (an EventBase with a key to the object) or a function that writes the row.
Record = type[models.Model] | Callable[[Change], Any]


def apply(
    obj: models.Model,
    table: Table,
    action: str,
    *,
    actor: Any,
    roles: Roles | None,
    record: Record,
    note: str = "",
    extra: dict | None = None,
    effects: Effects | None = None,
    subject: Any = None,
    state_field: str = "state",
) -> Any:
    """Carry out `action` on a row the caller has locked, inside the caller's transaction.

    Checks the table (guards look at `subject`, the object itself unless given), runs
    `effects`, moves the state, saves only the fields that changed and writes one event.
    Returns the event row.
    """
    frm = getattr(obj, state_field)
    t = check(table, action, state=frm, roles=roles, subject=obj if subject is None else subject)
    fields, facts = _run(effects, t)
    if t.to is not None:
        setattr(obj, state_field, t.to)
        fields.add(state_field)
    if _has_field(obj, "updated_at"):
        fields.add("updated_at")
    obj.save(update_fields=sorted(fields))
    change = Change(
        obj=obj,
        action=action,
        actor=actor,
        frm=frm,
        to=getattr(obj, state_field),
        note=note,
        extra={**(extra or {}), **facts},
        at=timezone.now(),
        transition=t,
    )
    if isinstance(record, type) and issubclass(record, models.Model):
        return _create_event(record, change)
    return record(change)


def _run(effects: Effects | None, t: Transition) -> tuple[set[str], dict]:
    result = effects(t) if effects is not None else None
    if result is None:
        return set(), {}
    if isinstance(result, tuple):
        return set(result[0]), dict(result[1])
    return set(result), {}


def _has_field(obj: models.Model, name: str) -> bool:
    return any(f.name == name for f in obj._meta.concrete_fields)


def _create_event(model: type[models.Model], change: Change) -> models.Model:
    # The event's key to its object is found, not named, so every EventBase subclass fits.
    key = next(
        (
            f.name
            for f in model._meta.concrete_fields
            if f.many_to_one and f.name != "actor" and isinstance(change.obj, f.related_model)
        ),
        None,
    )
    if key is None:
        raise TypeError(f"{model.__name__} has no foreign key to {type(change.obj).__name__}.")
    return model.objects.create(
        **{key: change.obj},
        actor=change.actor,
        action=change.action,
        from_state=change.frm,
        to_state=change.to,
        note=change.note,
        extra=change.extra,
        at=change.at,
    )
