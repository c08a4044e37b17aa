"""Demo: the standard duty list and a year of patrols, visits and findings for every grid worker."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction

from gongzhi.core.periods import today
from gongzhi.patrols.models import Disposition, FindingCategory, Patrol, Visit
from gongzhi.patrols.models import Finding as FindingRow
from gongzhi.patrols.services import duty_rules_seed, route_length_m
from gongzhi.people.models import GridWorker, Resident
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds

DEMO_ORDER = 35
BATCH = 5000
PATROLS_PER_WORKER = 12  # a logged patrol a month each, over the year (daily walks are not all logged)
FINDINGS = [
    (
        FindingCategory.SAFETY,
        30,
        ["楼道堆放杂物", "电动车楼道充电飞线", "灭火器过期", "消防通道被占用", "井盖松动", "燃气管道老化"],
    ),
    (
        FindingCategory.PROPERTY,
        25,
        ["路灯不亮", "小区垃圾清运不及时", "电梯异响", "绿化带被毁", "门禁损坏", "化粪池外溢"],
    ),
    (
        FindingCategory.ELDER_CHILD_CARE,
        15,
        ["独居老人家中无人应门", "高龄老人需要助餐", "留守儿童放学无人接", "老人行动不便需代办"],
    ),
    (
        FindingCategory.DISPUTE_MEDIATION,
        15,
        ["邻里噪音争执", "楼上漏水引发矛盾", "占道停车争吵", "宅基地边界争议"],
    ),
    (
        FindingCategory.VOLUNTEER_SERVICE,
        10,
        ["老人需要陪同就医", "困难家庭需要结对帮扶", "残疾人家庭需要代购"],
    ),
    (FindingCategory.PETITION_STABILITY, 5, ["农民工反映拖欠工资", "居民对拆迁补偿有意见"]),
]
VISIT_NOTES = [
    "身体状况良好",
    "生活正常",
    "已提醒用电安全",
    "了解近期困难",
    "已登记需求",
    "家中无人，留联系卡",
    "",
]


def demo_build(*, city: Territory, seed: int, scale: float, step) -> None:
    bounds = subtree_bounds(city.path)
    if Patrol.objects.filter(territory__path__range=bounds).exists():
        step("巡访数据已生成，跳过 / patrols already built")
        return
    rng = random.Random(seed + 7001)
    with transaction.atomic():
        duty_rules_seed(actor=None, territory=city)
        workers = list(
            GridWorker.objects.filter(territory__path__range=bounds).values_list(
                "pk", "territory_id", "territory__path", "territory__lng", "territory__lat"
            )
        )
        homes = _homes_by_unit(bounds, {w[2] for w in workers})
        tagged = _tagged(bounds)
        end = today()
        patrols, plans = [], []
        centre = (city.lng or 117.389, city.lat or 32.916)
        for worker_id, unit_id, unit_path, lng, lat in workers:
            days = sorted(rng.sample(range(1, 366), PATROLS_PER_WORKER))
            unit_homes = homes.get(unit_path, [])
            duty = [h for h in unit_homes if h[0] in tagged]
            for back in days:
                day = end - dt.timedelta(days=back)
                patrols.append(
                    Patrol(
                        territory_id=unit_id,
                        grid_worker_id=worker_id,
                        date=day,
                        route=_route(rng, lng or centre[0], lat or centre[1]),
                    )
                )
                plans.append((day, unit_id, unit_homes, duty))
        for p in patrols:
            p.distance_m = route_length_m(p.route)
        Patrol.objects.bulk_create(patrols, batch_size=BATCH)
        step(f"  巡访 {len(patrols)} 次")
        visits, findings = [], []
        for patrol, (day, unit_id, unit_homes, duty) in zip(patrols, plans, strict=True):
            chosen = set(rng.sample(duty, min(len(duty), rng.randint(1, 2))))
            chosen |= set(rng.sample(unit_homes, min(len(unit_homes), rng.randint(0, 1))))
            for home_id, _ in chosen:
                visits.append(
                    Visit(
                        patrol_id=patrol.pk,
                        household_id=home_id,
                        visited_on=day,
                        note=rng.choice(VISIT_NOTES),
                    )
                )
            if rng.random() < 0.45:
                category, _, texts = rng.choices(FINDINGS, weights=[w for _, w, _ in FINDINGS])[0]
                place = rng.choice(unit_homes)[0] if unit_homes and rng.random() < 0.4 else unit_id
                findings.append(
                    FindingRow(
                        patrol_id=patrol.pk,
                        territory_id=place,
                        category=category,
                        description=rng.choice(texts),
                        disposition=Disposition.FIXED if rng.random() < 0.68 else Disposition.PASSED_ON,
                    )
                )
        Visit.objects.bulk_create(visits, batch_size=BATCH)
        FindingRow.objects.bulk_create(findings, batch_size=BATCH)
        step(f"  走访 {len(visits)} 户次，发现问题 {len(findings)} 个")


def _homes_by_unit(bounds, unit_paths: set[str]) -> dict[str, list[tuple[int, str]]]:
    """Map each grid worker's unit path to the households under it."""
    lengths = sorted({len(p) for p in unit_paths}, reverse=True)
    out: dict[str, list[tuple[int, str]]] = defaultdict(list)
    rows = (
        Territory.objects.order_by()
        .filter(path__range=bounds, level=Level.HOUSEHOLD)
        .values_list("pk", "path")
    )
    for pk, path in rows.iterator(chunk_size=20000):
        for n in lengths:
            if path[:n] in unit_paths:
                out[path[:n]].append((pk, path))
                break
    return out


def _tagged(bounds) -> set[int]:
    rows = (
        Resident.objects.order_by().filter(household__path__range=bounds).values_list("household_id", "tags")
    )
    return {h for h, tags in rows.iterator(chunk_size=20000) if tags}


def _route(rng: random.Random, lng: float, lat: float) -> list[list[float]]:
    """A short walk around the unit: a few points a hundred metres or so apart (GCJ-02)."""
    points = []
    for _ in range(rng.randint(3, 8)):
        lng += rng.uniform(-0.0015, 0.0015)
        lat += rng.uniform(-0.0012, 0.0012)
        points.append([round(lng, 6), round(lat, 6)])
    return points
