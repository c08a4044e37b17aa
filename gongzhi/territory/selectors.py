"""Reads over the territory tree; every subtree query is one range scan on the path index."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr

from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds


def territory_subtree(*, node: Territory) -> QuerySet[Territory]:
    return Territory.objects.subtree(node)


def territory_count(*, node: Territory, level: str | None = None) -> int:
    """Count the nodes under `node` (itself excluded), optionally of one level."""
    qs = Territory.objects.order_by().filter(path__range=subtree_bounds(node.path))
    if level:
        return qs.filter(level=level).count() - (1 if node.level == level else 0)
    # Counting the range alone (minus the node itself) reads only the path index.
    return qs.count() - 1


def territory_level_counts(*, node: Territory) -> dict[str, int]:
    """Count the nodes of each level under `node`."""
    rows = (
        Territory.objects.order_by()
        .filter(path__range=subtree_bounds(node.path), depth__gt=node.depth)
        .values("level")
        .annotate(n=Count("id"))
    )
    return {r["level"]: r["n"] for r in rows}


def territory_children_with_counts(*, node: Territory | None, roots: list[str] | None = None) -> list[dict]:
    """List the children of `node` (or the given root paths) with the count of each level under each.

    One grouped query for all children, not one per child.
    """
    if node is not None:
        children = list(node.get_children())
        plen = len(node.path) + Territory.steplen
        base = Territory.objects.order_by().filter(
            path__range=subtree_bounds(node.path), depth__gt=node.depth + 1
        )
        rows = base.annotate(prefix=Substr("path", 1, plen)).values("prefix", "level").annotate(n=Count("id"))
        counts: dict[str, dict[str, int]] = defaultdict(dict)
        for r in rows:
            counts[r["prefix"]][r["level"]] = r["n"]
        return [{"node": c, "counts": counts.get(c.path, {})} for c in children]
    children = list(Territory.objects.filter(path__in=roots or []))
    return [{"node": c, "counts": territory_level_counts(node=c)} for c in children]


def territory_ancestors(*, node: Territory) -> list[Territory]:
    paths = [node.path[:i] for i in range(Territory.steplen, len(node.path), Territory.steplen)]
    return list(Territory.objects.filter(path__in=paths).order_by("depth"))


LEVEL_ORDER = [lv.value for lv in Level]


def place_labels(
    nodes: Iterable[Territory], *, below: Territory | None = None, depth: int = 2
) -> dict[int, str]:
    """Name each node with up to `depth` of its ancestors under `below`: 幸福小区 · 3号楼 · 1单元302室.

    Lists of households or grids repeat the same short names (1单元302室, 第一网格); a row is
    told apart by the places above it. One query for all the ancestors of all the nodes.
    """
    nodes = list(nodes)
    step = Territory.steplen
    floor = len(below.path) if below is not None else 0
    wanted = {
        n.path[:i]
        for n in nodes
        for i in range(max(floor + step, len(n.path) - depth * step), len(n.path), step)
    }
    names = dict(Territory.objects.filter(path__in=wanted).values_list("path", "name")) if wanted else {}
    out = {}
    for n in nodes:
        above = [
            names[n.path[:i]]
            for i in range(max(floor + step, len(n.path) - depth * step), len(n.path), step)
            if n.path[:i] in names
        ]
        out[n.pk] = " · ".join([*above, n.name])
    return out
