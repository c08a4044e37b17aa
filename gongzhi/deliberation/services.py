"""Writes to topics: raising one (also from a demand), and one function that takes every step.

Meetings and votes are in meetings.py and voting.py, the public board in board.py; every
one of them writes its line of the topic's timeline through `topic_record`.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import transaction
from django.utils import timezone

from gongzhi.core import workflow as engine
from gongzhi.core.errors import ApplicationError, NotFound, PermissionDenied, ValidationFailed
from gongzhi.deliberation import workflow
from gongzhi.deliberation.models import Topic, TopicEvent
from gongzhi.deliberation.models.topics import Origin
from gongzhi.deliberation.selectors import (
    catalogue_match,
    lives_under,
    topic_facts,
    topic_rating,
    topic_visible,
)
from gongzhi.deliberation.workflow import Procedure, Step
from gongzhi.people.models import User
from gongzhi.people.roles import Role
from gongzhi.people.scope import roles_at
from gongzhi.territory.levels import BRANCH_UNIT_LEVELS, Kind, Level
from gongzhi.territory.models import Territory
from gongzhi.territory.rollups import community_of

TOPIC_LEVELS = {Level.COMMUNITY, *BRANCH_UNIT_LEVELS}


def topic_record(
    *, topic: Topic, actor: User | None, action: str, note: str = "", extra: dict | None = None, **fields
) -> TopicEvent:
    """Append one line to a topic's timeline."""
    return TopicEvent.objects.create(
        topic=topic, actor=actor, action=action, note=note, extra=extra or {}, at=timezone.now(), **fields
    )


def topic_roles(*, actor: User, topic: Topic) -> set[str]:
    """Return the roles `actor` holds over a topic: at its node or above; its raiser counts as a resident."""
    if actor.is_superuser:
        return set(Role.values)
    roles = roles_at(actor, topic.territory.path)
    if topic.raised_by_id == actor.pk or lives_under(actor, topic.territory):
        roles.add(Role.RESIDENT)
    return roles


def _territory(actor: User, territory) -> Territory:
    if not isinstance(territory, Territory):
        try:
            territory = Territory.objects.get(pk=int(territory))
        except (Territory.DoesNotExist, ValueError, TypeError):
            raise NotFound("辖区未找到。")
    return territory


def _raise_roles(actor: User | None, node: Territory) -> set[str]:
    if actor is None or actor.is_superuser:
        return set(Role.values)
    roles = roles_at(actor, node.path)
    if lives_under(actor, node):
        roles.add(Role.RESIDENT)
    return roles


def _procedure_for(node: Territory, procedure: str | None, is_major: bool, match) -> str:
    community = community_of(node)
    rural = community is not None and community.kind == Kind.RURAL
    chosen = procedure or (match.procedure if match else None)
    chosen = chosen or (Procedure.FOUR_DELIBERATIONS if rural or is_major else Procedure.SIX_STEPS)
    workflow.procedure_of(chosen)
    if chosen == Procedure.FOUR_DELIBERATIONS and not (rural or is_major):
        raise ValidationFailed(
            "「四议两公开」用于行政村的村务和「三重一大」事项；城镇社区的一般议题请用「六事」。"
        )
    return chosen


def topic_raise(
    *,
    actor: User | None,
    territory,
    title: str,
    text: str = "",
    procedure: str | None = None,
    is_major: bool = False,
    origin: str | None = None,
    source_demand=None,
    source_ref: str = "",
    category: str = "",
) -> Topic:
    """Raise a topic (百姓点事) at a community, grid, compound or natural village."""
    node = _territory(actor, territory)
    if node.level not in TOPIC_LEVELS:
        raise ValidationFailed("议题应提在社区（行政村）、网格、小区或自然村。")
    roles = _raise_roles(actor, node)
    if not roles:
        raise NotFound("辖区未找到。")  # a node the actor has nothing to do with
    if not roles & workflow.RAISERS:
        raise PermissionDenied("您的角色不能在此提出议题。")
    title = (title or "").strip()
    if not title:
        raise ValidationFailed("请填写议题。")
    match = catalogue_match(territory=node, text=f"{title} {text}", category=category)
    is_major = bool(is_major or (match and match.entry.is_major))
    chosen = _procedure_for(node, procedure, is_major, match)
    if origin is None:
        origin = (
            Origin.DEMAND
            if source_demand is not None
            else Origin.COMMITTEES
            if roles & workflow.COMMITTEES
            else Origin.COUNCIL
            if Role.COUNCIL_MEMBER in roles
            else Origin.RESIDENT
        )
    with transaction.atomic():
        topic = Topic.objects.create(
            territory=node,
            title=title[:100],
            text=(text or "").strip(),
            procedure=chosen,
            origin=origin,
            is_major=is_major,
            raised_by=actor,
            catalogue_entry=match.entry if match else None,
            source_demand=source_demand,
            source_ref=(source_ref or "")[:64],
        )
        topic_record(
            topic=topic,
            actor=actor,
            action="raise",
            to_step=Step.RAISED,
            extra={
                "procedure": chosen,
                "origin": origin,
                "catalogue_entry": match.entry.title if match else None,
                "source_ref": topic.source_ref,
            },
        )
    return topic


def topic_raise_from(*, actor: User | None, territory, title: str, text: str, source_ref: str, **kw) -> Topic:
    """Raise a topic for a matter another part of the platform routes into deliberation.

    Raising twice for the same open `source_ref` returns the first topic.
    """
    existing = (
        Topic.objects.filter(source_ref=source_ref).exclude(step=Step.EVALUATED).order_by("id").first()
        if source_ref
        else None
    )
    if existing is not None:
        return existing
    return topic_raise(actor=actor, territory=territory, title=title, text=text, source_ref=source_ref, **kw)


def topic_raise_from_demand(*, actor: User | None, demand) -> Topic:
    """Take an escalated demand into deliberation; the demand waits for the decision (see on_topic_decided)."""
    if demand.territory_id is None:
        raise ValidationFailed("诉求还没有定位到辖区，不能转入议事。")
    node = demand.territory
    while node.level not in TOPIC_LEVELS and node.level in {Level.BUILDING, Level.HOUSEHOLD}:
        node = Territory.objects.get(path=node.parent_path)
    if node.level not in TOPIC_LEVELS:
        node = community_of(node) or node
    return topic_raise_from(
        actor=actor,
        territory=node,
        title=(demand.title or demand.text[:40]),
        text=demand.text,
        source_ref=f"demand:{demand.pk}",
        source_demand=demand,
        origin=Origin.DEMAND,
        category=demand.category.code if demand.category_id else "",
    )


def _lock(*, actor: User, topic_id) -> Topic:
    try:
        return (
            topic_visible(actor=actor)
            .select_for_update(of=("self",))
            .select_related("territory")
            .get(pk=int(topic_id))
        )
    except (Topic.DoesNotExist, ValueError, TypeError):
        raise NotFound("议题未找到。")


def topic_advance(
    *, actor: User, topic_id: int, action: str, note: str = "", decision: str = "", result: str = ""
) -> Topic:
    """Take the step `action` leads to: scope-checked, row-locked, checked against the step table, recorded."""
    with transaction.atomic():
        topic = _lock(actor=actor, topic_id=topic_id)
        return topic_advance_locked(
            actor=actor, topic=topic, action=action, note=note, decision=decision, result=result
        )


def topic_advance_locked(
    *, actor: User, topic: Topic, action: str, note: str = "", decision: str = "", result: str = ""
) -> Topic:
    """Apply a step to a topic the caller has locked."""
    action = (action or "").replace("-", "_")
    engine.apply(
        topic,
        workflow.table_of(topic.procedure),
        action,
        actor=actor,
        roles=topic_roles(actor=actor, topic=topic),
        subject=topic_facts(topic=topic),
        state_field="step",
        record=partial(_record_step, topic=topic, since=topic.step_changed_at),
        note=(note or "").strip(),
        effects=partial(_step_effects, topic=topic, note=note, decision=decision, result=result),
    )
    if topic.step == workflow.DECIDED_STEP:
        on_topic_decided(actor=actor, topic=topic)
    return topic


def _step_effects(t: engine.Transition, *, topic: Topic, note: str, decision: str, result: str) -> set[str]:
    """Restart the step clock; keep the decision, the result and the public rating the step brings."""
    topic.step_changed_at = timezone.now()
    fields = {"step_changed_at"}
    if t.to == Step.DECIDED:
        topic.decision = (decision or note or _passed_motion(topic)).strip()
        fields.add("decision")
    if result:
        topic.result = (result or note).strip()
        fields.add("result")
    if t.to == Step.EVALUATED:
        topic.rating_avg, topic.rating_count = topic_rating(topic=topic)
        fields |= {"rating_avg", "rating_count"}
    return fields


def _record_step(change: engine.Change, *, topic: Topic, since: dt.datetime) -> TopicEvent:
    # The timeline is richer than EventBase (steps, days spent in the one before), so it writes its own row.
    days = (topic.step_changed_at - since).total_seconds() / 86400
    return topic_record(
        topic=topic,
        actor=change.actor,
        action=change.action,
        from_step=change.frm,
        to_step=change.to,
        note=change.note,
        duration_days=round(days, 3),
        extra={"rating": topic.rating_avg} if change.to == Step.EVALUATED else {},
    )


def _passed_motion(topic: Topic) -> str:
    vote = topic.votes.filter(outcome="passed").order_by("-closed_at", "-id").first()
    return vote.motion if vote else ""


def topic_refresh_rating(*, topic: Topic) -> None:
    """Recompute the public rating (公众评事) after a resident rated the result."""
    avg, count = topic_rating(topic=topic)
    Topic.objects.filter(pk=topic.pk).update(rating_avg=avg, rating_count=count, updated_at=timezone.now())


def on_topic_decided(*, actor: User, topic: Topic) -> None:
    """Resume the demand that waited on this decision: it goes back to be dispatched with the decision.

    A demand that cannot be dispatched now (no route, no rights) stays escalated; the
    timeline says why, and the decision stands.
    """
    demand = topic.source_demand
    if demand is None:
        return
    from gongzhi.demands.services import demand_transition
    from gongzhi.demands.workflow import State

    if demand.state != State.ESCALATED:
        return
    try:
        with transaction.atomic():
            demand_transition(
                actor=actor, demand_id=demand.pk, action="dispatch", note=f"议事决定：{topic.decision}"[:500]
            )
    except ApplicationError as exc:
        topic_record(topic=topic, actor=actor, action="demand_wait", note=f"诉求未能恢复办理：{exc.message}")
        return
    topic_record(topic=topic, actor=actor, action="demand_resume", extra={"demand_id": demand.pk})
