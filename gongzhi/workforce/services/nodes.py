"""The node a write is about: in the actor's scope (else "not found"), or the top of it."""

from __future__ import annotations

from gongzhi.core.errors import NotFound
from gongzhi.people.models import User
from gongzhi.people.scope import in_scope, scope_of
from gongzhi.territory.models import Territory


def node_for(actor: User | None, territory_id: int | str | None, *, what: str = "辖区") -> Territory:
    """Return the node `territory_id` names, or the top of the actor's scope when it names none.

    `actor=None` is the platform itself (command line, demo): every node, the root by default.
    """
    if territory_id in (None, ""):
        roots = None if actor is None else scope_of(actor)
        qs = Territory.objects.filter(depth=1) if roots is None else Territory.objects.filter(path__in=roots)
        node = qs.order_by("path").first()
        if node is None:
            raise NotFound(f"{what}未找到。")
        return node
    try:
        node = Territory.objects.get(pk=int(territory_id))
    except (Territory.DoesNotExist, TypeError, ValueError):
        raise NotFound(f"{what}未找到。")
    if actor is not None and not in_scope(actor, node.path):
        raise NotFound(f"{what}未找到。")
    return node
