import math
import random
from dataclasses import dataclass
from pathlib import Path

import pytest
import shapely
from django.db import transaction
from shapely.geometry import shape

from gongzhi.demo.cities import CITIES, PROFILE, SCALE_PRESETS
from gongzhi.demo.geometry import Placer
from gongzhi.demo.people import PeopleMaker
from gongzhi.demo.tiling import demo_tile, tile
from gongzhi.demo.tree import insert_tree, load_city, plan_tree
from gongzhi.territory.boundaries import territory_import_boundaries
from gongzhi.territory.importing import territory_import_file
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds

BOUNDARIES = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "boundaries"
BENGBU = CITIES["bengbu"]
TILED = (Level.STREET, Level.COMMUNITY, Level.GRID, Level.NATURAL_VILLAGE)
SHAPED = (*TILED, Level.COMPOUND)
NEAR = 2e-6  # two steps of the 6-decimal grid the polygons are rounded to (about 0.2 m)

needs_boundaries = pytest.mark.skipif(not BOUNDARIES.is_dir(), reason="needs ../shared/data/boundaries")


@dataclass
class Built:
    city: Territory
    before: dict  # path → (lng, lat, boundary) before tiling
    output: list[str]


def snapshot(city: Territory) -> dict:
    levels = [*SHAPED, Level.BUILDING]
    rows = Territory.objects.order_by().filter(path__range=subtree_bounds(city.path), level__in=levels)
    return {path: (lng, lat, b) for path, lng, lat, b in rows.values_list("path", "lng", "lat", "boundary")}


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """Import Bengbu with its district polygons, plan a small tree below it and tile it, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        territory_import_file(path=BENGBU.path)
        territory_import_boundaries(path=BOUNDARIES / f"{BENGBU.adcode}_full.json", skip_unknown=True)
        city = Territory.objects.get(division_code=BENGBU.division_code)
        loaded = load_city(city)
        people = PeopleMaker(7)
        placer = Placer(
            people.rng, boundaries={p: d["boundary"] for p, d in loaded[0].items()}, center=BENGBU.center
        )
        plan = plan_tree(
            city=city,
            loaded=loaded,
            placer=placer,
            rng=people.rng,
            people=people,
            scale=SCALE_PRESETS["small"],
            profile=PROFILE,
        )
        insert_tree(plan, city_path=city.path)
        before = snapshot(city)
        output: list[str] = []
        demo_tile(city, seed=2024, step=output.append)
        yield Built(city, before, output)
        transaction.set_rollback(True)


class Tree:
    """The tiled nodes by path, and each node's children."""

    def __init__(self, city: Territory):
        everything = Territory.objects.subtree(city).exclude(level=Level.HOUSEHOLD)
        self.zones = [n for n in everything if n.level == Level.DISTRICT and not n.boundary]
        self.by_path = {n.path: n for n in everything}
        self.kids: dict[str, list[Territory]] = {}
        for path, n in self.by_path.items():
            self.kids.setdefault(path[: -Territory.steplen], []).append(n)

    def in_zone(self, n: Territory) -> bool:
        return any(n.path.startswith(z.path) for z in self.zones)

    def level(self, *levels, zones: bool = False) -> list[Territory]:
        """List the nodes of `levels`; those of development zones (points only) when `zones`."""
        return [n for n in self.by_path.values() if n.level in levels and self.in_zone(n) == zones]

    def children(self, parent: Territory, levels) -> list[Territory]:
        return [n for n in self.kids.get(parent.path, []) if n.level in levels]


@pytest.fixture
def tree(built, db) -> Tree:
    return Tree(built.city)


def assert_tiles(parent_geom, kids: list[Territory], name: str) -> None:
    geoms = [shape(k.boundary) for k in kids]
    for k, g in zip(kids, geoms, strict=True):
        assert g.is_valid, k.path
        assert parent_geom.buffer(NEAR).contains(g), f"{k.path} sticks out of {name}"
    union = shapely.union_all(geoms)
    overlap = sum(g.area for g in geoms) - union.area
    assert overlap <= 1e-6 * parent_geom.area, f"children of {name} overlap"
    assert union.area == pytest.approx(parent_geom.area, rel=0.01), f"children of {name} leave gaps"


@needs_boundaries
def test_every_street_community_and_unit_has_a_small_valid_polygon_holding_its_point(built, tree):
    shaped = tree.level(*SHAPED)
    assert {n.level for n in shaped} == set(SHAPED)
    vertices = []
    for n in shaped:
        geom = shape(n.boundary)
        assert geom.geom_type in ("Polygon", "MultiPolygon") and geom.is_valid, n.path
        assert geom.contains(shapely.Point(n.lng, n.lat)), n.path
        coords = shapely.get_coordinates(geom)
        assert (abs(coords * 1e6 - (coords * 1e6).round()) < 1e-3).all(), "not rounded to 6 decimals"
        vertices.append(len(coords))
    assert sum(vertices) / len(vertices) < 30
    assert max(vertices) <= 150
    assert any("边界" in line for line in built.output)


@needs_boundaries
def test_streets_tile_their_real_district_and_each_level_tiles_its_parent(tree):
    districts = [n for n in tree.level(Level.DISTRICT) if n.boundary]
    assert len(districts) == 7
    for d in districts:
        assert_tiles(shape(d.boundary), tree.children(d, TILED), d.name)
    parents = tree.level(Level.STREET, Level.COMMUNITY)
    assert len(parents) + len(tree.level(Level.STREET, Level.COMMUNITY, zones=True)) == 87 + 1157
    for p in parents:
        kids = tree.children(p, TILED)
        if kids:
            assert_tiles(shape(p.boundary), kids, p.path)


@needs_boundaries
def test_development_zones_keep_points_and_lay_no_polygon_over_the_real_districts(tree):
    outline = shapely.union_all([shape(n.boundary) for n in tree.level(Level.DISTRICT) if n.boundary])
    assert len(tree.zones) == 2
    inside = tree.level(*SHAPED, zones=True)
    assert inside and all(n.boundary is None for n in inside)
    assert all(outline.buffer(NEAR).contains(shapely.Point(n.lng, n.lat)) for n in inside if n.lng)


@needs_boundaries
def test_compounds_and_buildings_lie_in_their_units(tree):
    grids = tree.level(Level.GRID)
    compounds = 0
    for g in grids:
        area = shape(g.boundary)
        blocks = [shape(c.boundary) for c in tree.children(g, [Level.COMPOUND])]
        compounds += len(blocks)
        for i, b in enumerate(blocks):
            assert area.buffer(NEAR).contains(b)
            assert all(b.intersection(o).area < 1e-12 for o in blocks[i + 1 :])
    assert compounds > 50
    buildings = tree.level(Level.BUILDING)
    assert len(buildings) > 300
    for b in buildings:
        unit = tree.by_path[b.path[: -Territory.steplen]]
        assert shape(unit.boundary).contains(shapely.Point(b.lng, b.lat)), b.path


@needs_boundaries
def test_a_second_run_changes_nothing(built, tree):
    after = snapshot(built.city)
    output: list[str] = []
    demo_tile(built.city, seed=2024, step=output.append)
    assert snapshot(built.city) == after
    assert "跳过" in output[0]


@needs_boundaries
def test_tiling_the_same_tree_again_gives_the_same_polygons_and_points(built, tree):
    after = snapshot(built.city)
    Territory.objects.subtree(built.city).filter(level__in=SHAPED).update(boundary=None)
    objs = [Territory(id=tree.by_path[p].id, lng=x, lat=y) for p, (x, y, _) in built.before.items()]
    Territory.objects.bulk_update(objs, ["lng", "lat"], batch_size=2000)
    assert snapshot(built.city) == built.before
    demo_tile(built.city, seed=2024, step=lambda _: None)
    assert snapshot(built.city) == after


def test_tile_gives_each_point_one_cell_even_when_points_crowd_or_lie_outside():
    # An L-shaped parent in two pieces; points clustered, repeated, outside, or missing.
    parent = shapely.MultiPolygon(
        [
            shapely.Polygon([(0, 0), (0.02, 0), (0.02, 0.01), (0.01, 0.01), (0.01, 0.02), (0, 0.02)]),
            shapely.box(0.03, 0, 0.04, 0.01),
        ]
    )
    points = [(0.001, 0.001), (0.001, 0.001), (0.0011, 0.001), (0.5, 0.5), None, None, (0.035, 0.005)]
    cells, seeds = tile(parent, points, random.Random(1))
    assert len(cells) == len(seeds) == len(points)
    for cell, seed in zip(cells, seeds, strict=True):
        assert cell.is_valid and cell.area > 0
        assert cell.contains(shapely.Point(seed))
    union = shapely.union_all(cells)
    assert math.isclose(union.area, parent.area, rel_tol=1e-4)
    assert sum(c.area for c in cells) - union.area < 1e-12
    again, _ = tile(parent, points, random.Random(1))
    assert [c.wkt for c in again] == [c.wkt for c in cells]
