"""Locate a demand in the territory tree, guess its category, and route it to a handler.

Point lookups use a shapely STRtree over the polygons of the tree (GCJ-02, like the
stored boundaries). The index is rebuilt when the set of polygons changes: its key is the
count and latest change time of the nodes with a boundary, read with one small query.

The polygon index, the place names, the categories and the dispatch rules are kept in
memory: a save or delete in this process drops them at once (signals below); a change made
by another process is noticed within CACHE_SECONDS, when the fingerprint is read again.
"""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass

from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from shapely import STRtree
from shapely.geometry import Point

from gongzhi.demands import suggesting
from gongzhi.demands.models import Category, DispatchRule, Handler
from gongzhi.territory.geo import geometry_of
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory

# Levels an address is matched against: households and buildings carry door numbers, not names.
ADDRESS_LEVELS = (
    Level.DISTRICT,
    Level.STREET,
    Level.COMMUNITY,
    Level.GRID,
    Level.COMPOUND,
    Level.NATURAL_VILLAGE,
)
# Suffixes people leave out when they name a place: 天桥街道 → 天桥, 淮河社区 → 淮河.
NAME_SUFFIXES = ("街道办事处", "街道", "社区居委会", "居委会", "村委会", "社区", "网格", "小区", "镇", "乡")

CACHE_SECONDS = 10.0
_lock = threading.Lock()
_cache: dict[str, tuple[object, object]] = {}
_checked: dict[str, float] = {}


def forget(**_) -> None:
    """Drop every cached index, so the next lookup reads the database again."""
    with _lock:
        _cache.clear()
        _checked.clear()


for _model in (Territory, Category, DispatchRule, Handler):
    post_save.connect(forget, sender=_model, dispatch_uid=f"routing-forget-save-{_model.__name__}")
    post_delete.connect(forget, sender=_model, dispatch_uid=f"routing-forget-delete-{_model.__name__}")


@dataclass(frozen=True)
class _PolygonIndex:
    tree: STRtree
    ids: list[int]
    depths: list[int]
    nodes: dict[int, Territory]  # the nodes with a polygon, without the polygon itself


def _fingerprint(qs) -> tuple:
    agg = qs.order_by().aggregate(n=Count("id"), changed=Max("updated_at"))
    return agg["n"], agg["changed"]


def _cached(name: str, qs, build):
    """Return the cached value of `name`, rebuilt when the fingerprint of `qs` has changed."""
    now = time.monotonic()
    with _lock:
        hit = _cache.get(name)
        if hit is not None and now - _checked.get(name, -CACHE_SECONDS) < CACHE_SECONDS:
            return hit[1]
    key = _fingerprint(qs)
    with _lock:
        hit = _cache.get(name)
        if hit is not None and hit[0] == key:
            _checked[name] = now
            return hit[1]
    value = build()
    with _lock:
        _cache[name] = (key, value)
        _checked[name] = now
    return value


def _polygon_index() -> _PolygonIndex | None:
    qs = Territory.objects.filter(boundary__isnull=False)

    def build():
        geoms, ids, depths = [], [], []
        for pk, depth, boundary in qs.order_by().values_list("id", "depth", "boundary"):
            geom = geometry_of(boundary)
            if geom is not None and not geom.is_empty:
                geoms.append(geom)
                ids.append(pk)
                depths.append(depth)
        if not geoms:
            return None
        nodes = Territory.objects.order_by().defer("boundary").in_bulk(ids)
        return _PolygonIndex(STRtree(geoms), ids, depths, nodes)

    return _cached("polygons", qs, build)


def locate_point(*, lng: float, lat: float) -> Territory | None:
    """Return the deepest node whose polygon holds the GCJ-02 point (a grid before its community)."""
    index = _polygon_index()
    if index is None:
        return None
    hits = index.tree.query(Point(lng, lat), predicate="intersects")
    if len(hits) == 0:
        return None
    best = max(hits, key=lambda i: index.depths[i])
    # A copy, so a caller changing it cannot change what the next lookup returns.
    return copy.copy(index.nodes[index.ids[best]])


def short_name(name: str) -> str:
    for suffix in NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _name_index() -> list[tuple[int, str, str, str]]:
    qs = Territory.objects.filter(level__in=ADDRESS_LEVELS)

    def build():
        rows = qs.order_by("path").values_list("id", "path", "name")
        return [(pk, path, name, short_name(name)) for pk, path, name in rows]

    return _cached("names", qs, build)


def locate_address(*, address: str) -> Territory | None:
    """Return the node an address names, or None when nothing or several nodes fit equally.

    A node matches when its name or short name appears in the address; among the matches
    the one with the most of its ancestors also named wins, then the deepest. A tie is
    left to a person (the triage queue), since a wrong guess would send work astray.
    """
    text = (address or "").strip()
    if not text:
        return None
    rows = _name_index()
    named_paths = set()
    matched: list[tuple[int, str, int]] = []  # (id, path, strength: 2 full name, 1 short name)
    for pk, path, name, short in rows:
        if name in text:
            strength = 2
        elif len(short) >= 2 and short in text:
            strength = 1
        else:
            continue
        matched.append((pk, path, strength))
        named_paths.add(path)
    if not matched:
        return None
    step = Territory.steplen

    def score(row):
        _, path, strength = row
        ancestors = sum(1 for i in range(step, len(path), step) if path[:i] in named_paths)
        return (ancestors, len(path), strength)

    scored = sorted(((score(r), r) for r in matched), key=lambda x: x[0], reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return Territory.objects.get(pk=scored[0][1][0])


def categories() -> list[Category]:
    """Return the active categories (the taxonomy), cached like the other indexes."""
    qs = Category.objects.filter(active=True)
    return _cached("categories", Category.objects.all(), lambda: list(qs))


def category_for(label: str | None) -> Category | None:
    """Return the active category a classifier label names: by code, else by name."""
    if not label:
        return None
    active = categories()
    found = next((c for c in active if c.code == label), None)
    return found or next((c for c in active if c.name == label), None)


@dataclass(frozen=True)
class CategoryGuess:
    category: Category | None  # the suggested category, when the label names an active one
    confidence: float
    confident: bool  # at or above the threshold, and naming an active category
    source: str  # "model:<version>" or "keywords"


def taxonomy() -> dict[str, tuple[str, ...]]:
    """Return code → keywords of the active categories, what a classifier's cold start matches."""
    return {c.code: tuple(k for k in c.keywords or [] if k) for c in categories()}


def suggest(*, text: str) -> CategoryGuess:
    """Suggest a category with the registered classifier (gongzhi.dispatch); none means triage."""
    s = suggesting.suggest(text=text, taxonomy=taxonomy())
    category = category_for(s.label)
    return CategoryGuess(category, s.confidence, category is not None and not s.needs_triage, s.source)


def classify(*, text: str) -> Category | None:
    """Return the category to give the text without asking a person, or None (the triage queue)."""
    guess = suggest(text=text)
    return guess.category if guess.confident else None


@dataclass(frozen=True)
class Route:
    handler: Handler | None
    deadline_hours: int | None
    rule: DispatchRule | None


def _ancestor_paths(path: str) -> list[str]:
    step = Territory.steplen
    return [path[:i] for i in range(step, len(path) + 1, step)]


def route(*, category: Category | None, territory: Territory | None) -> Route:
    """Pick the dispatch rule for a demand and the handler it names.

    The rule on the deepest territory holding the demand wins; at the same depth a rule for
    the category beats one for any category. A rule naming a kind of handler goes to the
    nearest active handler of that kind on the demand's territory or above it; a street's
    platforms (一中心四平台) are named by a rule, never picked by kind, since four of them
    share one street and a kind cannot tell which.
    """
    default_hours = category.deadline_hours if category else None
    if territory is None:
        return Route(None, default_hours, None)
    paths = set(_ancestor_paths(territory.path))
    category_id = category.pk if category else None
    rules = [
        r
        for r in _active_rules()
        if (r.category_id is None or r.category_id == category_id)
        and (r.territory_id is None or r.territory.path in paths)
    ]
    if not rules:
        return Route(None, default_hours, None)

    def specificity(rule: DispatchRule):
        depth = len(rule.territory.path) if rule.territory_id else 0
        return (depth, rule.category_id is not None, -rule.pk)

    rule = max(rules, key=specificity)
    hours = rule.deadline_hours or default_hours
    if rule.handler_id:
        return Route(rule.handler if rule.handler.active else None, hours, rule)
    nearest = [h for h in _active_handlers().get(rule.handler_kind, []) if h.territory.path in paths]
    handler = min(nearest, key=lambda h: (-h.territory.depth, h.pk)) if nearest else None
    return Route(handler, hours, rule)


def _active_rules() -> list[DispatchRule]:
    qs = DispatchRule.objects.filter(active=True).select_related("territory", "handler")
    return _cached("rules", DispatchRule.objects.all(), lambda: list(qs))


def _active_handlers() -> dict[str, list[Handler]]:
    def build():
        out: dict[str, list[Handler]] = {}
        for h in Handler.objects.filter(active=True, platform="").select_related("territory"):
            out.setdefault(h.kind, []).append(h)
        return out

    return _cached("handlers", Handler.objects.all(), build)
