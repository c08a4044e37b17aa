"""Build a demo of a real city: divisions, boundaries, everything below the communities, logins.

Every step checks whether it has been done already, so running the demo twice changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.db.models import Count

from gongzhi.demo import logins
from gongzhi.demo.cities import CITIES, PROFILE, Profile
from gongzhi.demo.geometry import Placer
from gongzhi.demo.orgs import party_build
from gongzhi.demo.people import PeopleMaker
from gongzhi.demo.residents import residents_create
from gongzhi.demo.staff import staff_build
from gongzhi.demo.tiling import demo_tile
from gongzhi.demo.tree import insert_tree, load_city, plan_tree
from gongzhi.people.models import (
    CommunityWorker,
    Council,
    CouncilMember,
    GridWorker,
    LinkedHousehold,
    PartnerUnit,
    PartyMember,
    PartyOrg,
    PoliceOfficer,
    Resident,
    SpecialistTeam,
    User,
)
from gongzhi.territory.boundaries import territory_import_boundaries
from gongzhi.territory.importing import territory_import_file
from gongzhi.territory.levels import BRANCH_UNIT_LEVELS, Level
from gongzhi.territory.models import Territory, subtree_bounds

REPO_DIR = Path(__file__).resolve().parents[2]


def default_boundaries_dir() -> Path | None:
    """Find ../shared/data/boundaries beside the current directory or the repository, if present."""
    for base in (Path.cwd(), REPO_DIR):
        candidate = (base / ".." / "shared" / "data" / "boundaries").resolve()
        if candidate.is_dir():
            return candidate
    return None


def demo_build(
    *,
    city_key: str,
    boundaries_dir: Path | None,
    scale: float,
    seed: int = 2024,
    say: Callable[[str], None] = print,
    profile: Profile = PROFILE,
) -> Territory:
    """Build (or finish building) the demo of one city and return its city node."""
    city = CITIES[city_key]
    start = time.monotonic()

    def step(text: str) -> None:
        say(f"[{time.monotonic() - start:6.1f}s] {text}")

    step(f"导入区划：{city.name}（{city.path.name}）")
    result = territory_import_file(path=city.path)
    step(f"  {result.summary()}")
    node = Territory.objects.get(division_code=city.division_code)

    if boundaries_dir is not None:
        _attach_boundaries(node, Path(boundaries_dir) / f"{city.adcode}_full.json", step)

    units = Territory.objects.order_by().filter(
        path__range=subtree_bounds(node.path), level__in=BRANCH_UNIT_LEVELS
    )
    if units.exists():
        step("网格、小区、自然村等已生成，跳过 / already generated, skipped")
    else:
        _generate(node, city, scale, seed, profile, step)
    demo_tile(node, seed=seed, step=step)

    step("创建演示账号 / logins")
    logins.logins_create(city=node, people=PeopleMaker(seed + 1))
    for module in app_demo_modules():
        module.demo_build(city=node, seed=seed, scale=scale, step=step)
    step("完成 / done")
    return node


def app_demo_modules() -> list:
    """Find each domain app's `demo` module (demands, deliberation, …), in the order they declare.

    A module provides `demo_build(*, city, seed, scale, step)`, which must skip what it
    has built already, and an integer `DEMO_ORDER` (lower runs first).
    """
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if config.name.startswith("gongzhi.") and config.name != "gongzhi.demo" and find_spec(name):
            found.append(import_module(name))
    return sorted(found, key=lambda m: getattr(m, "DEMO_ORDER", 100))


def _attach_boundaries(node: Territory, path: Path, step) -> None:
    districts = Territory.objects.subtree(node).filter(level=Level.DISTRICT)
    if districts.filter(boundary__isnull=False).exists():
        step("区县边界已导入，跳过 / boundaries already attached")
        return
    if not path.exists():
        step(f"没有找到边界文件 {path}，不导入边界")
        return
    done = territory_import_boundaries(path=path, skip_unknown=True)
    step(f"导入区县边界 {path.name}：{done['attached']} 个区县")


def _generate(node: Territory, city, scale: float, seed: int, profile: Profile, step) -> None:
    # Each city draws its own stream, and never repeats an ID number another demo city holds.
    people = PeopleMaker(seed * 1_000_000 + int(city.adcode))
    people.reserve(Resident.objects.values_list("id_number", flat=True).iterator(chunk_size=20000))
    people.reserve(PartyMember.objects.values_list("id_number", flat=True).iterator(chunk_size=20000))
    loaded = load_city(node)
    districts = loaded[0]
    placer = Placer(
        people.rng,
        boundaries={p: d["boundary"] for p, d in districts.items()},
        center=city.center,
    )
    if placer.has_polygons:
        if placer.missing:
            names = "、".join(districts[p]["name"] for p in placer.missing)
            step(f"  {names} 没有边界，点位落在全市范围内")
    else:
        step("  没有区县边界，点位围绕市中心随机分布（加 --boundaries 可落在真实区县内）")
    with transaction.atomic():
        plan = plan_tree(
            city=node,
            loaded=loaded,
            placer=placer,
            rng=people.rng,
            people=people,
            scale=scale,
            profile=profile,
        )
        step(f"生成网格、小区、自然村、楼栋、户：{len(plan.rows)} 个单元")
        ids = insert_tree(plan, city_path=node.path)
        step("生成居民 / residents")
        adults = residents_create(plan=plan, ids=ids, people=people, city_code=city.division_code)
        step("生成党组织、党员、联系户、议事会 / party, councils")
        party = party_build(plan=plan, ids=ids, adults=adults, people=people, profile=profile)
        step("生成网格员、社区工作者、民警、专业力量、共建单位 / staff")
        staff_build(plan=plan, ids=ids, party=party, people=people, city_code=city.division_code)


def demo_counts(node: Territory) -> list[tuple[str, int]]:
    """Count what the demo holds under a city node, one line per kind of row."""
    bounds = subtree_bounds(node.path)
    levels = dict(
        Territory.objects.order_by()
        .filter(path__range=bounds)
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    rows = [(str(Level(lv).label), levels.get(lv, 0)) for lv in Level.values if levels.get(lv)]
    orgs = dict(
        PartyOrg.objects.order_by()
        .filter(territory__path__range=bounds)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    within = {"territory__path__range": bounds}
    members = PartyMember.objects.filter(**within)
    rows += [
        ("党委", orgs.get("committee", 0)),
        ("党总支", orgs.get("general_branch", 0)),
        ("党支部", orgs.get("branch", 0)),
        ("党小组", orgs.get("group", 0)),
        ("党员", members.count()),
        ("其中在职党员双报到", members.filter(registered_in_service=True).count()),
        ("党员联系户", LinkedHousehold.objects.filter(household__path__range=bounds).count()),
        ("议事会/理事会", Council.objects.filter(**within).count()),
        ("议事会成员", CouncilMember.objects.filter(council__territory__path__range=bounds).count()),
        ("居民", Resident.objects.filter(household__path__range=bounds).count()),
        ("网格员", GridWorker.objects.filter(**within).count()),
        ("社区工作者", CommunityWorker.objects.filter(**within).count()),
        ("网格民警", PoliceOfficer.objects.filter(**within).count()),
        ("专业力量", SpecialistTeam.objects.filter(**within).count()),
        ("共建单位", PartnerUnit.objects.filter(**within).count()),
        ("账号", User.objects.count()),
    ]
    return rows
