"""Demo reserve pools and 驻村强基 postings with a year of days on site.

How many first secretaries: Lufeng (seed 004) sent 98 young cadres as first secretaries to its
villages; the 2023 division file lists 293 rural villages (村民委员会) under 陆丰市 (441581), so
about one village in three (98 ÷ 293 ≈ 33 %) has one, and 51 选调生 went with them (51 ÷ 98 ≈ 0.52
per first secretary). Resident cadres, village police and leader contacts go to every village and
community (领导包村(社区)、一村(社区)一驻村干部、一村(社区)一(辅)警) — all but a few, so the
coverage page has gaps to show.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from gongzhi.core.bulk import fast_insert
from gongzhi.core.periods import today
from gongzhi.demo.people import PeopleMaker
from gongzhi.territory.levels import Kind, Level
from gongzhi.territory.models import Territory, subtree_bounds
from gongzhi.workforce.models import OnSiteDay, Posting, ReserveCandidate
from gongzhi.workforce.services import reserve_promote
from gongzhi.workforce.workflow import STATIONED_KINDS, Education, PostingKind

BATCH = 5000
FIRST_SECRETARY_SHARE = 98 / 293  # Lufeng: 98 first secretaries, 293 rural villages
GRADUATES_PER_SECRETARY = 51 / 98
GAP = 0.04  # villages and communities still waiting for a cadre or an officer
UNITS = ["自然资源和规划局", "财政局", "住房和城乡建设局", "教育局", "卫生健康委员会", "农业农村局",
         "人力资源和社会保障局", "交通运输局", "水利局", "市场监督管理局", "民政局", "统计局", "委组织部",
         "委宣传部", "生态环境局", "文化和旅游局"]  # fmt: skip
TITLES = ["科员", "一级科员", "四级主任科员", "副科长", "三级主任科员"]
LEADER_TITLES = ["党委副书记", "党委委员", "副镇长", "副主任", "人大主席", "武装部长"]
VACANCIES = ["居(村)委会委员", "党组织委员", "居(村)委会副主任"]
EDUCATION = [
    (Education.POSTGRADUATE, 5),
    (Education.BACHELOR, 45),
    (Education.COLLEGE, 35),
    (Education.HIGH_SCHOOL, 15),
]
NOTES = [
    "走访脱贫户",
    "召开村民代表会议",
    "入户宣传政策",
    "协调产业项目",
    "排查安全隐患",
    "参加“四议两公开”会议",
    "处理群众诉求",
]


def _communities(city: Territory):
    return list(
        Territory.objects.filter(path__range=subtree_bounds(city.path), level=Level.COMMUNITY)
        .order_by("path")
        .only("pk", "path", "name", "kind")
    )


def reserve_build(*, city: Territory, seed: int, step) -> None:
    if ReserveCandidate.objects.filter(territory__path__range=subtree_bounds(city.path)).exists():
        step("后备人才库已生成，跳过")
        return
    rng = random.Random(seed + 9103)
    people = PeopleMaker(seed + 9104)
    year = today().year - 1
    rows, promote = [], []
    educations, weights = zip(*EDUCATION, strict=True)
    for c in _communities(city):
        names: set[str] = set()
        for _ in range(rng.randint(3, 8)):
            gender = rng.choice(("male", "female"))
            name = people.name(gender)
            while name in names:
                name = people.name(gender)
            names.add(name)
            rows.append(
                ReserveCandidate(
                    territory_id=c.pk,
                    name=name,
                    gender=gender,
                    birth_year=rng.randint(1978, 2001),
                    education=rng.choices(educations, weights)[0],
                    exam_year=year,
                    exam_score=round(rng.uniform(60, 95), 1),
                    interview_score=None if rng.random() < 0.1 else round(rng.uniform(65, 95), 1),
                )
            )
        if rng.random() < 0.2:
            promote.append(c.pk)
    with transaction.atomic():
        ReserveCandidate.objects.bulk_create(rows, batch_size=BATCH)
        start = dt.date(today().year, 1, 1)
        for pk in promote:
            on = start + dt.timedelta(days=rng.randint(0, max(0, (today() - start).days)))
            reserve_promote(
                actor=None, territory_id=pk, post=rng.choice(VACANCIES), on=on, note="换届后出现空缺"
            )
    step(f"  两委后备人选 {len(rows)} 人，其中 {len(promote)} 个村(社区)已递补")


def postings_build(*, city: Territory, seed: int, step) -> None:
    if Posting.objects.filter(territory__path__range=subtree_bounds(city.path)).exists():
        step("驻村力量已生成，跳过")
        return
    rng = random.Random(seed + 9105)
    people = PeopleMaker(seed + 9106)
    communities = _communities(city)
    parents = {
        t.path: t.name
        for t in Territory.objects.filter(path__in={c.path[: -Territory.steplen] for c in communities})
    }
    city_name = city.name
    this = today()
    rows: list[Posting] = []

    def add(kind, c, start, *, unit, title="", end=None, gender=None):
        rows.append(
            Posting(
                kind=kind,
                person_name=people.name(gender or rng.choice(("male", "male", "female"))),
                phone=people.phone(),
                from_unit=unit,
                title=title,
                territory_id=c.pk,
                start=start,
                end=end,
            )
        )

    def day_between(a: dt.date, b: dt.date) -> dt.date:
        return a + dt.timedelta(days=rng.randint(0, max(0, (b - a).days)))

    term_start = dt.date(this.year - 1, 3, 1)
    for c in communities:
        street = parents.get(c.path[: -Territory.steplen], "")
        village = c.kind == Kind.RURAL
        if village and rng.random() < FIRST_SECRETARY_SHARE:
            # The previous term ended when this one began.
            add(PostingKind.FIRST_SECRETARY, c, dt.date(this.year - 3, 3, 1), unit=f"{city_name}{rng.choice(UNITS)}",
                title=rng.choice(TITLES), end=term_start - dt.timedelta(days=1))  # fmt: skip
            add(PostingKind.FIRST_SECRETARY, c, day_between(term_start, term_start + dt.timedelta(days=90)),
                unit=f"{city_name}{rng.choice(UNITS)}", title=rng.choice(TITLES))  # fmt: skip
            if rng.random() < GRADUATES_PER_SECRETARY:
                add(PostingKind.SELECTED_GRADUATE, c, dt.date(this.year - 1, 8, rng.randint(1, 20)),
                    unit=f"{city_name}委组织部", title="选调生")  # fmt: skip
        if rng.random() > GAP:
            add(PostingKind.RESIDENT_CADRE, c, day_between(dt.date(this.year - 2, 1, 1), this - dt.timedelta(days=60)),
                unit=f"{street}机关" if rng.random() < 0.5 else f"{city_name}{rng.choice(UNITS)}", title=rng.choice(TITLES))  # fmt: skip
        if rng.random() > GAP:
            add(PostingKind.VILLAGE_POLICE, c, day_between(dt.date(this.year - 3, 1, 1), this - dt.timedelta(days=30)),
                unit=f"{street}派出所", title="辅警")  # fmt: skip
        add(
            PostingKind.LEADER_CONTACT,
            c,
            dt.date(this.year, 1, 1),
            unit=f"{street}党(工)委",
            title=rng.choice(LEADER_TITLES),
        )
    with transaction.atomic():
        Posting.objects.bulk_create(rows, batch_size=BATCH)
        now = timezone.now()
        days = fast_insert(
            OnSiteDay,
            ["posting", "date", "note", "created_at", "updated_at"],
            ((p_id, d, note, now, now) for p_id, d, note in _days(rows, rng)),
        )
    fs = sum(1 for p in rows if p.kind == PostingKind.FIRST_SECRETARY and p.end is None)
    villages = sum(1 for c in communities if c.kind == Kind.RURAL)
    step(f"  驻村力量 {len(rows)} 人次：第一书记 {fs} 名（{villages} 个行政村），在岗记录 {days} 天")


def _days(postings: list[Posting], rng: random.Random) -> list[tuple[int, dt.date, str]]:
    """Most stationed cadres log 15–22 days a month this year (Sundays off); a few fall short."""
    this = today()
    months: list[tuple[dt.date, list[dt.date], float]] = []
    month = dt.date(this.year, 1, 1)
    while month <= this:
        last_day = calendar.monthrange(month.year, month.month)[1]
        days = [
            d for d in (month.replace(day=i) for i in range(1, last_day + 1)) if d <= this and d.weekday() < 6
        ]
        # The month under way is logged as far as it has come.
        share = this.day / last_day if (month.year, month.month) == (this.year, this.month) else 1.0
        months.append((month, days, share))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    out = []
    for p in postings:
        if p.kind not in STATIONED_KINDS or p.end is not None:
            continue
        for first, days, share in months:
            if p.start > first:
                days = [d for d in days if d >= p.start]
                if not days:
                    continue
            want = rng.randint(10, 14) if rng.random() < 0.08 else rng.randint(15, 22)
            for d in sorted(rng.sample(days, min(round(want * share), len(days)))):
                out.append((p.pk, d, rng.choice(NOTES) if rng.random() < 0.3 else ""))
    return out
