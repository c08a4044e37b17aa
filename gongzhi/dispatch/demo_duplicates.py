"""Demo: duplicate demands in the demo community and a sudden rise this month in its street.

Everything goes through the services (intake, the workflow's actions, notifications), replayed over
the last few days with the clock set back, so the timeline, the roll-ups and the inboxes agree:

- open duplicates: an original being handled and a paraphrase of it still waiting for 受理; the
  community worker opens the paraphrase and sees the original suggested;
- merged duplicates: the paraphrases merged into the original, which was then handled, followed
  up and closed; every reporter (the demo resident among them) got the merge notice and the result;
- a sudden rise: enough safety complaints (电动车飞线充电) this month in the demo community and
  around its street that the hotspots page flags them, then `rises_notify` sends the alerts.

It is seeded once: a second run finds its demands by their idempotency keys and skips.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from gongzhi.demands.models import Category, Demand, DemandEvent, Handler
from gongzhi.demands.services import demand_submit, demand_transition
from gongzhi.demo.logins import login_at
from gongzhi.dispatch.alerts import rises_notify
from gongzhi.dispatch.duplicates import duplicate_candidates
from gongzhi.dispatch.hotspots import RISE_FACTOR, RISE_MIN, RISE_MONTHS, monthly_counts, shift
from gongzhi.people.models import User
from gongzhi.people.roles import Role
from gongzhi.territory.levels import BRANCH_UNIT_LEVELS, Level
from gongzhi.territory.models import Territory

RISE_CATEGORY = "safety"
MAX_RISE = 40  # never seed more than this many rise demands, whatever the year's figures

# (key, category, original, [paraphrases]); {place} is a grid or compound of the demo community.
OPEN_PAIRS = [
    (
        "light",
        "safety",  # a dark path is a hazard; keeping it out of 物业 keeps that category's count flat
        ("3号楼前路灯坏了", "{place}3号楼前面的路灯坏了一个多星期，晚上黑漆漆的，老人出门容易摔倒。"),
        [("门口路灯一直不亮", "您好，{place}3号楼门口那几盏路灯一直不亮，晚上走路看不清，请尽快修一下。")],
    ),
    (
        "garbage",
        "property",
        ("东门垃圾堆积无人清运", "{place}东门垃圾桶满了好几天没人清运，臭味很大，苍蝇到处飞。"),
        [("垃圾站垃圾堆积多日", "居民来电称{place}东门垃圾站垃圾堆积多日无人清理，气味难闻，希望尽快清运。")],
    ),
    (
        "fumes",
        "dispute_mediation",
        ("饭店油烟直排扰民", "{place}楼下新开的饭店油烟直接排到居民楼，窗户都不敢开，跟老板说了也不改。"),
        [
            (
                "沿街饭店油烟扰民",
                "巡查发现{place}沿街饭店油烟直排居民楼，楼上住户反映窗户不敢开，老板不愿整改。",
            )
        ],
    ),
]
MERGED_PAIRS = [
    (
        "water",
        "property",
        ("高层水压太低", "{place}二次供水水压太低，高层住户早晚用水高峰基本上不来水。"),
        [
            (
                "楼上水压小洗澡困难",
                "{place}6楼以上水压很小，早晚用水高峰基本没水，洗澡都洗不了，请物业处理。",
            ),
            ("高峰时段高层停水", "居民来电称{place}高层早晚用水高峰水压低，基本上不来水，希望尽快解决。"),
        ],
        "已联系供水公司检修二次供水加压泵并更换损坏的阀门，高层水压已恢复正常，已逐户回访确认。",
    ),
    (
        "meals",
        "elder_child_care",
        ("助餐点饭菜不够", "{place}附近的老年助餐点中午饭菜经常不够，八十多岁的老人去晚了就吃不上饭。"),
        [
            (
                "老年食堂去晚了吃不上",
                "您好，{place}的老年食堂中午去晚一点饭菜就没了，老人腿脚慢，经常吃不上饭。",
            )
        ],
        "已协调助餐点每天增加 30 份备餐，并开通电话预约，行动不便的老人由志愿者送餐上门。",
    ),
]
RISE_TEXTS = [
    ("电动车飞线充电", "{place}{n}号楼有人从楼上拉飞线给电动车充电，消防安全隐患很大。"),
    ("楼道电动车充电", "{place}{n}号楼楼道里停了好几辆电动车在充电，晚上也不拔，怕起火。"),
    ("电动车进楼入户", "{place}有住户把电动车推进电梯带回家充电，物业劝说不听。"),
    ("充电桩太少", "{place}充电桩太少，大家只好拉线充电，希望增设集中充电点。"),
    ("飞线充电安全隐患", "居民来电称{place}{n}号楼窗口垂下电线给楼下电动车充电，存在火灾隐患。"),
]


def _key(city: Territory, name: str) -> str:
    return f"demo-dup-{city.pk}-{name}"


@contextmanager
def _clock(moment: dt.datetime) -> Iterator[None]:
    """Let the services and models read `moment` as now, so a few days of work replay in order.

    The event's `at` defaults to the function object `timezone.now` captured when the model was
    defined, so the field's default is set too (and Django's cached lookup of it dropped).
    """
    real = timezone.now
    field = DemandEvent._meta.get_field("at")
    real_default = field.default
    timezone.now = field.default = lambda: moment
    field.__dict__.pop("_get_default", None)
    try:
        yield
    finally:
        timezone.now, field.default = real, real_default
        field.__dict__.pop("_get_default", None)


def _login(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _near(rng: random.Random, lng: float | None, lat: float | None, metres: float):
    if lng is None or lat is None:
        return None, None
    d = metres / 111_320
    return (
        round(lng + rng.uniform(-d, d) / max(math.cos(math.radians(lat)), 0.01), 6),
        round(lat + rng.uniform(-d, d), 6),
    )


class Seeder:
    """Submit and work the demo's demands as the demo logins would, at chosen moments."""

    def __init__(self, city, rng, worker, resident, official, community):
        self.city, self.rng = city, rng
        self.worker, self.resident, self.official = worker, resident, official
        self.community = community
        units = list(
            Territory.objects.subtree(community)
            .filter(level__in=BRANCH_UNIT_LEVELS, lng__isnull=False)
            .order_by("path")[:8]
        )
        self.units = units or [community]
        self.handler = (
            Handler.objects.filter(territory=community, kind="community", active=True).order_by("pk").first()
        )

    def submit(self, name, at, *, category, title, text, unit, by=None, channel=None, jitter=60.0):
        by = by or self.worker
        channel = channel or ("self_report" if by == self.resident else "hotline")
        lng, lat = _near(self.rng, unit.lng, unit.lat, jitter)
        with _clock(at):
            demand, _ = demand_submit(
                actor=by,
                idempotency_key=_key(self.city, name),
                channel=channel,
                title=title,
                text=text.format(place=unit.name, n=self.rng.randint(1, 12)),
                category_code=category,
                territory_id=unit.pk,
                lng=lng,
                lat=lat,
                address=f"{self.community.name}{unit.name}",
                contact_name="" if by == self.resident else self.rng.choice("王李张刘陈杨赵黄") + "女士",
                contact_phone="" if by == self.resident else f"139{self.rng.randint(0, 99999999):08d}",
                event_extra={"source": "12345", "order_no": f"D{self.rng.randint(10**7, 10**8 - 1)}"}
                if channel == "hotline"
                else None,
            )
        return demand

    def act(self, demand, at, action, by=None, **extra):
        with _clock(at):
            return demand_transition(actor=by or self.worker, demand_id=demand.pk, action=action, **extra)

    def dispatch(self, demand, at):
        extra = {"handler_id": self.handler.pk} if self.handler else {}
        return self.act(demand, at, "dispatch", **extra)


def build(*, city: Territory, seed: int, scale: float, step) -> None:
    if Demand.objects.filter(idempotency_key__startswith=_key(city, "")).exists():
        step("疑似重复与突增示例已生成，跳过 / duplicates and rise already seeded, skipped")
        return
    worker, community = login_at(Role.COMMUNITY_WORKER.value, Role.COMMUNITY_WORKER)
    resident, official = _login("resident"), _login("street_official")
    if community is None or resident is None:
        step("没有演示账号，跳过疑似重复示例 / no demo logins, duplicates skipped")
        return
    street = community.get_parent()
    rng = random.Random(seed + 15)
    now = timezone.now().replace(microsecond=0)
    s = Seeder(city, rng, worker, resident, official or worker, community)
    with transaction.atomic():
        suggested = _open_pairs(s, now)
        merged = _merged_pairs(s, now)
        rise = _rise(s, street, now)
    step(
        f"疑似重复 / duplicates: {len(suggested)} 组待合并（建议合并）, {merged} 件已合并并统一办结反馈；"
        f"突增 / rise: 本月 {community.name}等「电动车充电」安全类诉求 +{rise} 件"
    )
    report = rises_notify()
    step(f"突增预警 / rise alerts {report['month']}: {report['rises']} 处突增，新发 {report['sent']} 条预警")
    for new, original in suggested:
        step(f"  community_worker 打开 /demands/{new.pk}/ 可见疑似重复 #{original.pk}")


def _open_pairs(s: Seeder, now: dt.datetime) -> list[tuple[Demand, Demand]]:
    """Originals in the works and a paraphrase of each still waiting for 受理: the page suggests merging."""
    out = []
    for i, (name, category, (title, text), dups) in enumerate(OPEN_PAIRS):
        unit = s.units[i % len(s.units)]
        start = now - dt.timedelta(days=3 - i, hours=s.rng.randint(1, 6))
        original = s.submit(f"{name}-0", start, category=category, title=title, text=text, unit=unit)
        s.act(original, start + dt.timedelta(minutes=40), "accept")
        if i != 1:  # one stays accepted, the others are dispatched to the community
            s.dispatch(original, start + dt.timedelta(hours=1))
        for j, (dtitle, dtext) in enumerate(dups, start=1):
            by, channel = [(s.resident, "self_report"), (s.worker, "hotline"), (s.worker, "walk_in")][i % 3]
            at = start + dt.timedelta(days=1, hours=3 * j)
            new = s.submit(
                f"{name}-{j}",
                min(at, now),
                category=category,
                title=dtitle,
                text=dtext,
                unit=unit,
                by=by,
                channel=channel,
            )
            if duplicate_candidates(actor=s.worker, demand=new):
                out.append((new, original))
    return out


def _merged_pairs(s: Seeder, now: dt.datetime) -> int:
    """Duplicates merged into their original, which was then handled for all of them and closed."""
    merged = 0
    for i, (name, category, (title, text), dups, result) in enumerate(MERGED_PAIRS):
        unit = s.units[(i + 3) % len(s.units)]
        start = now - dt.timedelta(days=6 - i, hours=s.rng.randint(1, 6))
        original = s.submit(f"{name}-0", start, category=category, title=title, text=text, unit=unit)
        s.act(original, start + dt.timedelta(minutes=30), "accept")
        s.dispatch(original, start + dt.timedelta(hours=1))
        for j, (dtitle, dtext) in enumerate(dups, start=1):
            by, channel = (s.resident, "self_report") if j == 1 else (s.worker, "hotline")
            at = start + dt.timedelta(hours=5 * j)
            dup = s.submit(
                f"{name}-{j}",
                at,
                category=category,
                title=dtitle,
                text=dtext,
                unit=unit,
                by=by,
                channel=channel,
            )
            s.act(
                dup,
                at + dt.timedelta(minutes=50),
                "merge",
                into_id=original.pk,
                note=f"与 #{original.pk} 反映的是同一问题，合并办理",
            )
            merged += 1
        done = start + dt.timedelta(days=2)
        s.act(original, done, "claim")
        s.act(original, done + dt.timedelta(hours=2), "resolve", result=result)
        s.act(
            original,
            done + dt.timedelta(days=1),
            "follow_up",
            satisfaction="satisfied",
            note="电话回访，居民满意",
        )
        if i == 0:  # the other one waits in 已回访 for 归档
            s.act(original, done + dt.timedelta(days=1, hours=1), "close")
    return merged


def _rise(s: Seeder, street: Territory, now: dt.datetime) -> int:
    """Add safety complaints this month until the community and its street each pass the rise rule."""
    month = timezone.localtime(now).date().replace(day=1)
    first = timezone.make_aware(dt.datetime.combine(month, dt.time.min))
    cat = Category.objects.filter(code=RISE_CATEGORY).first()
    if cat is None:
        return 0
    rows = monthly_counts(street, shift(month, -RISE_MONTHS), month)

    def need(prefix: str | None) -> int:
        by_month: dict[dt.date, int] = {}
        for path, c, m, n in rows:
            if c == cat.pk and (prefix is None or path.startswith(prefix)):
                by_month[m] = by_month.get(m, 0) + n
        mean = sum(by_month.get(shift(month, -k), 0) for k in range(1, RISE_MONTHS + 1)) / RISE_MONTHS
        return max(0, max(RISE_MIN, math.ceil(RISE_FACTOR * mean)) - by_month.get(month, 0)) + 1

    in_community = need(s.community.path)
    in_street = max(0, need(None) - in_community)
    others = list(
        Territory.objects.filter(path__startswith=street.path, depth=street.depth + 1, level=Level.COMMUNITY)
        .exclude(pk=s.community.pk)
        .order_by("path")[:6]
    )
    places = [s.units[i % len(s.units)] for i in range(in_community)]
    for i in range(in_street if others else 0):
        c = others[i % len(others)]
        unit = (
            Territory.objects.filter(path__startswith=c.path, level__in=BRANCH_UNIT_LEVELS, lng__isnull=False)
            .order_by("path")
            .first()
            or c
        )
        places.append(unit)
    places = places[:MAX_RISE]
    span = max((now - first).total_seconds(), 60.0)
    moments = sorted(first + dt.timedelta(seconds=span * (0.3 + 0.7 * s.rng.random())) for _ in places)
    for i, (unit, at) in enumerate(zip(places, moments, strict=True)):
        title, text = RISE_TEXTS[i % len(RISE_TEXTS)]
        by = s.resident if i == 0 else s.official
        demand = s.submit(
            f"rise-{i}",
            min(at, now),
            category=RISE_CATEGORY,
            title=title,
            text=text,
            unit=unit,
            by=by,
            jitter=120,
        )
        if i % 3 == 0 and unit.path.startswith(s.community.path):
            s.act(demand, min(at + dt.timedelta(minutes=30), now), "accept")
    return len(places)
