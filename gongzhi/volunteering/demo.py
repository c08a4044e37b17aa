"""Demo: a year of volunteering in every community — teams, volunteers, activities, sign-ups, posts, pledges.

Sizes at scale 1 follow Bengbu's reports (about 12,000 activities a year, about 23 people
served per activity). Written in bulk; skipped when the city has volunteers already.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongzhi.core.bulk import fast_insert
from gongzhi.people.models import PartyMember, Resident
from gongzhi.territory.levels import BRANCH_UNIT_LEVELS, Level
from gongzhi.territory.models import Territory, subtree_bounds
from gongzhi.volunteering.models import (
    Activity,
    ActivityCategory,
    ActivityEvent,
    GovernancePost,
    Pledge,
    PostClaim,
    SignUp,
    TeamKind,
    Volunteer,
    VolunteerTeam,
)
from gongzhi.volunteering.services import hours_between
from gongzhi.volunteering.workflow import ActivityState, SignUpState

DEMO_ORDER = 40

# (category, titles, places)
ACTIVITIES = [
    (
        ActivityCategory.ELDERLY,
        ["独居老人上门探访", "敬老院义剪", "助老送餐", "老年人智能手机教学"],
        ["社区养老服务站", "日间照料中心"],
    ),
    (
        ActivityCategory.CHILDREN,
        ["四点半课堂", "留守儿童陪伴", "暑期托管志愿服务"],
        ["社区儿童之家", "新时代文明实践站"],
    ),
    (
        ActivityCategory.ENVIRONMENT,
        ["小区环境大扫除", "垃圾分类宣传引导", "清理楼道杂物", "河道巡护"],
        ["小区广场", "楼栋周边"],
    ),
    (ActivityCategory.CIVILITY, ["文明交通劝导", "文明养犬宣传", "移风易俗宣讲"], ["路口", "社区广场"]),
    (ActivityCategory.SAFETY, ["平安巡防", "消防安全检查", "防范电信诈骗宣传"], ["小区各楼栋", "社区警务室"]),
    (
        ActivityCategory.HEALTH,
        ["义诊进社区", "健康知识讲座", "免费测血压血糖"],
        ["社区卫生服务站", "党群服务中心"],
    ),
    (ActivityCategory.LEGAL, ["法律咨询进社区", "民法典宣讲"], ["党群服务中心", "议事说事点"]),
    (
        ActivityCategory.CULTURE,
        ["邻里节文艺汇演", "红色故事会", "书法进社区"],
        ["社区文化广场", "党群服务中心"],
    ),
]
POSTS = [
    ("楼栋长助理", "协助楼栋长联系住户、收集诉求"),
    ("文明劝导员", "劝导不文明行为，宣传文明新风"),
    ("政策宣传员", "向群众宣讲政策、解答疑问"),
    ("矛盾调解员", "参与邻里纠纷调解"),
    ("环境监督员", "监督小区环境卫生和垃圾分类"),
    ("平安巡防员", "参与治安巡防，发现隐患及时上报"),
    ("邻里互助员", "结对帮扶独居老人和困难家庭"),
]
PROMISES = [
    "每月走访联系户不少于一次，帮助解决实际困难",
    "每季度参加志愿服务不少于两次",
    "带头做好垃圾分类，劝导身边人文明生活",
    "结对帮扶一户困难家庭，定期上门看望",
    "协助网格员排查安全隐患，发现问题及时上报",
    "参与小区议事协商，带头遵守居民公约",
]
RESULTS = [
    "走访联系户 {n} 次，帮助解决问题 {k} 件",
    "参加志愿服务 {n} 次，累计服务 {k} 小时",
    "劝导不文明行为 {n} 次，组织宣传活动 {k} 场",
    "上门看望帮扶对象 {n} 次，协调解决困难 {k} 件",
]
HOURS = (8, 9, 14, 15, 19)
SIGNUP_FIELDS = (
    "activity",
    "volunteer",
    "state",
    "checked_in_at",
    "checked_out_at",
    "service_hours",
    "created_at",
    "updated_at",
)


def demo_build(*, city: Territory, seed: int, scale: float, step) -> None:
    bounds = subtree_bounds(city.path)
    if Volunteer.objects.filter(territory__path__range=bounds).exists():
        step("志愿服务演示数据已生成，跳过 / volunteering already built, skipped")
        return
    rng = random.Random(seed + 41)
    step("生成志愿服务：队伍、志愿者、活动、报名与时长、认领岗位、亮诺亮绩 / volunteering")
    communities = list(
        Territory.objects.filter(path__range=bounds, level=Level.COMMUNITY)
        .order_by("path")
        .values_list("id", "path", "name")
    )
    units: dict[str, list[int]] = defaultdict(list)
    for uid, path in Territory.objects.filter(path__range=bounds, level__in=BRANCH_UNIT_LEVELS).values_list(
        "id", "path"
    ):
        units[path[: len(path) - Territory.steplen]].append(uid)
    by_path = {p: cid for cid, p, _ in communities}
    plen = len(communities[0][1]) if communities else 0
    residents: dict[int, list[tuple]] = defaultdict(list)
    # One adult in about seven registers as a volunteer candidate: a modulo keeps the read small.
    rows = (
        Resident.objects.filter(household__path__range=bounds)
        .annotate(m=F("id") % 7)
        .filter(m=0)
        .values_list("id", "name", "gender", "phone", "household__path")
    )
    for rid, name, gender, phone, hpath in rows.iterator(chunk_size=5000):
        cid = by_path.get(hpath[:plen])
        if cid and phone:
            residents[cid].append((rid, name, gender, phone))
    members: dict[int, list[tuple]] = defaultdict(list)
    # A member reports to a community or to a unit below it: group them by their community.
    for mid, name, gender, phone, mpath, in_service in PartyMember.objects.filter(
        territory__path__range=bounds
    ).values_list("id", "name", "gender", "phone", "territory__path", "registered_in_service"):
        cid = by_path.get(mpath[:plen])
        if cid:
            members[cid].append((mid, name, gender, phone, cid, in_service))
    today = timezone.localdate()
    with transaction.atomic():
        _build(rng, scale, today, communities, units, residents, members, step)


def _build(rng, scale, today, communities, units, residents, members, step) -> None:
    teams, vols = [], []
    now = timezone.now().replace(microsecond=0)
    for cid, _path, name in communities:
        short = name.removesuffix("社区").removesuffix("居委会").removesuffix("村")
        teams.append(
            VolunteerTeam(
                name=f"{short}红马甲党员志愿服务队", kind=TeamKind.PARTY, territory_id=cid, leader_name=""
            )
        )
        teams.append(
            VolunteerTeam(name=f"{short}邻里守望志愿服务队", kind=TeamKind.RESIDENTS, territory_id=cid)
        )
    VolunteerTeam.objects.bulk_create(teams, batch_size=2000)
    team_of = defaultdict(list)
    for t in VolunteerTeam.objects.filter(territory_id__in=[c[0] for c in communities]).values_list(
        "id", "territory_id", "kind"
    ):
        team_of[t[1]].append(t)
    seen: set[tuple] = set()
    for cid, _, _ in communities:
        party_team = next((t[0] for t in team_of[cid] if t[2] == TeamKind.PARTY), None)
        resident_team = next((t[0] for t in team_of[cid] if t[2] == TeamKind.RESIDENTS), None)
        pool = residents.get(cid, [])
        for rid, name, gender, phone in rng.sample(pool, min(len(pool), max(3, round(25 * scale)))):
            if (cid, name, phone) not in seen:
                seen.add((cid, name, phone))
                vols.append(
                    _volunteer(rng, today, now, cid, name, gender, phone, resident_team, resident_id=rid)
                )
        for mid, name, gender, phone, _, in_service in members.get(cid, []):
            if (in_service or rng.random() < 0.3) and phone and (cid, name, phone) not in seen:
                seen.add((cid, name, phone))
                vols.append(
                    _volunteer(rng, today, now, cid, name, gender, phone, party_team, party_member_id=mid)
                )
    fast_insert(Volunteer, VOLUNTEER_FIELDS, vols)
    step(f"  志愿队伍 {len(teams)} 支，志愿者 {len(vols)} 人")
    _activities(rng, scale, today, communities, units, team_of, step)
    _posts_and_pledges(rng, today, communities, members, step)


VOLUNTEER_FIELDS = (
    "name",
    "gender",
    "phone",
    "id_number",
    "territory",
    "team",
    "resident",
    "party_member",
    "skills",
    "registered_on",
    "created_at",
    "updated_at",
)
SKILLS = ["理发", "义诊", "法律咨询", "文艺", "维修", "心理疏导", "摄影", "教学"]


def _volunteer(
    rng, today, now, cid, name, gender, phone, team_id, resident_id=None, party_member_id=None
) -> tuple:
    registered = today - dt.timedelta(days=rng.randint(30, 1500))
    skills = rng.sample(SKILLS, rng.randint(0, 2))
    return (
        name,
        gender or "",
        phone,
        "",
        cid,
        team_id,
        resident_id,
        party_member_id,
        skills,
        registered,
        now,
        now,
    )


def _activities(rng, scale, today, communities, units, team_of, step) -> None:
    vols_of = defaultdict(list)
    for vid, cid in Volunteer.objects.filter(territory_id__in=[c[0] for c in communities]).values_list(
        "id", "territory_id"
    ):
        vols_of[cid].append(vid)
    acts, plans = [], []
    for cid, path, _ in communities:
        n = max(1, round(rng.gauss(10.5, 3) * scale))
        for _ in range(n):
            category, titles, places = rng.choice(ACTIVITIES)
            offset = rng.randint(-365, 30)
            day = today + dt.timedelta(days=offset)
            start = timezone.make_aware(
                dt.datetime.combine(day, dt.time(rng.choice(HOURS), rng.choice((0, 30))))
            )
            end = start + dt.timedelta(minutes=rng.choice((90, 120, 150, 180, 240)))
            future = start > timezone.now()
            capacity = rng.choice((5, 8, 10, 12, 15, 20, 30))
            where = rng.choice(units.get(path) or [cid]) if rng.random() < 0.5 else cid
            acts.append(
                Activity(
                    title=rng.choice(titles),
                    category=category,
                    territory_id=where,
                    team_id=rng.choice(team_of[cid])[0] if team_of[cid] else None,
                    place=rng.choice(places),
                    starts_at=start,
                    ends_at=end,
                    capacity=capacity,
                    state=ActivityState.OPEN if future else ActivityState.FINISHED,
                    people_served=0 if future else max(1, round(rng.gauss(23, 9))),
                    description="",
                )
            )
            plans.append((cid, future))
    Activity.objects.bulk_create(acts, batch_size=2000)
    signups, events = [], []
    now = timezone.now().replace(microsecond=0)
    for act, (cid, future) in zip(acts, plans, strict=True):
        pool = vols_of.get(cid, [])
        k = min(len(pool), rng.randint(max(1, act.capacity // 2), act.capacity))
        for vid in rng.sample(pool, k):
            if future:
                signups.append((act.pk, vid, SignUpState.SIGNED_UP, None, None, Decimal(0), now, now))
                continue
            r = rng.random()
            if r < 0.06:
                signups.append((act.pk, vid, SignUpState.CANCELLED, None, None, Decimal(0), now, now))
            elif r < 0.12:
                signups.append((act.pk, vid, SignUpState.ABSENT, None, None, Decimal(0), now, now))
            else:
                cin = act.starts_at + dt.timedelta(minutes=rng.randint(-10, 20))
                cout = act.ends_at + dt.timedelta(minutes=rng.randint(-30, 15))
                hours = hours_between(cin, cout) or Decimal("0.5")
                signups.append((act.pk, vid, SignUpState.CHECKED_OUT, cin, cout, hours, now, now))
        if not future:
            events.append(
                ActivityEvent(
                    activity_id=act.pk,
                    action="finish",
                    frm=ActivityState.OPEN,
                    to=ActivityState.FINISHED,
                    note="演示数据",
                )
            )
    fast_insert(SignUp, SIGNUP_FIELDS, signups)
    ActivityEvent.objects.bulk_create(events, batch_size=5000)
    step(f"  志愿活动 {len(acts)} 场，报名 {len(signups)} 人次")


def _posts_and_pledges(rng, today, communities, members, step) -> None:
    posts = []
    for cid, _, _ in communities:
        for name, duty in rng.sample(POSTS, 4):
            posts.append(GovernancePost(name=name, territory_id=cid, duty=duty, slots=rng.choice((2, 3, 4))))
    GovernancePost.objects.bulk_create(posts, batch_size=2000)
    posts_of = defaultdict(list)
    for p in posts:
        posts_of[p.territory_id].append(p)
    claims, pledges = [], []
    now = timezone.now().replace(microsecond=0)
    for cid, _, _ in communities:
        pool = [m for m in members.get(cid, []) if not m[5]]  # 无职党员 claim posts at home
        for post in posts_of[cid]:
            for m in rng.sample(pool, min(len(pool), rng.randint(1, post.slots))):
                claims.append((post.pk, m[0], today - dt.timedelta(days=rng.randint(20, 600)), now, now))
        everyone = members.get(cid, [])
        for m in rng.sample(everyone, min(len(everyone), 12)):
            for year in (today.year - 1, today.year):
                done = year < today.year or rng.random() < 0.6
                result = (
                    rng.choice(RESULTS).format(n=rng.randint(3, 24), k=rng.randint(1, 12)) if done else ""
                )
                published = now - dt.timedelta(days=rng.randint(1, 300)) if rng.random() < 0.85 else None
                pledges.append((m[0], cid, year, rng.choice(PROMISES), result, published, now, now))
    fast_insert(PostClaim, ("post", "party_member", "claimed_on", "created_at", "updated_at"), claims)
    fields = (
        "party_member",
        "territory",
        "year",
        "promise",
        "result",
        "published_at",
        "created_at",
        "updated_at",
    )
    fast_insert(Pledge, fields, pledges)
    step(f"  治理岗位 {len(posts)} 个，认领 {len(claims)} 人次，亮诺亮绩 {len(pledges)} 条")
