"""Party organisations, party members, linked households and the councils paired with branches."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from gongzhi.demo import places
from gongzhi.demo.cities import Profile
from gongzhi.demo.people import PeopleMaker
from gongzhi.demo.residents import Dweller
from gongzhi.demo.tree import TreePlan, Unit
from gongzhi.people.models import Council, CouncilMember, LinkedHousehold, PartyMember, PartyOrg
from gongzhi.people.models.org import CouncilKind, CouncilRole, PartyOrgKind

BATCH = 5000
_RURAL_ROLES = [
    CouncilRole.LOCAL_WORTHY,
    CouncilRole.FIVE_ELDERS,
    CouncilRole.RICH_EXPERT,
    CouncilRole.VETERAN,
    CouncilRole.RESIDENT_REPRESENTATIVE,
]
_URBAN_ROLES = [
    CouncilRole.BUILDING_HEAD,
    CouncilRole.BUILDING_HEAD,
    CouncilRole.FIVE_ELDERS,
    CouncilRole.LOCAL_WORTHY,
    CouncilRole.VETERAN,
    CouncilRole.RESIDENT_REPRESENTATIVE,
]
WORK_UNITS = [
    "市发展和改革委员会",
    "市教育局",
    "市财政局",
    "市人力资源和社会保障局",
    "市住房和城乡建设局",
    "市卫生健康委员会",
    "市市场监督管理局",
    "市城市管理局",
    "市税务局",
    "国网供电公司",
    "市第一人民医院",
    "市第二中学",
    "中国银行市分行",
    "市公安局",
    "市交通运输局",
]


@dataclass
class Party:
    """What the party step made, for the steps after it (staff, logins)."""

    street_orgs: dict[str, PartyOrg] = field(default_factory=dict)  # by street path
    community_orgs: dict[str, PartyOrg] = field(default_factory=dict)  # by community path
    branches: dict[str, PartyOrg] = field(default_factory=dict)  # by unit path
    councils: dict[str, Council] = field(default_factory=dict)  # by unit path
    secretaries: dict[str, Dweller | None] = field(default_factory=dict)  # by unit path


def _date(rng: random.Random, start: int, end: int) -> dt.date:
    return dt.date(start, 1, 1) + dt.timedelta(days=rng.randrange((end - start) * 365))


def party_build(
    *,
    plan: TreePlan,
    ids: dict[str, int],
    adults: dict[str, list[Dweller]],
    people: PeopleMaker,
    profile: Profile,
) -> Party:
    """Create committees, general branches, branches, groups, members, links and councils."""
    rng = people.rng
    party = Party()
    coverage = dict(profile.branch_rate)
    # Choose members first: a branch secretary is one of them, and a community's size picks its org kind.
    members: dict[str, list[Dweller]] = {}
    in_service: dict[str, list[Dweller]] = {}
    for unit in plan.units:
        for d in adults[unit.path]:
            if rng.random() < profile.party_member_rate:
                if 25 <= d.age <= 59 and rng.random() < profile.in_service_rate:
                    in_service.setdefault(unit.path, []).append(d)
                else:
                    members.setdefault(unit.path, []).append(d)

    orgs = [
        PartyOrg(
            name=places.street_committee_name(name),
            kind=PartyOrgKind.COMMITTEE,
            territory_id=sid,
            secretary_name=people.name(rng.choice(("male", "female"))),
            founded_on=_date(rng, 1990, 2015),
        )
        for sid, _, name, _ in plan.streets
    ]
    PartyOrg.objects.bulk_create(orgs, batch_size=BATCH)
    party.street_orgs = {path: o for (_, path, _, _), o in zip(plan.streets, orgs, strict=True)}

    orgs = []
    for c in plan.communities:
        size = sum(len(members.get(u.path, [])) + len(in_service.get(u.path, [])) for u in c.units)
        big = size >= 60
        orgs.append(
            PartyOrg(
                name=f"中共{c.name}{'委员会' if big else '总支部委员会'}",
                kind=PartyOrgKind.COMMITTEE if big else PartyOrgKind.GENERAL_BRANCH,
                territory_id=c.id,
                parent=party.street_orgs[c.street_path],
                secretary_name=people.name(rng.choice(("male", "female"))),
                founded_on=_date(rng, 1995, 2020),
            )
        )
    PartyOrg.objects.bulk_create(orgs, batch_size=BATCH)
    party.community_orgs = {c.path: o for c, o in zip(plan.communities, orgs, strict=True)}

    orgs, covered = [], []
    for unit in plan.units:
        if rng.random() >= coverage[unit.level]:
            continue  # not yet covered: coverage stays realistically below 100%
        mine = members.get(unit.path, [])
        fitting = [d for d in mine if 30 <= d.age <= 68]
        secretary = rng.choice(fitting or mine) if mine else None
        party.secretaries[unit.path] = secretary
        orgs.append(
            PartyOrg(
                name=f"{unit.full_name}党支部",
                kind=PartyOrgKind.BRANCH,
                territory_id=ids[unit.path],
                parent=party.community_orgs[unit.community.path],
                secretary_name=secretary.person.name
                if secretary
                else people.name(rng.choice(("male", "female"))),
                founded_on=_date(rng, 2010, 2023),
            )
        )
        covered.append(unit)
    PartyOrg.objects.bulk_create(orgs, batch_size=BATCH)
    party.branches = {u.path: o for u, o in zip(covered, orgs, strict=True)}

    _groups(plan, ids, members, party)
    pm = _members(plan, ids, members, in_service, party, rng)
    _links(plan, ids, members, pm, rng, profile)
    _councils(plan, ids, adults, members, party, people, profile)
    return party


def _groups(plan, ids, members, party: Party) -> None:
    """Put a party group on every building where two or more members live (组织覆盖楼栋)."""
    groups = []
    for unit in plan.units:
        branch = party.branches.get(unit.path)
        if branch is None:
            continue
        per_building: dict[tuple[str, str], int] = {}
        for d in members.get(unit.path, []):
            if d.home.building:
                per_building[d.home.building] = per_building.get(d.home.building, 0) + 1
        for (bpath, bname), n in sorted(per_building.items()):
            if n >= 2:
                groups.append(
                    PartyOrg(
                        name=f"{unit.full_name}{bname}党小组",
                        kind=PartyOrgKind.GROUP,
                        territory_id=ids[bpath],
                        parent=branch,
                    )
                )
    PartyOrg.objects.bulk_create(groups, batch_size=BATCH)


def _members(plan, ids, members, in_service, party: Party, rng) -> dict[str, PartyMember]:
    rows: list[PartyMember] = []
    by_id: dict[str, PartyMember] = {}
    for unit in plan.units:
        org = party.branches.get(unit.path) or party.community_orgs[unit.community.path]
        for d in members.get(unit.path, []):
            rows.append(_member(d, org, ids[unit.path], rng))
        for d in in_service.get(unit.path, []):
            # 双报到: an employed member reports to the home community's party organisation.
            m = _member(d, party.community_orgs[unit.community.path], unit.community.id, rng)
            m.registered_in_service = True
            m.work_unit = rng.choice(WORK_UNITS)
            rows.append(m)
    PartyMember.objects.bulk_create(rows, batch_size=BATCH)
    for m in rows:
        by_id[m.id_number] = m
    return by_id


def _member(d: Dweller, org: PartyOrg, territory_id: int, rng) -> PartyMember:
    earliest = d.person.birth.year + 18
    joined = _date(rng, earliest, max(earliest + 1, 2024))
    return PartyMember(
        name=d.person.name,
        gender=d.person.gender,
        id_number=d.person.id_number,
        phone=d.person.phone,
        party_org=org,
        territory_id=territory_id,
        joined_on=joined,
    )


def _links(plan, ids, members, pm: dict[str, PartyMember], rng, profile: Profile) -> None:
    """一人联十户: each resident member keeps in touch with about ten households of the unit."""
    links: list[LinkedHousehold] = []
    for unit in plan.units:
        homes = [h.path for h in unit.homes]
        rng.shuffle(homes)
        pos = 0
        for d in members.get(unit.path, []):
            member = pm[d.person.id_number]
            mine: set[str] = set()
            if rng.random() < profile.hub_rate:
                mine.add(d.home.path)
                links.append(LinkedHousehold(party_member=member, household_id=ids[d.home.path], is_hub=True))
            want = rng.randint(8, 12)
            while len(mine) < want and pos < len(homes):
                h = homes[pos]
                pos += 1
                if h not in mine:
                    mine.add(h)
                    links.append(LinkedHousehold(party_member=member, household_id=ids[h]))
            if len(links) >= BATCH:
                LinkedHousehold.objects.bulk_create(links, batch_size=BATCH)
                links.clear()
    LinkedHousehold.objects.bulk_create(links, batch_size=BATCH)


def _councils(plan, ids, adults, members, party: Party, people: PeopleMaker, profile: Profile) -> None:
    """一组一会: most branches have their council, chaired by the branch secretary."""
    rng = people.rng
    councils, units = [], []
    for unit in plan.units:
        branch = party.branches.get(unit.path)
        if branch is None or rng.random() >= profile.council_rate:
            continue
        rural = unit.community.rural
        councils.append(
            Council(
                name=f"{unit.full_name}{'村民理事会' if rural else '居民议事会'}",
                kind=CouncilKind.VILLAGERS if rural else CouncilKind.RESIDENTS,
                branch=branch,
                territory_id=ids[unit.path],
                elected_on=_date(rng, 2021, 2024),
            )
        )
        units.append(unit)
    Council.objects.bulk_create(councils, batch_size=BATCH)
    party.councils = {u.path: c for u, c in zip(units, councils, strict=True)}
    rows: list[CouncilMember] = []
    for unit, council in zip(units, councils, strict=True):
        rows.extend(_council_members(unit, council, adults[unit.path], members, party, people))
    CouncilMember.objects.bulk_create(rows, batch_size=BATCH)


def _council_members(
    unit: Unit, council, pool, members, party: Party, people: PeopleMaker
) -> list[CouncilMember]:
    rng = people.rng
    party_ids = {d.person.id_number for d in members.get(unit.path, [])}
    secretary = party.secretaries.get(unit.path)
    branch = party.branches[unit.path]
    chair_phone = secretary.person.phone if secretary else people.phone()
    out = [
        CouncilMember(
            council=council,
            name=branch.secretary_name,
            phone=chair_phone,
            roles=[CouncilRole.CHAIR.value, CouncilRole.PARTY_REPRESENTATIVE.value],
            is_party_member=True,
        )
    ]
    size = rng.choices((5, 6, 7), (20, 40, 40))[0]
    elders = [d for d in pool if d.age >= 40 and d is not secretary]
    choices = rng.sample(elders, min(len(elders), size - 1))
    roles_pool = _RURAL_ROLES if unit.community.rural else _URBAN_ROLES
    for d in choices:
        is_member = d.person.id_number in party_ids
        roles = {rng.choice(roles_pool).value}
        if d.age >= 60 and rng.random() < 0.5:
            roles.add(CouncilRole.FIVE_ELDERS.value)
        if is_member:
            roles.add(CouncilRole.PARTY_REPRESENTATIVE.value)
        out.append(
            CouncilMember(
                council=council,
                name=d.person.name,
                phone=d.person.phone,
                roles=sorted(roles),
                is_party_member=is_member,
            )
        )
    return out
