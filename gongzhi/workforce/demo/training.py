"""Demo training: each street's council-member and party-member courses this year, and the 红牌班.

About 70–90 % of council members and 60–85 % of party members (varying by street) attend at least
one session; the 红牌班 of the last half-year takes the secretaries the assessment demo carded red.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongzhi.core.bulk import fast_insert
from gongzhi.core.periods import last_full, today
from gongzhi.people.models import CouncilMember, PartyMember
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds
from gongzhi.workforce.models import Attendance, Course, Enrollment, Session
from gongzhi.workforce.selectors.tree import Owners
from gongzhi.workforce.services import red_card_class_enrol
from gongzhi.workforce.workflow import CourseKind, PersonKind

BATCH = 5000
COUNCIL_TOPICS = [
    (3, "“一组一会”议事规则与四议两公开"),
    (6, "矛盾纠纷排查化解实务"),
    (9, "居民诉求办理与反馈"),
]
MEMBER_TOPICS = [
    (2, "党章党规学习"),
    (4, "党的创新理论专题学习"),
    (7, "“党员亮牌”亮诺践诺交流"),
    (10, "基层治理政策解读"),
]
RED_CARD_TOPICS = [
    "找差距：考核问题清单逐项剖析",
    "补短板：村级组织运转规范",
    "强本领：带头致富与治理案例",
    "结业考试",
]


def _sessions(course: Course, topics, year: int, rng: random.Random) -> list[Session]:
    out = []
    for month, topic in topics:
        day = dt.date(year, month, rng.randint(5, 25))
        if day <= today():
            out.append(
                Session(
                    course=course,
                    date=day,
                    hours=Decimal(rng.choice((2, 3, 3, 4))),
                    topic=topic,
                    place="党群服务中心",
                )
            )
    return out


def _by_street(owners: Owners, rows) -> dict[str, list[tuple[int, str, int]]]:
    out: dict[str, list[tuple[int, str, int]]] = {}
    for pk, name, territory_id, path in rows.iterator(chunk_size=20000):
        street = owners.of(path)
        if street is not None:
            out.setdefault(street.path, []).append((pk, name, territory_id))
    return out


def training_build(*, city: Territory, seed: int, step) -> None:
    year = today().year
    bounds = subtree_bounds(city.path)
    if Course.objects.filter(
        territory__path__range=bounds, year=year, kind=CourseKind.COUNCIL_TRAINING
    ).exists():
        step("培训班已生成，跳过")
        return
    rng = random.Random(seed + 9107)
    streets = list(Territory.objects.filter(path__range=bounds, level=Level.STREET).order_by("path"))
    councils: dict[str, list[tuple[int, str, int]]] = {}
    for pk, name, territory_id, path in (
        CouncilMember.objects.filter(council__territory__path__range=bounds)
        .order_by("pk")
        .values_list("pk", "name", "council__territory_id", "council__territory__path")
    ):
        councils.setdefault(path[: len(streets[0].path)] if streets else "", []).append(
            (pk, name, territory_id)
        )
    members: dict[str, list[tuple[int, str, int]]] = {}
    for pk, name, territory_id, path in (
        PartyMember.objects.filter(territory__path__range=bounds)
        .order_by("pk")
        .values_list("pk", "name", "territory_id", "territory__path")
    ):
        members.setdefault(path[: len(streets[0].path)] if streets else "", []).append(
            (pk, name, territory_id)
        )
    plan = []
    for s in streets:
        plan.append((s, CourseKind.COUNCIL_TRAINING, f"{year}年{s.name}组会成员轮训班", COUNCIL_TOPICS, PersonKind.COUNCIL_MEMBER,
                     councils.get(s.path, []), rng.uniform(0.7, 0.9)))  # fmt: skip
        plan.append((s, CourseKind.MEMBER_EDUCATION, f"{year}年{s.name}党员教育培训班", MEMBER_TOPICS, PersonKind.PARTY_MEMBER,
                     members.get(s.path, []), rng.uniform(0.6, 0.85)))  # fmt: skip
    with transaction.atomic():
        courses = [
            Course(name=name, kind=kind, period_key=str(year), year=year, territory=s)
            for s, kind, name, *_ in plan
        ]
        Course.objects.bulk_create(courses, batch_size=BATCH)
        sessions = {c.pk: _sessions(c, p[3], year, rng) for c, p in zip(courses, plan, strict=True)}
        Session.objects.bulk_create([x for v in sessions.values() for x in v], batch_size=BATCH)
        now = timezone.now()
        plan_of = {c.pk: (sessions[c.pk], p[4], p[5], p[6]) for c, p in zip(courses, plan, strict=True)}
        enrolled = fast_insert(
            Enrollment,
            ["course", "person_kind", "person_id", "name", "territory", "created_at", "updated_at"],
            (
                (course_id, kind, pk, name[:50], territory_id, now, now)
                for course_id, (_held, kind, people, _share) in plan_of.items()
                for pk, name, territory_id in people
            ),
        )
        ids = (
            Enrollment.objects.filter(course_id__in=list(plan_of))
            .values_list("pk", "course_id")
            .order_by("pk")
        )
        rows = []
        for enrollment_id, course_id in ids.iterator(chunk_size=20000):
            held, _kind, _people, share = plan_of[course_id]
            if held and rng.random() < share:
                for session in rng.sample(held, rng.randint(1, len(held))):
                    rows.append((session.pk, enrollment_id, now, now))
        attended = fast_insert(Attendance, ["session", "enrollment", "created_at", "updated_at"], rows)
    step(f"  培训班 {len(courses)} 个，学员 {enrolled} 人次，出勤 {attended} 人次")


def red_card_build(*, city: Territory, seed: int, step) -> None:
    """Enrol the last half-year's red cards in the city's 红牌班, with its sessions and attendance."""
    half = last_full("half")
    bounds = subtree_bounds(city.path)
    if Course.objects.filter(
        territory__path__range=bounds, kind=CourseKind.RED_CARD_CLASS, period_key=half.key
    ).exists():
        step("红牌班已生成，跳过")
        return
    done = red_card_class_enrol(actor=None, period_key=half.key, territory_id=city.pk)
    if done.course is None:
        step(f"  {half.label}没有已公布的红牌，未开红牌班")
        return
    rng = random.Random(seed + 9108)
    start = half.end + dt.timedelta(days=10)
    sessions = [
        Session(
            course=done.course,
            date=start + dt.timedelta(days=14 * i),
            hours=Decimal(4),
            topic=t,
            place="市委党校",
        )
        for i, t in enumerate(RED_CARD_TOPICS)
        if start + dt.timedelta(days=14 * i) <= today()
    ]
    with transaction.atomic():
        Session.objects.bulk_create(sessions)
        rows = [
            Attendance(session=s, enrollment=e)
            for e in done.course.enrollments.order_by("pk")
            for s in sessions
            if rng.random() < 0.92
        ]
        Attendance.objects.bulk_create(rows)
    step(f"  {done.course.name}：{done.enrolled} 名红牌书记，{len(sessions)} 场，出勤 {len(rows)} 人次")
