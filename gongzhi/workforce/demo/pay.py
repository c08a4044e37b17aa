"""Demo pay: the city's tables for last year and this, every worker graded, populations, last year's pay."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.db.models import Count

from gongzhi.assessment.schemes import COMMUNITY_WORKER_PERFORMANCE
from gongzhi.assessment.schemes import WorkerGrade as PerformanceGrade
from gongzhi.assessment.selectors import results_for
from gongzhi.core.periods import today
from gongzhi.people.models import CommunityWorker, PartyMember
from gongzhi.territory.levels import Kind, Level
from gongzhi.territory.models import Territory, subtree_bounds
from gongzhi.workforce.models import (
    CommunityPopulation,
    MemberCard,
    PayRecord,
    PayScale,
    PerformanceRule,
    PostType,
    WorkerGrade,
)
from gongzhi.workforce.services import pay_compute

BATCH = 5000
# Monthly base of grade 1 of a 专职 worker, and the step per grade; 副职 and 正职 sit above.
STAFF_BASE, STEP = Decimal(3200), Decimal(120)
POST_PREMIUM = {"staff": Decimal(0), "deputy": Decimal(500), "head": Decimal(1000)}
RAISE = Decimal("1.03")  # this year's table over last year's
COEFFICIENTS = {
    PerformanceGrade.EXCELLENT: Decimal(3),
    PerformanceGrade.COMPETENT: Decimal(2),
    PerformanceGrade.BASIC: Decimal(1),
    PerformanceGrade.INCOMPETENT: Decimal(0),
}
# (grades a post is usually on): seasoned heads higher, new 专职 workers low.
GRADE_RANGES = {"head": (7, 18, 12), "deputy": (4, 15, 9), "staff": (1, 12, 4)}
HEAD_POSTS = ("书记", "居委会主任", "村委会主任", "村务监督委员会主任")
DEPUTY_POSTS = ("副主任", "副书记")
PUBLIC_POSTS = [
    "楼栋长",
    "政策宣传员",
    "文明劝导员",
    "平安巡防员",
    "矛盾调解员",
    "环境监督员",
    "邻里互助员",
    "党员志愿者",
]


def _bounds(city: Territory):
    return subtree_bounds(city.path)


def _round10(value: Decimal) -> Decimal:
    return (value / 10).quantize(Decimal(1)) * 10


def tables_build(*, city: Territory, seed: int, step) -> None:
    this = today().year
    types = {t.code: t for t in PostType.objects.all()}
    made = 0
    with transaction.atomic():
        for year, factor in ((this - 1, Decimal(1)), (this, RAISE)):
            if PayScale.objects.filter(territory=city, year=year).exists():
                continue
            rows = [
                PayScale(
                    territory=city,
                    year=year,
                    post_type=t,
                    grade=g,
                    monthly_base=_round10((STAFF_BASE + POST_PREMIUM[code] + STEP * (g - 1)) * factor),
                )
                for code, t in types.items()
                for g in range(1, 19)
            ]
            PayScale.objects.bulk_create(rows)
            PerformanceRule.objects.bulk_create(
                PerformanceRule(territory=city, year=year, grade=g, coefficient=c)
                for g, c in COEFFICIENTS.items()
            )
            made += len(rows)
    step(f"  报酬标准 {made} 格（3岗18级，{this - 1}、{this} 年）" if made else "报酬标准已生成，跳过")


def post_type_of(post: str) -> str:
    if any(w in post for w in DEPUTY_POSTS):
        return "deputy"
    if any(w in post for w in HEAD_POSTS):
        return "head"
    return "staff"


def grades_build(*, city: Territory, seed: int, step) -> None:
    workers = CommunityWorker.objects.filter(
        territory__path__range=_bounds(city), workforce_grade__isnull=True
    )
    if WorkerGrade.objects.filter(worker__territory__path__range=_bounds(city)).exists():
        step("岗位等级已生成，跳过")
        return
    rng = random.Random(seed + 9101)
    types = {t.code: t for t in PostType.objects.all()}
    this = today().year
    rows = []
    for pk, post in workers.order_by("pk").values_list("pk", "post"):
        code = post_type_of(post or "")
        low, high, mode = GRADE_RANGES[code]
        roll = rng.random()
        if roll < 0.04:  # hired this year
            since = dt.date(this, rng.randint(1, max(1, today().month)), 1)
        elif roll < 0.10:  # hired last year: paid for part of it
            since = dt.date(this - 1, rng.randint(2, 12), 1)
        else:
            since = dt.date(rng.randint(2012, this - 2), rng.randint(1, 12), 1)
        rows.append(
            WorkerGrade(
                worker_id=pk, post_type=types[code], grade=round(rng.triangular(low, high, mode)), since=since
            )
        )
    WorkerGrade.objects.bulk_create(rows, batch_size=BATCH)
    step(f"  岗位等级 {len(rows)} 人")


def populations_build(*, city: Territory, seed: int, step) -> None:
    """Urban populations such that most communities meet 18 per 10,000 and about a fifth fall short."""
    this = today().year
    if CommunityPopulation.objects.filter(territory__path__range=_bounds(city), year=this).exists():
        step("城镇常住人口已生成，跳过")
        return
    rng = random.Random(seed + 9102)
    communities = (
        Territory.objects.filter(path__range=_bounds(city), level=Level.COMMUNITY)
        .exclude(kind=Kind.RURAL)
        .order_by("path")
    )
    workers = dict(
        CommunityWorker.objects.filter(territory__in=communities)
        .values_list("territory_id")
        .annotate(n=Count("id"))
        .values_list("territory_id", "n")
    )
    rows = []
    for c in communities.only("pk"):
        n = workers.get(c.pk, 0) or 5
        factor = rng.uniform(1.02, 1.45) if rng.random() < 0.22 else rng.uniform(0.62, 0.98)
        people = int(n * 10_000 / 18 * factor)
        rows.append(
            CommunityPopulation(
                territory_id=c.pk, year=this, urban_resident_population=people, source="统计局年报"
            )
        )
        rows.append(
            CommunityPopulation(
                territory_id=c.pk,
                year=this - 1,
                urban_resident_population=int(people * rng.uniform(0.97, 1.0)),
                source="统计局年报",
            )
        )
    CommunityPopulation.objects.bulk_create(rows, batch_size=BATCH)
    step(f"  城镇常住人口 {len(rows) // 2} 个城镇社区（{this - 1}、{this} 年）")


def pay_build(*, city: Territory, step) -> None:
    """Compute last year's pay; again once the assessment demo has published results it lacked."""
    year = today().year - 1
    records = PayRecord.objects.filter(year=year, territory__path__range=_bounds(city))
    results = results_for(scheme_code=COMMUNITY_WORKER_PERFORMANCE, period_key=str(year))
    published = any(r.published for r in results.values())
    if records.exists() and not (published and not records.exclude(performance_grade="").exists()):
        step(f"{year} 年度报酬已核算，跳过")
        return
    run = pay_compute(actor=None, year=year, territory_id=city.pk)
    missing = f"，{len(run.without_result)} 人无考核结果" if run.without_result else ""
    step(f"  {year} 年度报酬 {run.workers} 人，合计 {run.total:,.0f} 元{missing}")


def cards_build(*, city: Territory, seed: int, step) -> None:
    if MemberCard.objects.filter(party_member__territory__path__range=_bounds(city)).exists():
        step("党员亮身份已生成，跳过")
        return
    rng = random.Random(seed + 9109)
    rows = []
    for pk in (
        PartyMember.objects.filter(territory__path__range=_bounds(city))
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        roll = rng.random()
        if roll < 0.02:
            rows.append(MemberCard(party_member_id=pk, hidden=True))
        elif roll < 0.35:
            rows.append(MemberCard(party_member_id=pk, public_post=rng.choice(PUBLIC_POSTS)))
    MemberCard.objects.bulk_create(rows, batch_size=BATCH)
    step(f"  党员亮身份 {len(rows)} 张（{sum(1 for r in rows if r.hidden)} 人选择不公开）")
