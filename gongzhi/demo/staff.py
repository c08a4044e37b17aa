"""The people who work the grids and communities: grid workers, community workers, police, teams, partners."""

from __future__ import annotations

from gongzhi.demo.orgs import Party
from gongzhi.demo.people import PeopleMaker, id_area_for
from gongzhi.demo.tree import TreePlan
from gongzhi.people.models import CommunityWorker, GridWorker, PartnerUnit, PoliceOfficer, SpecialistTeam
from gongzhi.people.models.staff import Employment, PartnerKind
from gongzhi.territory.levels import Level

BATCH = 5000
_URBAN_POSTS = [
    "居委会主任",
    "居委会副主任",
    "居委会委员",
    "网格长",
    "社区专职工作者",
    "便民服务专员",
    "社区专职工作者",
]
_RURAL_POSTS = ["村委会主任", "村委会副主任", "村委会委员", "村务监督委员会主任", "便民服务代办员"]
_SPECIALITIES = [
    ("法律服务", "法律服务队"),
    ("矛盾调解", "人民调解委员会"),
    ("心理疏导", "心理服务队"),
    ("消防安全", "微型消防站"),
    ("医疗卫生", "家庭医生团队"),
    ("城市管理", "城管执法中队"),
    ("市场监管", "市场监管服务队"),
    ("养老服务", "助老服务队"),
]
_PARTNERS_URBAN = [
    (PartnerKind.GOVERNMENT, "{district}住房和城乡建设局"),
    (PartnerKind.GOVERNMENT, "{district}人力资源和社会保障局"),
    (PartnerKind.GOVERNMENT, "{district}民政局"),
    (PartnerKind.STATE_ENTERPRISE, "国网{district}供电公司"),
    (PartnerKind.STATE_ENTERPRISE, "中国移动{district}分公司"),
    (PartnerKind.SCHOOL, "{street}第一小学"),
    (PartnerKind.SCHOOL, "{district}实验中学"),
    (PartnerKind.HOSPITAL, "{street}社区卫生服务中心"),
    (PartnerKind.HOSPITAL, "{district}人民医院"),
    (PartnerKind.SOCIAL_ORG, "{district}春晖社会工作服务中心"),
    (PartnerKind.COMPANY, "{company}"),
]
_PARTNERS_RURAL = [
    (PartnerKind.GOVERNMENT, "{district}农业农村局"),
    (PartnerKind.GOVERNMENT, "{district}自然资源和规划局"),
    (PartnerKind.HOSPITAL, "{street}卫生院"),
    (PartnerKind.SCHOOL, "{street}中心小学"),
    (PartnerKind.STATE_ENTERPRISE, "{district}农村商业银行"),
    (PartnerKind.COMPANY, "{company}"),
]


def staff_build(
    *, plan: TreePlan, ids: dict[str, int], party: Party, people: PeopleMaker, city_code: str
) -> None:
    """Create grid workers, community workers, grid police, specialist teams and partner units."""
    rng = people.rng
    grid_workers, community_workers, police, teams, partners = [], [], [], [], []

    def person(c, lo=25, hi=55):
        return people.person(area=id_area_for(c.district_code, city_code), min_age=lo, max_age=hi)

    badge = 0
    for c in plan.communities:
        station = f"{c.street.removesuffix('街道').removesuffix('镇').removesuffix('乡')}派出所"
        grids = [u for u in c.units if u.level == Level.GRID]
        # Villages have no grids below them here: the village is one grid, worked part-time.
        posts = [(ids[u.path], Employment.FULL_TIME) for u in grids] or [(c.id, Employment.PART_TIME)]
        for territory_id, employment in posts:
            p = person(c)
            grid_workers.append(
                GridWorker(
                    name=p.name,
                    phone=p.phone,
                    id_number=p.id_number,
                    employment=employment,
                    territory_id=territory_id,
                )
            )
            if rng.random() < 0.2:  # some grids add a part-time worker
                p = person(c, 35, 62)
                grid_workers.append(
                    GridWorker(
                        name=p.name,
                        phone=p.phone,
                        id_number=p.id_number,
                        employment=Employment.PART_TIME,
                        territory_id=territory_id,
                    )
                )
            # 2+N: every grid has its community police officer beside the grid worker.
            badge += 1
            officer = people.name(rng.choice(("male", "male", "female")))
            police.append(
                PoliceOfficer(
                    name=officer,
                    badge_number=f"{city_code[:2]}{badge:04d}",
                    phone=people.phone(),
                    station=station,
                    territory_id=territory_id,
                )
            )
        # The party secretary is a community worker too (书记、主任“一肩挑”).
        secretary = party.community_orgs[c.path].secretary_name
        community_workers.append(
            CommunityWorker(name=secretary, phone=people.phone(), post="党组织书记", territory_id=c.id)
        )
        for post in _RURAL_POSTS if c.rural else _URBAN_POSTS:
            if rng.random() < 0.85:
                p = person(c)
                community_workers.append(
                    CommunityWorker(
                        name=p.name, phone=p.phone, id_number=p.id_number, post=post, territory_id=c.id
                    )
                )
        for speciality, team in rng.sample(_SPECIALITIES, rng.randint(1, 3)):
            teams.append(
                SpecialistTeam(
                    name=f"{c.name}{team}",
                    speciality=speciality,
                    leader_name=people.name(rng.choice(("male", "female"))),
                    phone=people.phone(),
                    member_count=rng.randint(3, 12),
                    territory_id=c.id,
                )
            )
        choices = _PARTNERS_RURAL if c.rural else _PARTNERS_URBAN
        for kind, pattern in rng.sample(choices, rng.randint(1, 2) if c.rural else rng.randint(2, 4)):
            name = pattern.format(district=c.district, street=c.street, company=people.faker.company())
            partners.append(
                PartnerUnit(
                    name=name,
                    kind=kind,
                    contact_name=people.name(rng.choice(("male", "female"))),
                    phone=people.phone(),
                    territory_id=c.id,
                )
            )
    for model, rows in (
        (GridWorker, grid_workers),
        (CommunityWorker, community_workers),
        (PoliceOfficer, police),
        (SpecialistTeam, teams),
        (PartnerUnit, partners),
    ):
        model.objects.bulk_create(rows, batch_size=BATCH)
