"""递补 and 退出 in a community's reserve pool: the highest-ranked in-pool candidate fills a vacancy."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongzhi.core import workflow as engine
from gongzhi.core.errors import Conflict, NotFound, ValidationFailed
from gongzhi.core.periods import today
from gongzhi.people.models import User
from gongzhi.people.scope import roles_at
from gongzhi.territory.levels import Level
from gongzhi.workforce.models import ReserveCandidate, ReserveEvent
from gongzhi.workforce.selectors.reserve import ranked
from gongzhi.workforce.services.nodes import node_for
from gongzhi.workforce.workflow import RESERVE_TRANSITIONS, ReserveState


def _roles(actor: User | None, path: str):
    return None if actor is None else roles_at(actor, path)


def reserve_promote(
    *, actor: User | None, territory_id: int, post: str, on: dt.date | None = None, note: str = ""
) -> ReserveCandidate:
    """Fill a vacancy of a community's two committees with its highest-ranked in-pool candidate."""
    post = (post or "").strip()
    if not post:
        raise ValidationFailed("请填写递补的岗位，如：社区居委会委员。")
    community = node_for(actor, territory_id, what="社区")
    if community.level != Level.COMMUNITY:
        raise ValidationFailed("递补只能在「社区/行政村」一级进行。")
    day = on or today()
    with transaction.atomic():
        # Lock the whole pool of the community, in key order, so two vacancies never take one person.
        pool = list(
            ReserveCandidate.objects.select_for_update()
            .filter(territory=community, state=ReserveState.IN_POOL)
            .order_by("pk")
        )
        if not pool:
            raise Conflict(f"{community.name}的后备人才库中没有在库人选，无法递补。")
        first = ranked(pool)[0]

        def effects(_t):
            first.promoted_on = day
            first.promoted_to = post[:50]
            return {"promoted_on", "promoted_to"}

        engine.apply(
            first,
            RESERVE_TRANSITIONS,
            "promote",
            actor=actor,
            roles=_roles(actor, community.path),
            record=ReserveEvent,
            note=note,
            extra={"post": post[:50], "on": day.isoformat(), "total": str(first.total), "pool": len(pool)},
            effects=effects,
        )
    return first


def reserve_withdraw(*, actor: User | None, candidate_id: int, note: str) -> ReserveCandidate:
    """Take a candidate out of the pool (moved away, declined, disqualified), with the reason."""
    note = (note or "").strip()
    with transaction.atomic():
        try:
            candidate = (
                ReserveCandidate.objects.select_for_update(of=("self",))
                .select_related("territory")
                .get(pk=int(candidate_id))
            )
        except (ReserveCandidate.DoesNotExist, TypeError, ValueError):
            raise NotFound("后备人选未找到。")
        if actor is not None and not actor.is_superuser and not roles_at(actor, candidate.territory.path):
            raise NotFound("后备人选未找到。")
        if not note:
            raise ValidationFailed("请填写退出人才库的原因。")
        engine.apply(
            candidate,
            RESERVE_TRANSITIONS,
            "withdraw",
            actor=actor,
            roles=_roles(actor, candidate.territory.path),
            record=ReserveEvent,
            note=note,
        )
    return candidate
