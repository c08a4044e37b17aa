"""Demo deliberation: a year of topics at every step of both procedures, with meetings, votes,
notices, comments, regular meetings and reminders, and one topic escalated from a demand."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from gongzhi.deliberation.demo_topics import TopicMaker
from gongzhi.deliberation.meetings import meetings_schedule, reminders_send
from gongzhi.deliberation.models import CatalogueEntry, ConsultationCatalogue, MeetingSeries, Topic
from gongzhi.deliberation.recurrence import MeetingKind
from gongzhi.deliberation.workflow import Body, Procedure
from gongzhi.people.models import Council, RoleAssignment, User
from gongzhi.people.roles import Role
from gongzhi.territory.levels import Kind, Level
from gongzhi.territory.models import Territory, subtree_bounds

DEMO_ORDER = 30


def demo_build(*, city: Territory, seed: int, scale: float, step) -> None:
    bounds = subtree_bounds(city.path)
    if Topic.objects.filter(territory__path__range=bounds).exists():
        step("议事协商已生成，跳过 / deliberation already built, skipped")
        return
    rng = random.Random(seed + 6)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    communities = _pick_communities(city, rng, per_kind=max(2, round(12 * scale)))
    step(f"生成议事协商：{len(communities)} 个社区和行政村的议题、会议、表决、公开栏 / deliberation")
    with transaction.atomic():
        _catalogues(city, communities)
        maker = TopicMaker(rng=rng, now=now)
        for community in communities:
            maker.build_community(community)
        maker.flush()
        _regular_meetings(city, now)
    _escalated_demand(city, communities[0], step)
    n = Topic.objects.filter(territory__path__range=bounds).count()
    step(f"  议题 {n} 个，会议 {maker.meeting_count} 次，公告 {maker.publication_count} 条")


def _pick_communities(city: Territory, rng: random.Random, per_kind: int) -> list[Territory]:
    """The demo logins' community first, then urban communities and villages that have councils."""
    comms = Territory.objects.subtree(city).filter(level=Level.COMMUNITY)
    with_councils = set(
        Council.objects.filter(territory__path__range=subtree_bounds(city.path)).values_list(
            "territory__path", flat=True
        )
    )
    paths_with = {p[: len(p) - Territory.steplen * k] for p in with_councils for k in (0, 1)}
    first = []
    login = (
        RoleAssignment.objects.filter(user__username=Role.COMMUNITY_WORKER.value)
        .select_related("territory")
        .first()
    )
    if login and login.territory.level == Level.COMMUNITY:
        first = [login.territory]
    urban = [c for c in comms.filter(kind=Kind.URBAN) if c.path in paths_with and c not in first]
    rural = [c for c in comms.filter(kind=Kind.RURAL) if c.path in paths_with]
    rng.shuffle(urban)
    rng.shuffle(rural)
    return first + urban[: per_kind - len(first)] + rural[:per_kind]


def _catalogues(city: Territory, communities: list[Territory]) -> None:
    year = timezone.localdate().year
    cat = ConsultationCatalogue.objects.create(
        territory=city, name=f"{year}年{city.name}城乡社区协商目录", year=year
    )
    entries = [
        (
            "小区公共收益使用和维修资金",
            ["property"],
            ["公共收益", "维修资金", "物业费"],
            Procedure.SIX_STEPS,
            False,
        ),
        ("加装电梯、停车、充电桩等公共设施", [], ["加装电梯", "停车", "充电桩"], Procedure.SIX_STEPS, False),
        ("居民公约、村规民约的制定和修订", [], ["公约", "村规民约"], Procedure.SIX_STEPS, False),
        (
            "集体资产、资源的发包、出租和处置",
            [],
            ["承包", "发包", "出租", "集体资产"],
            Procedure.FOUR_DELIBERATIONS,
            True,
        ),
        (
            "征地拆迁补偿和集体收益分配",
            [],
            ["征地", "拆迁", "分红", "补偿"],
            Procedure.FOUR_DELIBERATIONS,
            True,
        ),
        ("村级重大项目和大额资金使用", [], ["村道", "水利", "项目资金"], Procedure.FOUR_DELIBERATIONS, True),
    ]
    CatalogueEntry.objects.bulk_create(
        [
            CatalogueEntry(catalogue=cat, title=t, categories=c, keywords=k, procedure=p, is_major=m)
            for t, c, k, p, m in entries
        ]
    )
    village = next((c for c in communities if c.kind == Kind.RURAL), None)
    if village is not None:
        own = ConsultationCatalogue.objects.create(
            territory=village, name=f"{year}年{village.name}村级协商目录", year=year
        )
        CatalogueEntry.objects.create(
            catalogue=own,
            title="宅基地和建房审批",
            keywords=["宅基地", "建房"],
            procedure=Procedure.FOUR_DELIBERATIONS,
            is_major=True,
        )


def _regular_meetings(city: Territory, now: dt.datetime) -> None:
    """逢四说事 for the demo council, a monthly 民主议政日 and a weekly 一周一碰头, the next month scheduled."""
    login = (
        RoleAssignment.objects.filter(user__username=Role.COUNCIL_MEMBER.value)
        .select_related("territory")
        .first()
    )
    council = Council.objects.filter(territory=login.territory).first() if login else None
    if council is None:
        council = (
            Council.objects.filter(territory__path__range=subtree_bounds(city.path)).order_by("id").first()
        )
    if council is None:
        return
    community = Territory.objects.get(path=council.territory.path[: -Territory.steplen])
    today = timezone.localtime(now).replace(hour=9, minute=0)
    for title, kind, body, node, hour in [
        (f"{council.name}逢四说事", MeetingKind.FOUR_DAY, Body.COUNCIL, council.territory, 9),
        (f"{community.name}民主议政日", MeetingKind.MONTHLY_DAY, Body.REPRESENTATIVES, community, 15),
        (f"{community.name}两委一周一碰头", MeetingKind.WEEKLY, Body.COMMITTEES, community, 8),
    ]:
        series = MeetingSeries.objects.create(
            territory=node,
            title=title,
            kind=kind,
            body=body,
            council=council if body == Body.COUNCIL else None,
            first_at=today.replace(hour=hour) - dt.timedelta(days=60),
            place=f"{community.name}党群服务中心议事厅",
        )
        meetings_schedule(series=series, until=now + dt.timedelta(days=31), now=now)
    reminders_send(now=now, within_hours=24 * 10)


def _escalated_demand(city: Territory, community: Territory, step) -> None:
    """A resident's demand escalated into deliberation, decided by the council and resumed."""
    from gongzhi.deliberation.demo_escalation import escalate_and_decide

    worker = User.objects.filter(username=Role.COMMUNITY_WORKER.value).first()
    if worker is None:
        return
    topic = escalate_and_decide(actor=worker, community=community)
    if topic is not None and topic.source_demand_id:
        from gongzhi.demands.models import Demand

        state = Demand.objects.get(pk=topic.source_demand_id).get_state_display()
        step(
            f"  诉求 #{topic.source_demand_id} 上报议事（议题 #{topic.pk}），议事会决定后诉求恢复办理：{state}"
        )
