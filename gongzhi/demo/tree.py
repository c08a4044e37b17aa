"""Plan and insert the tree below each community: grids, compounds, natural villages, buildings, households.

Paths are computed the way treebeard computes them (as territory/importing.py does)
and the rows are inserted with executemany, with numchild counted as we go.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from gongzhi.demo import places
from gongzhi.demo.cities import Profile
from gongzhi.demo.geometry import Placer
from gongzhi.territory.levels import Kind, Level
from gongzhi.territory.models import Territory, subtree_bounds

BATCH = 5000
_FLOORS = 6


@dataclass
class Home:
    path: str
    address: str
    building: tuple[str, str] | None  # path, name


@dataclass
class Community:
    id: int
    path: str
    name: str  # the place's name, 立新社区
    rural: bool
    street: str
    street_path: str
    district: str
    district_path: str
    district_code: str
    point: tuple[float, float] | None = None
    units: list[Unit] = field(default_factory=list)


@dataclass
class Unit:
    """A grid, compound or natural village: where a branch and its council are built."""

    path: str
    level: str
    name: str
    community: Community
    point: tuple[float, float]
    homes: list[Home] = field(default_factory=list)

    @property
    def full_name(self) -> str:
        return self.community.name + self.name


@dataclass
class TreePlan:
    rows: list[list] = field(default_factory=list)  # path, depth, numchild, name, level, address, lng, lat
    communities: list[Community] = field(default_factory=list)
    streets: list[tuple[int, str, str, tuple[float, float]]] = field(
        default_factory=list
    )  # id, path, name, point

    @property
    def units(self) -> list[Unit]:
        return [u for c in self.communities for u in c.units]


def _sround(rng: random.Random, x: float) -> int:
    """Round at random so the mean stays x (4.3 → 4 or 5, 5 seven times in ten)."""
    base = int(x)
    return base + (rng.random() < x - base)


def _child(parent: str, i: int) -> str:
    return Territory._get_path(parent, len(parent) // Territory.steplen + 1, i)


def load_city(city: Territory) -> tuple[dict, list, list]:
    """Read the districts (with polygons), streets and communities under a city node."""
    rows = list(
        Territory.objects.order_by("path")
        .filter(
            path__range=subtree_bounds(city.path),
            level__in=[Level.DISTRICT, Level.STREET, Level.COMMUNITY],
        )
        .values("id", "path", "name", "level", "kind", "division_code", "boundary", "numchild")
    )
    districts = {r["path"]: r for r in rows if r["level"] == Level.DISTRICT}
    streets = [r for r in rows if r["level"] == Level.STREET]
    communities = [r for r in rows if r["level"] == Level.COMMUNITY]
    return districts, streets, communities


def plan_tree(
    *,
    city: Territory,
    loaded: tuple,
    placer: Placer,
    rng: random.Random,
    people,
    scale: float,
    profile: Profile,
) -> TreePlan:
    districts, streets, communities = loaded
    step = Territory.steplen
    plan = TreePlan()
    by_street: dict[str, list[dict]] = {}
    for c in communities:
        by_street.setdefault(c["path"][:-step], []).append(c)
    streets_in: dict[str, int] = {}
    for s in streets:
        streets_in[s["path"][:-step]] = streets_in.get(s["path"][:-step], 0) + 1
    for s in streets:
        dpath = s["path"][:-step]
        district = districts.get(dpath) or {"name": "", "division_code": city.division_code, "path": dpath}
        sigma = placer.spread(dpath, streets_in[dpath])
        centre = placer.anywhere(dpath)
        plan.streets.append((s["id"], s["path"], s["name"], centre))
        for c in by_street.get(s["path"], []):
            rural = c["kind"] == Kind.RURAL
            com = Community(
                id=c["id"],
                path=c["path"],
                name=places.short_name(c["name"], rural=rural),
                rural=rural,
                street=s["name"],
                street_path=s["path"],
                district=district["name"],
                district_path=dpath,
                district_code=district["division_code"] or "",
                point=placer.near(dpath, centre, sigma / 2),
            )
            if c["numchild"]:
                raise RuntimeError(f"{c['name']} 下已有单元，不能再生成演示数据")
            _plan_community(plan, com, placer, rng, people, scale, profile, sigma / 6)
            plan.communities.append(com)
    return plan


def _plan_community(plan, com, placer, rng, people, scale, profile, sigma) -> None:
    depth = len(com.path) // Territory.steplen
    prefix = f"{com.district}{com.street}"
    if com.rural:
        n = max(1, _sround(rng, profile.units_per_village * scale))
        taken: set[str] = set()
        for i in range(1, n + 1):
            name = places.natural_village_name(rng, people.surname, taken)
            unit = Unit(
                _child(com.path, i),
                Level.NATURAL_VILLAGE,
                name,
                com,
                placer.near(com.district_path, com.point, sigma),
            )
            homes = max(
                3, _sround(rng, profile.households_per_natural_village * scale * rng.uniform(0.6, 1.4))
            )
            for h in range(1, homes + 1):
                path = _child(unit.path, h)
                address = f"{prefix}{com.name}{name}{h}号"
                unit.homes.append(Home(path, address, None))
                plan.rows.append([path, depth + 2, 0, f"{h}号", Level.HOUSEHOLD, address, None, None])
            plan.rows.append(
                [unit.path, depth + 1, homes, name, unit.level, f"{prefix}{com.name}{name}", *unit.point]
            )
            com.units.append(unit)
        return
    n = max(1, _sround(rng, profile.units_per_community * scale))
    grids = min(n, max(1, round(n * profile.grid_share)))
    compounds = n - grids
    taken = set()
    for g in range(1, grids + 1):
        gpath = _child(com.path, g)
        gunit = Unit(
            gpath, Level.GRID, places.grid_name(g), com, placer.near(com.district_path, com.point, sigma)
        )
        com.units.append(gunit)
        children = 0
        # Compounds are dealt out to the grids in turn; every grid also holds some scattered buildings.
        mine = [k for k in range(compounds) if k % grids == g - 1]
        for _ in mine:
            children += 1
            cname = places.compound_name(rng, taken)
            cunit = Unit(
                _child(gpath, children),
                Level.COMPOUND,
                cname,
                com,
                placer.near(com.district_path, gunit.point, sigma / 3),
            )
            road = places.road_name(rng)
            base = f"{prefix}{road}{rng.randint(1, 400)}号{cname}"
            nb = _buildings(plan, cunit, depth + 2, base, placer, rng, scale, profile)
            plan.rows.append([cunit.path, depth + 2, nb, cname, Level.COMPOUND, base, *cunit.point])
            com.units.append(cunit)
        road = places.road_name(rng)
        base = f"{prefix}{com.name}{road}{rng.randint(1, 400)}号"
        children += _buildings(plan, gunit, depth + 1, base, placer, rng, scale, profile, first=children + 1)
        plan.rows.append(
            [
                gpath,
                depth + 1,
                children,
                gunit.name,
                Level.GRID,
                f"{prefix}{com.name}{gunit.name}",
                *gunit.point,
            ]
        )


def _buildings(plan, unit, depth, base, placer, rng, scale, profile, first: int = 1) -> int:
    """Plan the buildings and households of a grid or compound; return how many buildings."""
    count = max(1, _sround(rng, profile.buildings_per_unit * scale))
    per = profile.households_per_building
    for i in range(count):
        number = first + i
        bpath = _child(unit.path, number)
        bname = f"{i + 1}栋"
        point = placer.building(unit.community.district_path, unit.point)
        homes = max(2, round(per * rng.uniform(0.75, 1.25)))
        for k in range(homes):
            floor, room = (k // 2) % _FLOORS + 1, k % 2 + 1
            door = f"{k // (2 * _FLOORS) + 1}单元{floor}0{room}室"
            hpath = _child(bpath, k + 1)
            address = f"{base}{bname}{door}"
            unit.homes.append(Home(hpath, address, (bpath, bname)))
            plan.rows.append([hpath, depth + 2, 0, door, Level.HOUSEHOLD, address, None, None])
        plan.rows.append([bpath, depth + 1, homes, bname, Level.BUILDING, f"{base}{bname}", *point])
    return count


def insert_tree(plan: TreePlan, *, city_path: str) -> dict[str, int]:
    """Insert the planned rows, set points and numchild on streets and communities; return path → id."""
    qn = connection.ops.quote_name
    table = qn(Territory._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    cols = [
        "path",
        "depth",
        "numchild",
        "name",
        "level",
        "address",
        "lng",
        "lat",
        "kind",
        "created_at",
        "updated_at",
    ]
    sql = f"INSERT INTO {table} ({', '.join(qn(c) for c in cols)}) VALUES ({', '.join(['%s'] * len(cols))})"
    rows = sorted(plan.rows, key=lambda r: r[0])
    with connection.cursor() as cur:
        for i in range(0, len(rows), BATCH):
            cur.executemany(sql, [(*r, "", now, now) for r in rows[i : i + BATCH]])
        cur.executemany(
            f"UPDATE {table} SET {qn('numchild')} = %s, {qn('lng')} = %s, {qn('lat')} = %s WHERE {qn('id')} = %s",
            [
                (sum(1 for u in c.units if len(u.path) == len(c.path) + Territory.steplen), *c.point, c.id)
                for c in plan.communities
            ],
        )
        cur.executemany(
            f"UPDATE {table} SET {qn('lng')} = %s, {qn('lat')} = %s WHERE {qn('id')} = %s AND {qn('lng')} IS NULL",
            [(*p, sid) for sid, _, _, p in plan.streets],
        )
    return generated_ids(city_path)


def generated_ids(city_path: str) -> dict[str, int]:
    """Map the path of every node below the communities of a city to its id."""
    below = [Level.GRID, Level.COMPOUND, Level.NATURAL_VILLAGE, Level.BUILDING, Level.HOUSEHOLD]
    qs = Territory.objects.order_by().filter(path__range=subtree_bounds(city_path), level__in=below)
    return dict(qs.values_list("path", "id").iterator(chunk_size=20000))
