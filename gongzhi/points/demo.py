"""Demo: a year of points — rules, household awards and deductions, volunteer hours, shop redemptions, red and black lists.

Runs after the volunteering demo, whose checked-out hours it turns into points. The ledger
is written in bulk (the append-only guard is on save and update, which plain inserts of
new rows never need), then each community publishes last quarter's lists.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from gongzhi.core.bulk import fast_insert
from gongzhi.core.periods import parse_period
from gongzhi.people.models import Resident
from gongzhi.points.models import EntryKind, Holder, PointAccount, PointEntry, PointRule, Redemption, ShopItem
from gongzhi.points.rolls import roll_publish_all
from gongzhi.points.services import VOLUNTEER_HOURS_RULE
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds
from gongzhi.volunteering.models import SignUp
from gongzhi.volunteering.workflow import SignUpState

DEMO_ORDER = 50

# code, name, holder, points, per hour
RULES = [
    ("help_neighbour", "邻里互助", Holder.HOUSEHOLD, 5, False),
    ("garbage_sorting", "垃圾分类到位", Holder.HOUSEHOLD, 2, False),
    ("filial_piety", "孝老爱亲", Holder.HOUSEHOLD, 5, False),
    ("join_deliberation", "参与议事协商", Holder.HOUSEHOLD, 3, False),
    ("family_volunteering", "家庭成员参加志愿服务", Holder.HOUSEHOLD, 3, False),
    ("civilised_family", "评为文明家庭", Holder.HOUSEHOLD, 20, False),
    ("courtyard_clean", "庭院整洁", Holder.HOUSEHOLD, 2, False),
    ("littering", "乱扔垃圾", Holder.HOUSEHOLD, -5, False),
    ("illegal_building", "私搭乱建", Holder.HOUSEHOLD, -20, False),
    ("neighbour_dispute", "引发邻里纠纷", Holder.HOUSEHOLD, -10, False),
    ("occupy_passage", "占用消防通道", Holder.HOUSEHOLD, -10, False),
    (VOLUNTEER_HOURS_RULE, "志愿服务时长", Holder.VOLUNTEER, 2, True),
    ("outstanding_volunteer", "优秀志愿者", Holder.VOLUNTEER, 20, False),
]
GOODS = [
    ("洗衣液", 30),
    ("食用油", 60),
    ("大米(5公斤)", 80),
    ("毛巾", 15),
    ("牙膏", 20),
    ("理发券", 10),
    ("电动车充电卡", 40),
    ("抽纸", 12),
]


def demo_build(*, city: Territory, seed: int, scale: float, step) -> None:
    bounds = subtree_bounds(city.path)
    if PointRule.objects.filter(territory__path__range=bounds).exists():
        step("积分演示数据已生成，跳过 / points already built, skipped")
        return
    rng = random.Random(seed + 50)
    step("生成积分：规则、家庭户加扣分、志愿时长积分、积分超市兑换、红黑榜 / points")
    today = timezone.localdate()
    with transaction.atomic():
        rules = PointRule.objects.bulk_create(
            [
                PointRule(
                    code=c, name=n, holder=h, points=p, per_hour=ph, territory=city, description="演示规则"
                )
                for c, n, h, p, ph in RULES
            ]
        )
        by_code = {r.code: r for r in rules}
        communities = list(
            Territory.objects.filter(path__range=bounds, level=Level.COMMUNITY).values_list("id", "path")
        )
        items = _shop(rng, communities)
        n_house = _households(rng, scale, bounds, by_code, today)
        n_hours = _volunteer_hours(bounds, by_code[VOLUNTEER_HOURS_RULE])
        n_redeem = _redemptions(rng, bounds, items, today)
    quarter = parse_period(_last_quarter(today))
    published = roll_publish_all(node=city, period=quarter)
    step(
        f"  家庭户积分 {n_house} 条，志愿时长积分 {n_hours} 条，兑换 {n_redeem} 次，{quarter.label}红黑榜 {published} 条"
    )


def _last_quarter(today: dt.date) -> str:
    q = (today.month - 1) // 3
    return f"{today.year - 1}-Q4" if q == 0 else f"{today.year}-Q{q}"


def _shop(rng, communities) -> dict[str, list[ShopItem]]:
    out = []
    for cid, _ in communities:
        for name, cost in rng.sample(GOODS, 5):
            out.append(ShopItem(name=name, territory_id=cid, cost=cost, stock=rng.randint(20, 120)))
    ShopItem.objects.bulk_create(out, batch_size=5000)
    by_path: dict[str, list[ShopItem]] = defaultdict(list)
    paths = dict(communities)
    for item in out:
        by_path[paths[item.territory_id]].append(item)
    return by_path


def _households(rng, scale, bounds, by_code, today) -> int:
    homes = list(
        Resident.objects.filter(household__path__range=bounds, is_head=True)
        .values_list("household_id", flat=True)
        .distinct()
    )
    homes = rng.sample(homes, round(len(homes) * 0.35))
    now = timezone.now().replace(microsecond=0)
    fast_insert(PointAccount, ACCOUNT_FIELDS, [(Holder.HOUSEHOLD, h, None, h, now, now) for h in homes])
    accounts = dict(
        PointAccount.objects.filter(holder=Holder.HOUSEHOLD, territory__path__range=bounds).values_list(
            "household_id", "id"
        )
    )
    good = [r for r in by_code.values() if r.holder == Holder.HOUSEHOLD and r.points > 0]
    bad = [r for r in by_code.values() if r.holder == Holder.HOUSEHOLD and r.points < 0]
    entries = []
    for h in homes:
        zeal = rng.random()
        for _ in range(rng.randint(1, 2 + round(zeal * 10))):
            rule = rng.choice(good)
            entries.append(_entry(now, accounts[h], rule, today - dt.timedelta(days=rng.randint(0, 364))))
        if rng.random() < 0.12:
            for _ in range(rng.randint(1, 2)):
                entries.append(
                    _entry(now, accounts[h], rng.choice(bad), today - dt.timedelta(days=rng.randint(0, 364)))
                )
    return fast_insert(PointEntry, ENTRY_FIELDS, entries)


ACCOUNT_FIELDS = ("holder", "household", "volunteer", "territory", "created_at", "updated_at")
ENTRY_FIELDS = ("account", "points", "kind", "rule", "reason", "occurred_on", "source", "created_at")


def _entry(now, account_id, rule, day, points=None, source="") -> tuple:
    points = rule.points if points is None else points
    kind = EntryKind.AWARD if points > 0 else EntryKind.DEDUCT
    return (account_id, points, kind, rule.pk, rule.name, day, source, now)


def _volunteer_hours(bounds, rule) -> int:
    rows = list(
        SignUp.objects.filter(
            activity__territory__path__range=bounds, state=SignUpState.CHECKED_OUT, service_hours__gt=0
        ).values_list("id", "volunteer_id", "volunteer__territory_id", "service_hours", "activity__ends_at")
    )
    now = timezone.now().replace(microsecond=0)
    pairs = sorted({(r[1], r[2]) for r in rows})
    fast_insert(PointAccount, ACCOUNT_FIELDS, [(Holder.VOLUNTEER, None, v, t, now, now) for v, t in pairs])
    accounts = dict(
        PointAccount.objects.filter(holder=Holder.VOLUNTEER, territory__path__range=bounds).values_list(
            "volunteer_id", "id"
        )
    )
    entries = []
    for sid, vid, _, hours, ends in rows:
        points = int((Decimal(rule.points) * hours).quantize(Decimal(1), ROUND_HALF_UP))
        if points:
            entries.append(
                _entry(now, accounts[vid], rule, timezone.localtime(ends).date(), points, f"sign_up:{sid}")
            )
    return fast_insert(PointEntry, ENTRY_FIELDS, entries)


def _redemptions(rng, bounds, items, today) -> int:
    """Let about a third of the households with points spend some of them; never beyond balance or stock."""
    balances = defaultdict(int)
    for aid, pts in PointEntry.objects.filter(
        account__holder=Holder.HOUSEHOLD, account__territory__path__range=bounds
    ).values_list("account_id", "points"):
        balances[aid] += pts
    paths = dict(
        PointAccount.objects.filter(holder=Holder.HOUSEHOLD, territory__path__range=bounds).values_list(
            "id", "territory__path"
        )
    )
    plans = []
    for aid, bal in balances.items():
        if bal < 20 or rng.random() > 0.35:
            continue
        shop = next((items[p] for p in _prefixes(paths.get(aid, "")) if p in items), None)
        if not shop:
            continue
        item = rng.choice(shop)
        if item.cost <= bal and item.stock > 0:
            item.stock -= 1
            plans.append((aid, item, today - dt.timedelta(days=rng.randint(0, 200))))
    entries = [
        PointEntry(
            account_id=aid,
            points=-item.cost,
            kind=EntryKind.REDEEM,
            reason=f"兑换 {item.name} × 1",
            occurred_on=day,
        )
        for aid, item, day in plans
    ]
    PointEntry.objects.bulk_create(entries, batch_size=5000)
    Redemption.objects.bulk_create(
        [
            Redemption(account_id=aid, item=item, quantity=1, points=item.cost, entry=e)
            for (aid, item, _), e in zip(plans, entries, strict=True)
        ],
        batch_size=5000,
    )
    ShopItem.objects.bulk_update({i.pk: i for _, i, _ in plans}.values(), ["stock"], batch_size=2000)
    return len(plans)


def _prefixes(path: str):
    return [path[:i] for i in range(len(path), 0, -Territory.steplen)]
