"""Reads of demands: who sees which, lists with filters, one demand with its timeline."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from gongzhi.core.errors import NotFound
from gongzhi.demands.models import Demand, DemandEvent, Handler
from gongzhi.people.roles import Role
from gongzhi.people.scope import in_scope, is_resident_only, roles_of, scope_of
from gongzhi.territory.models import Territory, subtree_q

# Unlocated demands belong to no subtree yet; the city's administrators sort them.
TRIAGE_ROLES = {Role.CITY_ADMIN}


def demand_visible(*, actor) -> QuerySet[Demand]:
    """Return the demands `actor` may see.

    Staff see the demands located in their subtrees; anyone sees what they reported;
    the members of a handler see what was dispatched to it, wherever it lies.
    """
    qs = Demand.objects.all()
    if getattr(actor, "is_superuser", False):
        return qs
    if not getattr(actor, "is_authenticated", False):
        return qs.none()
    paths = [] if is_resident_only(actor) else scope_of(actor) or []
    q = subtree_q(paths, field="territory__path") | Q(reporter=actor)
    q |= Q(handler__in=Handler.objects.filter(members=actor).values("pk"))
    if roles_of(actor) & TRIAGE_ROLES:
        q |= Q(territory__isnull=True)
    return qs.filter(q)


def demand_list(*, actor, filters: dict | None = None) -> QuerySet[Demand]:
    """List the demands `actor` may see, newest first, with what a list row shows."""
    return (
        demand_visible(actor=actor)
        .filter(**(filters or {}))
        .select_related("territory", "category", "suggested_category", "handler", "claimed_by")
        .order_by("-created_at", "-id")
    )


def demand_get(*, actor, demand_id) -> Demand:
    """Fetch one demand with its timeline, or NotFound exactly as for a missing one."""
    events = DemandEvent.objects.select_related("actor").order_by("at", "id")
    try:
        return (
            demand_list(actor=actor)
            .prefetch_related(Prefetch("events", queryset=events))
            .get(pk=int(demand_id))
        )
    except (Demand.DoesNotExist, ValueError, TypeError):
        raise NotFound("诉求未找到。")


def handler_is_member(*, actor, handler_id: int | None) -> bool:
    if handler_id is None or not getattr(actor, "is_authenticated", False):
        return False
    return Handler.members.through.objects.filter(handler_id=handler_id, user_id=actor.pk).exists()


def territory_in_scope(*, actor, territory_id) -> Territory:
    """Fetch a territory node inside the actor's subtrees, or NotFound."""
    try:
        node = Territory.objects.get(pk=int(territory_id))
    except (Territory.DoesNotExist, ValueError, TypeError):
        raise NotFound("辖区未找到。")
    if not in_scope(actor, node.path):
        raise NotFound("辖区未找到。")
    return node
