"""Demo demands: a year of them flowing through the loop, with handlers, rules and the rate roll-ups.

Lives are simulated in memory (demands/simulate.py) and bulk-inserted with their events and
facts; the roll-ups are then summed from the facts. Nothing goes through the services one
demand at a time, so a city-year takes seconds.
"""

from __future__ import annotations

import datetime as dt
import functools
import random

from django.db import transaction
from django.utils import timezone

from gongzhi.demands import facts
from gongzhi.demands.bulkload import next_id, rows_insert, sequences_reset
from gongzhi.demands.demo_platforms import platforms_build
from gongzhi.demands.demo_texts import CHANNEL_WEIGHTS, demand_text, result_text
from gongzhi.demands.models import Category, Demand, DemandEvent, DispatchRule, Handler, HandlerKind
from gongzhi.demands.rollup import facts_insert, rollup_aggregate
from gongzhi.demands.simulate import live
from gongzhi.demands.sla import BusinessCalendar, add_working_hours
from gongzhi.demands.workflow import State
from gongzhi.people.models import Council, PartnerUnit
from gongzhi.territory.levels import BRANCH_UNIT_LEVELS, Level
from gongzhi.territory.models import Territory, subtree_bounds

DEMO_ORDER = 10
PER_COMMUNITY_YEAR = 36  # demands per community and year at scale 1 (≈ 42,000 for Bengbu)
BATCH = 5000
DEMAND_COLUMNS = (
    "id", "created_at", "updated_at", "territory_id", "category_id", "channel", "title", "text", "address",
    "lng", "lat", "contact_name", "contact_phone", "state", "handler_id", "idempotency_key", "due_at",
    "supervised", "escalation", "result", "satisfaction", "merged_into_id",
)  # fmt: skip
# The kind of handler each seeded category goes to (migration 0002's default rules).
KIND_OF = {
    "volunteer_service": HandlerKind.SOCIAL_ORG,
    "petition_stability": HandlerKind.COMMUNITY,
    "elder_child_care": HandlerKind.COMMUNITY,
    "dispute_mediation": HandlerKind.COUNCIL,
    "safety": HandlerKind.DEPARTMENT,
    "property": HandlerKind.PARTNER_UNIT,
}


def demo_build(*, city: Territory, seed: int, scale: float, step) -> None:
    bounds = subtree_bounds(city.path)
    if Demand.objects.filter(territory__path__range=bounds).exists():
        with transaction.atomic():
            _, made = platforms_build(city=city)
        if made["platforms"] or made["rules"] or made["members"]:  # a demo built before the platforms
            step(_platforms_said(made))
        step("诉求已生成，跳过 / demands already built, skipped")
        return
    rng = random.Random(seed + 10)
    with transaction.atomic():
        handlers = _handlers(city)
        step(f"生成承办单位与派单规则：{sum(len(v) for v in handlers.values())} 个承办单位 / handlers")
        routes, made = platforms_build(city=city)
        step(_platforms_said(made))
        n = _demands(city, handlers, routes, rng, scale, step)
        step(f"  诉求 {n} 件，汇总指标 / rate roll-ups")
        rollup_aggregate()


def _platforms_said(made: dict[str, int]) -> str:
    return (
        f"一中心四平台：{made['platforms']} 个平台，{made['streets']} 个镇（街）按 {made['rules']} 条规则派往平台，"
        f"{made['members']} 个平台账号 / platforms"
    )


def _handlers(city: Territory) -> dict[str, dict[str, int]]:
    """Create the handlers (community, council, partner unit, social org, department) and a few rules."""
    nodes = list(
        Territory.objects.subtree(city).filter(level__in=[Level.DISTRICT, Level.STREET, Level.COMMUNITY])
    )
    bounds = subtree_bounds(city.path)
    councils = {}
    for c in Council.objects.filter(territory__path__range=bounds).select_related("territory").order_by("pk"):
        councils.setdefault(c.territory.path[: len(c.territory.path) - Territory.steplen], c.pk)
    partners: dict[str, int] = {}
    for p in (
        PartnerUnit.objects.filter(territory__path__range=bounds).select_related("territory").order_by("pk")
    ):
        for prefix in _prefixes(p.territory.path):
            partners.setdefault(prefix, p.pk)
    rows = []
    for node in nodes:
        if node.level == Level.COMMUNITY:
            rows.append(Handler(name=f"{node.name}两委", kind=HandlerKind.COMMUNITY, territory=node))
            council = councils.get(node.path) or next(
                (v for k, v in councils.items() if k.startswith(node.path)), None
            )
            name = "村民理事会" if node.kind == "rural" else "居民议事会"
            rows.append(
                Handler(
                    name=f"{node.name}{name}", kind=HandlerKind.COUNCIL, territory=node, council_id=council
                )
            )
        elif node.level == Level.STREET:
            rows.append(
                Handler(
                    name=f"{node.name}红色物业服务中心",
                    kind=HandlerKind.PARTNER_UNIT,
                    territory=node,
                    partner_unit_id=partners.get(node.path),
                )
            )
            rows.append(
                Handler(
                    name=f"{node.name}新时代文明实践志愿服务队", kind=HandlerKind.SOCIAL_ORG, territory=node
                )
            )
        else:
            rows.append(Handler(name=f"{node.name}应急管理局", kind=HandlerKind.DEPARTMENT, territory=node))
            rows.append(Handler(name=f"{node.name}城市管理局", kind="department", territory=node))
    made = Handler.objects.bulk_create(rows, batch_size=BATCH)
    out: dict[str, dict[str, int]] = {}
    for h, node_path in zip(made, (r.territory.path for r in rows), strict=True):
        out.setdefault(h.kind, {}).setdefault(node_path, h.pk)
    safety = Category.objects.filter(code="safety").first()
    if safety is not None:
        DispatchRule.objects.bulk_create(
            DispatchRule(category=safety, territory_id=h.territory_id, handler=h, deadline_hours=7)
            for h in made
            if h.name.endswith("应急管理局")
        )
    return out


def _prefixes(path: str) -> list[str]:
    """Return the paths of a node's ancestors, nearest first."""
    return [path[:i] for i in range(len(path) - Territory.steplen, 0, -Territory.steplen)]


def _nearest(handlers: dict[str, dict[str, int]], kind: str, path: str) -> int | None:
    by_path = handlers.get(kind, {})
    for i in range(len(path), 0, -Territory.steplen):
        if path[:i] in by_path:
            return by_path[path[:i]]
    return None


def _demands(city: Territory, handlers, routes, rng: random.Random, scale: float, step) -> int:
    units = list(
        Territory.objects.subtree(city)
        .filter(level__in=BRANCH_UNIT_LEVELS)
        .values_list("pk", "path", "name", "lng", "lat")
    )
    communities = dict(
        Territory.objects.subtree(city).filter(level=Level.COMMUNITY).values_list("path", "name")
    )
    if not units or not communities:
        return 0
    categories = {c.code: c for c in Category.objects.filter(active=True, code__in=KIND_OF)}
    codes = list(categories)
    weights = [{"property": 30, "dispute_mediation": 20, "safety": 15}.get(c, 12) for c in codes]
    channels, channel_w = zip(*CHANNEL_WEIGHTS, strict=True)
    now = timezone.now().replace(microsecond=0)
    n = max(len(communities), round(PER_COMMUNITY_YEAR * scale * len(communities)))
    cal = BusinessCalendar()
    cal.is_workday = functools.lru_cache(maxsize=None)(cal.is_workday)  # one lookup per day, not per hour

    def due(at: dt.datetime, hours: int) -> dt.datetime:
        return add_working_hours(at, hours, calendar=cal)

    times = sorted(now - dt.timedelta(seconds=rng.random() * 365 * 86400) for _ in range(n))
    step(f"生成一年的诉求 / a year of demands: {n}")
    last_in: dict[str, int] = {}
    base = next_id(Demand)
    lives, demands = [], []
    for i, created in enumerate(times):
        pk, path, name, lng, lat = units[int(rng.random() * len(units))]
        community_path = next((p for p in _prefixes(path) if p in communities), path)
        community = communities.get(community_path, name)
        code = rng.choices(codes, weights)[0]
        cat = categories[code]
        # In a street that routes through its platforms, the street's rule names the platform.
        street = next((routes[p] for p in _prefixes(path) if p in routes), {})
        first = street.get(code) or _nearest(handlers, KIND_OF[code], path)
        backup = [
            h for h in (_nearest(handlers, "community", path), _nearest(handlers, "department", path)) if h
        ]
        title, text = demand_text(rng, code, place=name, community=community)
        life = live(
            rng,
            submitted_at=created,
            now=now,
            handlers=[first, *backup] if first else backup,
            deadline_hours=7 if code == "safety" else cat.deadline_hours,
            due=due,
            merge_into=last_in.get(community_path),
            result=result_text(rng, code),
        )
        if life.state not in (State.MERGED, State.REJECTED):
            last_in[community_path] = base + i
        lives.append((life, path, cat.pk))
        point = (
            (round(lng + rng.uniform(-0.0015, 0.0015), 6), round(lat + rng.uniform(-0.0015, 0.0015), 6))
            if lng is not None and lat is not None
            else (None, None)
        )
        merged_into = next((e[4]["into_id"] for e in life.events if e[0] == "merge"), None)
        demands.append(
            (
                base + i,
                created,
                life.events[-1][3],
                pk,
                cat.pk,
                rng.choices(channels, channel_w)[0],
                title,
                text,
                f"{community}{name}",
                *point,
                rng.choice("王李张刘陈杨赵黄周吴") + rng.choice(["先生", "女士", "阿姨", "大爷"]),
                f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
                life.state,
                life.handler_id,
                f"demo-{city.pk}-{i}",
                life.due_at,
                False,
                life.escalation,
                life.result,
                life.satisfaction,
                merged_into,
            )
        )
    rows_insert(Demand, DEMAND_COLUMNS, demands)
    rows_insert(
        DemandEvent,
        ("demand_id", "action", "from_state", "to_state", "note", "extra", "at"),
        (
            (base + i, action, frm, to, note, extra, at)
            for i, (life, _, _) in enumerate(lives)
            for action, frm, to, at, extra, note, _side in life.events
        ),
    )
    sequences_reset(Demand, DemandEvent)
    facts_insert(
        (
            base + i,
            facts.fact_of(
                created_at=t,
                path=path,
                category_id=cat,
                events=[(e[0], e[2], e[3], e[4]) for e in life.events],
            ),
        )
        for i, (t, (life, path, cat)) in enumerate(zip(times, lives, strict=True))
    )
    return len(demands)
