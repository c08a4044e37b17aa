"""Give the demo's streets, communities and units polygons that tile their real district.

Streets split their district into Voronoi cells, communities split their street's cell,
grids and natural villages split their community's cell; a compound gets a block inside
its grid. Seeds start at the nodes' generated points and are relaxed twice towards their
cells' centroids (Lloyd), so cells come out of even size. Every cell is clipped to its
parent on a 1e-6° grid (6 decimals), so siblings share their edges exactly and the
children of a node cover it without gaps or overlaps. A node keeps its point when it lies
in its cell, else takes one that does; buildings follow their unit the same way.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import shapely
from django.db import connection, transaction
from django.utils import timezone
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from gongzhi.demo.geometry import BUILDING_SPREAD, Placer
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds

GRID = 1e-6  # coordinates are rounded to 6 decimals (about 0.1 m)
ROUNDS = 2  # Lloyd relaxations: enough to even out cells seeded by clustered points
# A parent may bring this many vertices per child (plus a margin) before it is simplified.
_VERTICES_PER_CHILD = 40
_VERTICES_MARGIN = 100
_COMPOUND_HALF = 0.0015  # the half side of a compound's block, at most (about 150 m)
_TILED = (Level.STREET, Level.COMMUNITY, Level.GRID, Level.NATURAL_VILLAGE)

Point = tuple[float, float]


@dataclass
class _Node:
    id: int
    path: str
    level: str
    point: Point | None
    shape: BaseGeometry | None = None
    kids: list[_Node] = field(default_factory=list)
    moved: bool = False
    district: str = ""  # the path of the district whose polygon (or borrowed one) holds it


def polygonal(geom: BaseGeometry | None) -> BaseGeometry | None:
    """Keep only the polygons of an overlay result, which may also hold stray lines and points."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def fit(area: BaseGeometry, children: int) -> BaseGeometry:
    """Erode, then simplify, an area too detailed for its children, so they stay small and inside it."""
    budget = _VERTICES_PER_CHILD * children + _VERTICES_MARGIN
    if shapely.get_num_coordinates(area) <= budget:
        return area
    tol = 0.0002
    while True:
        inner = polygonal(shapely.set_precision(area.buffer(-tol).simplify(tol * 0.9), GRID))
        if inner is None or shapely.get_num_coordinates(inner) <= budget or tol > 0.01:
            return inner if inner is not None else area
        tol *= 2


def sample(geom: BaseGeometry, rng: random.Random, tries: int = 200) -> Point:
    """Draw a point inside a polygon, on the 6-decimal grid, even when it is a thin sliver."""
    minx, miny, maxx, maxy = geom.bounds
    for _ in range(tries):
        x, y = round(rng.uniform(minx, maxx), 6), round(rng.uniform(miny, maxy), 6)
        if shapely.contains_xy(geom, x, y):
            return x, y
    # A thin sliver fills little of its box: pick a triangle of it by area, then a point in it.
    triangles = shapely.get_parts(shapely.constrained_delaunay_triangles(geom))
    areas = shapely.area(triangles)
    for _ in range(20 if areas.sum() > 0 else 0):
        corners = shapely.get_coordinates(rng.choices(list(triangles), weights=list(areas))[0])[:3]
        a, b = sorted((rng.random(), rng.random()))
        x, y = corners[0] * a + corners[1] * (b - a) + corners[2] * (1 - b)
        if shapely.contains_xy(geom, round(x, 6), round(y, 6)):
            return round(x, 6), round(y, 6)
    p = geom.representative_point()
    return round(p.x, 6), round(p.y, 6)


def _seeds(parent: BaseGeometry, points: list[Point | None], rng: random.Random) -> list[Point]:
    """Take the given points that lie in the parent and are not crowded; draw the others."""
    gap = math.sqrt(parent.area / max(1, len(points))) / 10
    seeds: list[Point] = []
    for p in points:
        ok = p is not None and shapely.contains_xy(parent, *p)
        if ok and all(math.hypot(p[0] - q[0], p[1] - q[1]) >= gap for q in seeds):
            seeds.append(p)
            continue
        for _ in range(20):
            q = sample(parent, rng)
            if all(math.hypot(q[0] - s[0], q[1] - s[1]) >= gap for s in seeds):
                break
        seeds.append(q)
    return seeds


def _cells(parent: BaseGeometry, seeds: np.ndarray) -> list[BaseGeometry | None]:
    """Clip each seed's Voronoi cell to the parent on the grid, so neighbours share exact edges."""
    minx, miny, maxx, maxy = parent.bounds
    pad = max(maxx - minx, maxy - miny) + 1
    frame = shapely.box(minx - pad, miny - pad, maxx + pad, maxy + pad)
    diagram = shapely.voronoi_polygons(shapely.multipoints(seeds), extend_to=frame, ordered=True)
    cells = shapely.get_parts(diagram)
    if len(cells) != len(seeds):
        return [None] * len(seeds)
    return [polygonal(c) for c in shapely.intersection(cells, parent, grid_size=GRID)]


def tile(
    parent: BaseGeometry, points: list[Point | None], rng: random.Random, rounds: int = ROUNDS
) -> tuple[list[BaseGeometry], list[Point]]:
    """Split `parent` into one even cell per point (None: anywhere); return the cells and seeds."""
    if not points:
        return [], []
    parent = polygonal(shapely.set_precision(parent, GRID)) or parent
    if len(points) == 1:
        seed = points[0] if points[0] and shapely.contains_xy(parent, *points[0]) else sample(parent, rng)
        return [parent], [seed]
    seeds = np.array(_seeds(parent, points, rng), dtype=float)
    for _attempt in range(5):
        for r in range(rounds + 1):
            cells = _cells(parent, seeds)
            if any(c is None for c in cells) or r == rounds:
                break
            centres = shapely.get_coordinates(shapely.centroid(cells))
            inside = shapely.contains_xy(parent, centres[:, 0], centres[:, 1])
            for i in np.flatnonzero(~inside):
                centres[i] = shapely.get_coordinates(shapely.point_on_surface(cells[i]))[0]
            seeds = centres
        if all(c is not None for c in cells):
            return cells, [(float(x), float(y)) for x, y in seeds]
        # A degenerate diagram (seeds too close, cells lost to rounding): start again at random.
        seeds = np.array(_seeds(parent, [None] * len(points), rng), dtype=float)
    raise RuntimeError(f"无法把区域划分为 {len(points)} 块")


def point_in(cell: BaseGeometry, current: Point | None, seed: Point, inside: Callable) -> Point:
    """Keep the current point when it lies in the cell, else the cell's seed or a point on it."""
    candidates = [current, (round(seed[0], 6), round(seed[1], 6))]
    p = cell.representative_point()
    candidates.append((round(p.x, 6), round(p.y, 6)))
    for c in candidates:
        if c is not None and shapely.contains_xy(cell, *c) and inside(*c):
            return c
    return candidates[-1]


def _blocks(grid: BaseGeometry, points: list[Point | None], rng) -> tuple[list, list[Point]]:
    """Give each compound of a grid a square block around its point, apart from its neighbours."""
    cells, seeds = tile(grid, points, rng, rounds=0)
    half = min(_COMPOUND_HALF, 0.3 * math.sqrt(grid.area / (len(points) + 1)))
    blocks = []
    for cell, (x, y) in zip(cells, seeds, strict=True):
        square = shapely.box(x - half, y - half, x + half, y + half)
        block = polygonal(shapely.intersection(square, cell, grid_size=GRID))
        blocks.append(block or cell)
    return blocks, seeds


def _geojson(geom: BaseGeometry) -> dict:
    """Write GeoJSON with lists of 6-decimal numbers, so the stored JSON stays small."""

    def walk(c):
        if isinstance(c[0], float | int):
            return [round(c[0], 6), round(c[1], 6)]
        return [walk(x) for x in c]

    m = mapping(geom)
    return {"type": m["type"], "coordinates": walk(m["coordinates"])}


class _Tiler:
    """Walk the tree from each district down, sharing one seeded random stream."""

    def __init__(self, placer: Placer, rng: random.Random):
        self.placer = placer
        self.rng = rng

    def split(self, area: BaseGeometry, kids: list[_Node], district: str) -> None:
        """Tile `area` with `kids`, then each kid's own area with its children, down to compounds."""
        cells, seeds = tile(fit(area, len(kids)), [k.point for k in kids], self.rng)

        def inside(x, y):
            return self.placer.inside(district, x, y)

        for kid, cell, seed in zip(kids, cells, seeds, strict=True):
            kid.shape, kid.district = cell, district
            point = point_in(cell, kid.point, seed, inside)
            kid.moved, kid.point = point != kid.point, point
            below = [k for k in kid.kids if k.level in _TILED]
            if below:
                self.split(cell, below, district)
            compounds = [k for k in kid.kids if k.level == Level.COMPOUND]
            if compounds:
                blocks, seeds_c = _blocks(cell, [c.point for c in compounds], self.rng)
                for c, block, s in zip(compounds, blocks, seeds_c, strict=True):
                    c.shape, c.district = block, district
                    p = point_in(block, c.point, s, inside)
                    c.moved, c.point = p != c.point, p

    def buildings(self, unit: _Node, old: Point | None) -> list[tuple]:
        """Move the unit's buildings that lie outside it: with the unit, else near its point."""
        region = unit.shape
        taken = [k.shape for k in unit.kids if k.level == Level.COMPOUND and k.shape is not None]
        if taken:
            region = polygonal(region.difference(shapely.union_all(taken))) or region
        shapely.prepare(region)

        def fits(p):
            return shapely.contains_xy(region, *p) and self.placer.inside(unit.district, *p)

        moves = []
        for b in unit.kids:
            if b.level != Level.BUILDING or b.point is None or fits(b.point):
                continue
            p = None
            if old is not None and unit.moved:
                shifted = (
                    round(b.point[0] + unit.point[0] - old[0], 6),
                    round(b.point[1] + unit.point[1] - old[1], 6),
                )
                p = shifted if fits(shifted) else None
            for _ in range(30 if p is None else 0):
                q = (
                    round(unit.point[0] + self.rng.gauss(0, BUILDING_SPREAD), 6),
                    round(unit.point[1] + self.rng.gauss(0, BUILDING_SPREAD), 6),
                )
                if fits(q):
                    p = q
                    break
            p = p or sample(region, self.rng)
            b.point = p
            moves.append((*p, b.id))
        return moves


def demo_tile(city: Territory, *, seed: int, step: Callable[[str], None]) -> None:
    """Give every street, community and unit a polygon, once, so maps below a district are maps."""
    qs = Territory.objects.order_by().filter(path__range=subtree_bounds(city.path))
    if qs.filter(level=Level.STREET, boundary__isnull=False).exists():
        step("街道、社区、网格边界已生成，跳过 / polygons already made, skipped")
        return
    districts = dict(qs.filter(level=Level.DISTRICT).values_list("path", "boundary"))
    rng = random.Random(seed * 1_000_003 + int(city.division_code[:6] or 0))
    placer = Placer(rng, boundaries=districts, center=(city.lng or 0.0, city.lat or 0.0))
    if not placer.has_polygons:
        step("没有区县边界，街道、社区、网格只有点位，没有多边形")
        return
    started = time.monotonic()
    levels = [*_TILED, Level.COMPOUND, Level.BUILDING]
    rows = qs.filter(level__in=levels).order_by("path").values_list("id", "path", "level", "lng", "lat")
    nodes: dict[str, _Node] = {}
    tops: dict[str, list[_Node]] = {}
    for pk, path, level, lng, lat in rows.iterator(chunk_size=20000):
        n = _Node(pk, path, level, None if lng is None or lat is None else (lng, lat))
        nodes[path] = n
        parent = nodes.get(path[: -Territory.steplen])
        if parent is not None:
            parent.kids.append(n)
        elif level == Level.STREET:
            tops.setdefault(path[: -Territory.steplen], []).append(n)
    old = {path: n.point for path, n in nodes.items()}
    tiler = _Tiler(placer, rng)
    for district, streets in sorted(tops.items()):
        # A development zone has no outline of its own: tiling the borrowed city outline would lay
        # its streets over the real districts' (on maps and in routing), so its units keep points.
        if not districts.get(district):
            continue
        area = placer.area_of(district)
        if area is not None:
            tiler.split(area, streets, district)
    moves = []
    for n in nodes.values():
        if n.level in (Level.GRID, Level.COMPOUND) and n.shape is not None:
            moves += tiler.buildings(n, old[n.path])
    _save([n for n in nodes.values() if n.shape is not None], moves)
    shaped = sum(1 for n in nodes.values() if n.shape is not None)
    step(f"生成街道、社区、网格等边界 / polygons：{shaped} 个，用时 {time.monotonic() - started:.1f} 秒")


def _save(shaped: list[_Node], moves: list[tuple]) -> None:
    """Write polygons and points with executemany, as tree.py inserts rows: thousands at once."""
    qn = connection.ops.quote_name
    table = qn(Territory._meta.db_table)
    boundary = Territory._meta.get_field("boundary")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic(), connection.cursor() as cur:
        cur.executemany(
            f"UPDATE {table} SET {qn('boundary')} = %s, {qn('lng')} = %s, {qn('lat')} = %s, "
            f"{qn('updated_at')} = %s WHERE {qn('id')} = %s",
            [(boundary.get_db_prep_save(_geojson(n.shape), connection), *n.point, now, n.id) for n in shaped],
        )
        cur.executemany(f"UPDATE {table} SET {qn('lng')} = %s, {qn('lat')} = %s WHERE {qn('id')} = %s", moves)
