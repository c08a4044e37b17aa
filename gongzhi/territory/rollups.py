"""Figures per territory node: sums per child in one query, and the payload the figure APIs answer."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.functions import Substr

from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds


def in_subtree(qs: QuerySet, node: Territory, field: str) -> QuerySet:
    """Narrow `qs` to rows whose territory (`field`, a Territory FK path) lies under `node`."""
    return qs.filter(**{f"{field}__path__range": subtree_bounds(node.path)})


def per_child(qs: QuerySet, node: Territory, field: str, **aggregates) -> dict[str, dict]:
    """Aggregate rows under each child of `node` with one grouped query; key = the child's path."""
    plen = len(node.path) + Territory.steplen
    rows = (
        in_subtree(qs.order_by(), node, field)
        .filter(**{f"{field}__depth__gt": node.depth})
        .annotate(_child=Substr(f"{field}__path", 1, plen))
        .values("_child")
        .annotate(**aggregates)
    )
    return {r.pop("_child"): r for r in rows}


def community_of(node: Territory) -> Territory | None:
    """Return the community (or village) a node lies in, itself when it is one."""
    if node.level == Level.COMMUNITY:
        return node
    prefixes = [node.path[:i] for i in range(Territory.steplen, len(node.path), Territory.steplen)]
    return Territory.objects.filter(path__in=prefixes, level=Level.COMMUNITY).first()
