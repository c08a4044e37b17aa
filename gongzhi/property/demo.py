"""Demo: red property for every compound — companies, service, committees and members, cross-appointments, ratings.

Aims at what Bengbu reports: property service in every compound (全覆盖), owners' committees
in 81.7% of compounds, party members 63% of committee members and 85% of chairs, and
about one compound in five in the model (示范) lists.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from gongzhi.demo.people import PeopleMaker
from gongzhi.people.models import PartyOrg
from gongzhi.people.models.org import PartyOrgKind
from gongzhi.property.models import (
    CommitteeMember,
    CommitteeRole,
    Compound,
    CompoundRating,
    CrossAppointment,
    Direction,
    OwnersCommittee,
    PropertyCompany,
    RatingLevel,
    ServiceMode,
)
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds

DEMO_ORDER = 45

COMMITTEE_RATE = 0.817
CHAIR_PARTY_RATE = 0.85
MEMBER_PARTY_RATE = 0.63
SERVICE_MODES = (
    (ServiceMode.COMPANY, 0.9),
    (ServiceMode.MANAGEMENT_COMMITTEE, 0.06),
    (ServiceMode.SELF, 0.04),
)
COMPANY_HEADS = "安居 金鼎 华信 绿城 万家 恒泰 嘉禾 鑫源 祥和 宜居 锦绣 和美 诚信 瑞丰 盛世".split()


def demo_build(*, city: Territory, seed: int, scale: float, step) -> None:
    bounds = subtree_bounds(city.path)
    if PropertyCompany.objects.filter(territory__path__range=bounds).exists():
        step("红色物业演示数据已生成，跳过 / red property already built, skipped")
        return
    rng = random.Random(seed + 45)
    people = PeopleMaker(seed + 46)
    step("生成红色物业：物业公司、小区物业服务、业委会、交叉任职、示范小区评定 / red property")
    compounds = list(
        Territory.objects.filter(path__range=bounds, level=Level.COMPOUND)
        .order_by("path")
        .values_list("id", "path", "name")
    )
    districts = list(
        Territory.objects.filter(path__range=bounds, level=Level.DISTRICT)
        .order_by("path")
        .values_list("id", "path", "name")
    )
    branches = dict(
        PartyOrg.objects.filter(
            territory__path__range=bounds, territory__level=Level.COMPOUND, kind=PartyOrgKind.BRANCH
        ).values_list("territory_id", "id")
    )
    secretaries = dict(PartyOrg.objects.filter(pk__in=branches.values()).values_list("id", "secretary_name"))
    today = timezone.localdate()
    with transaction.atomic():
        companies = _companies(rng, people, districts, len(compounds))
        by_district = defaultdict(list)
        for c in companies:
            by_district[c.territory_id].append(c.pk)
        district_of = {p: d for d, p, _ in districts}
        dlen = len(districts[0][1]) if districts else 0
        profiles, committees = [], []
        for cid, path, name in compounds:
            mode = rng.choices([m for m, _ in SERVICE_MODES], [w for _, w in SERVICE_MODES])[0]
            pool = by_district.get(district_of.get(path[:dlen]), [])
            if mode == ServiceMode.COMPANY and not pool:
                mode = ServiceMode.SELF
            profiles.append(
                Compound(
                    territory_id=cid,
                    service_mode=mode,
                    company_id=rng.choice(pool) if mode == ServiceMode.COMPANY else None,
                    branch_id=branches.get(cid),
                    service_since=today - dt.timedelta(days=rng.randint(200, 3000)),
                )
            )
            if rng.random() < COMMITTEE_RATE:
                elected = today - dt.timedelta(days=rng.randint(30, 1700))
                committees.append(
                    OwnersCommittee(
                        name=f"{name}业主委员会",
                        territory_id=cid,
                        elected_on=elected,
                        term_ends_on=elected + dt.timedelta(days=5 * 365),
                    )
                )
        Compound.objects.bulk_create(profiles, batch_size=2000)
        OwnersCommittee.objects.bulk_create(committees, batch_size=2000)
        members, cross = _members_and_cross(rng, people, committees, branches, secretaries, today)
        ratings = _ratings(rng, compounds, today)
    step(
        f"  物业公司 {len(companies)} 家，小区 {len(profiles)} 个，业委会 {len(committees)} 个，"
        f"成员 {members} 人，交叉任职 {cross} 人，评定 {ratings} 条"
    )


def _companies(rng, people, districts, n_compounds) -> list[PropertyCompany]:
    out, taken = [], set()
    per = max(2, round(n_compounds / max(1, len(districts)) / 6))
    for did, _, dname in districts:
        short = dname.split("市")[-1].removesuffix("区").removesuffix("县")[:4] or dname[:2]
        for _ in range(per):
            name = f"{short}{rng.choice(COMPANY_HEADS)}物业服务有限公司"
            if name in taken:
                continue
            taken.add(name)
            out.append(
                PropertyCompany(
                    name=name,
                    territory_id=did,
                    contact_name=people.name(rng.choice(("male", "female"))),
                    phone=people.phone(),
                    has_party_org=rng.random() < 0.7,
                )
            )
    return PropertyCompany.objects.bulk_create(out, batch_size=1000)


def _members_and_cross(rng, people, committees, branches, secretaries, today) -> tuple[int, int]:
    members, cross = [], []
    other_p = (MEMBER_PARTY_RATE * 7 - CHAIR_PARTY_RATE) / 6  # seven seats on average, one of them the chair
    for c in committees:
        size = rng.choice((5, 7, 7, 7, 9))
        names = set()
        for seat in range(size):
            gender = rng.choice(("male", "female"))
            name = people.name(gender)
            if name in names:
                continue
            names.add(name)
            chair = seat == 0
            members.append(
                CommitteeMember(
                    committee_id=c.pk,
                    name=name,
                    phone=people.phone(),
                    role=CommitteeRole.CHAIR
                    if chair
                    else (CommitteeRole.VICE_CHAIR if seat == 1 else CommitteeRole.MEMBER),
                    is_party_member=rng.random() < (CHAIR_PARTY_RATE if chair else other_p),
                )
            )
        branch = branches.get(c.territory_id)
        if branch and rng.random() < 0.45:
            cross.append(
                CrossAppointment(
                    territory_id=c.territory_id,
                    name=secretaries.get(branch) or people.name("male"),
                    direction=Direction.INTO_PROPERTY,
                    home_post="小区党支部书记",
                    cross_post=rng.choice(("业委会主任", "业委会副主任", "物业服务监督员")),
                    started_on=today - dt.timedelta(days=rng.randint(60, 1200)),
                )
            )
        if rng.random() < 0.25:
            cross.append(
                CrossAppointment(
                    territory_id=c.territory_id,
                    name=people.name(rng.choice(("male", "female"))),
                    direction=Direction.INTO_ORG,
                    home_post=rng.choice(("物业项目经理", "业委会委员")),
                    cross_post=rng.choice(("社区党委兼职委员", "小区党支部委员")),
                    started_on=today - dt.timedelta(days=rng.randint(60, 1200)),
                )
            )
    CommitteeMember.objects.bulk_create(members, batch_size=5000, ignore_conflicts=True)
    CrossAppointment.objects.bulk_create(cross, batch_size=5000, ignore_conflicts=True)
    return len(members), len(cross)


def _level(score: int) -> str:
    if score >= 96:
        return RatingLevel.PROVINCIAL
    if score >= 90:
        return RatingLevel.MUNICIPAL
    if score >= 86:
        return RatingLevel.DISTRICT
    return RatingLevel.QUALIFIED if score >= 65 else RatingLevel.FAILED


def _ratings(rng, compounds, today) -> int:
    out = []
    for year in (today.year - 1, today.year):
        rated_on = (
            dt.date(year, 12, 20) if year < today.year else today - dt.timedelta(days=rng.randint(1, 60))
        )
        for cid, _, _ in compounds:
            if rng.random() < 0.45:
                score = max(40, min(100, round(rng.gauss(80, 8))))
                out.append(
                    CompoundRating(
                        territory_id=cid,
                        year=year,
                        score=score,
                        level=_level(score),
                        rated_on=rated_on,
                        rated_by="市住房和城乡建设局",
                    )
                )
    CompoundRating.objects.bulk_create(out, batch_size=5000)
    return len(out)
