"""The communities (社区/行政村) under a node, and which of them a deeper path belongs to."""

from __future__ import annotations

from collections.abc import Iterable

from gongzhi.territory.levels import Kind, Level
from gongzhi.territory.models import Territory, subtree_bounds


def communities_under(node: Territory) -> list[Territory]:
    """Return the communities and villages in `node`'s subtree (itself when it is one), by path."""
    if node.level == Level.COMMUNITY:
        return [node]
    return list(
        Territory.objects.filter(path__range=subtree_bounds(node.path), level=Level.COMMUNITY)
        .only("pk", "path", "name", "kind", "level", "depth", "division_code")
        .order_by("path")
    )


def is_village(community: Territory) -> bool:
    return community.kind == Kind.RURAL


class Owners:
    """Find which of a set of nodes (at any depth) a path lies under, without queries."""

    def __init__(self, nodes: Iterable[Territory]):
        self.by_path = {n.path: n for n in nodes}
        self.lengths = sorted({len(p) for p in self.by_path})

    def of(self, path: str) -> Territory | None:
        for length in self.lengths:
            node = self.by_path.get(path[:length])
            if node is not None:
                return node
        return None
