"""The registries in Excel: Chinese headers, natural keys, labels for choices, checks per row.

Every registry file has a 编号 column: blank on a new row, the record's id on a row
exported from the platform. A row with no 编号 updates the record with the same
natural key (身份证号 for people, 辖区 + 名称 for units, …) when there is one, so a
file imported twice changes nothing. Territory columns take the keys described in
gongzhi/territory/resources.py; party organisations and councils are named by their
name, looked up near the row's territory.
"""

from __future__ import annotations

from import_export import fields

from gongzhi.core.cells import (
    ChoiceWidget,
    CountWidget,
    DateWidget,
    LabelListWidget,
    TextWidget,
    WordListWidget,
    YesNoWidget,
)
from gongzhi.people.models import (
    CommunityWorker,
    Council,
    CouncilMember,
    GridWorker,
    LinkedHousehold,
    PartnerUnit,
    PartyMember,
    PartyOrg,
    PoliceOfficer,
    Resident,
    SpecialistTeam,
)
from gongzhi.people.models.org import CouncilKind, CouncilRole, Gender, PartyOrgKind
from gongzhi.people.models.staff import Employment, PartnerKind
from gongzhi.people.resource_base import (
    PROVENANCE_COLUMNS,
    UNIT_LEVELS,
    WHOLE_ROW,
    NamedRefWidget,
    PartyMemberRefWidget,
    RegistryResource,
    col,
    territory_col,
)
from gongzhi.territory.levels import BRANCH_UNIT_LEVELS, Level
from gongzhi.territory.resources import TerritoryWidget


class PartyOrgResource(RegistryResource):
    name = col("name", "名称")
    kind = col("kind", "类型", ChoiceWidget(PartyOrgKind.choices))
    territory = territory_col("territory", "所在辖区")
    parent = col("parent", "上级组织", NamedRefWidget(PartyOrg, "所在辖区", "党组织"))
    secretary_name = col("secretary_name", "书记")
    founded_on = col("founded_on", "成立日期", DateWidget())
    natural_key = ("territory", "name")
    example = {
        "name": "第一网格党支部",
        "kind": "党支部",
        "territory": "340302001001/第一网格",
        "parent": "某某社区党委",
        "secretary_name": "张三",
        "founded_on": "2021-07-01",
    }

    class Meta(RegistryResource.Meta):
        model = PartyOrg
        fields = (
            "id",
            "name",
            "kind",
            "territory",
            "parent",
            "secretary_name",
            "founded_on",
            *PROVENANCE_COLUMNS,
        )


class PartyMemberResource(RegistryResource):
    name = col("name", "姓名")
    gender = col("gender", "性别", ChoiceWidget(Gender.choices))
    id_number = col("id_number", "身份证号", TextWidget(upper=True))
    phone = col("phone", "手机号")
    party_org = col("party_org", "所在党组织", NamedRefWidget(PartyOrg, "报到社区", "党组织"))
    territory = territory_col("territory", "报到社区", UNIT_LEVELS)
    registered_in_service = col("registered_in_service", "在职党员双报到", YesNoWidget())
    work_unit = col("work_unit", "工作单位")
    joined_on = col("joined_on", "入党日期", DateWidget())
    natural_key = ("id_number",)
    example = {
        "name": "李四",
        "gender": "男",
        "id_number": "340302199001011234",
        "phone": "13800138000",
        "party_org": "第一网格党支部",
        "territory": "340302001001",
        "registered_in_service": "否",
        "work_unit": "",
        "joined_on": "2015-07-01",
    }

    class Meta(RegistryResource.Meta):
        model = PartyMember
        fields = (
            "id",
            "name",
            "gender",
            "id_number",
            "phone",
            "party_org",
            "territory",
            "registered_in_service",
            "work_unit",
            "joined_on",
            *PROVENANCE_COLUMNS,
        )


class LinkedHouseholdResource(RegistryResource):
    party_member = col("party_member", "党员身份证号", PartyMemberRefWidget())
    member_name = fields.Field(column_name="党员姓名", attribute="party_member__name", readonly=True)
    household = territory_col("household", "联系户", {Level.HOUSEHOLD}, "联系户")
    is_hub = col("is_hub", "党员中心户", YesNoWidget())
    natural_key = ("party_member", "household")
    example = {
        "party_member": "340302199001011234",
        "household": "340302001001/第一网格/1栋/101室",
        "is_hub": "否",
    }

    class Meta(RegistryResource.Meta):
        model = LinkedHousehold
        fields = ("id", "party_member", "member_name", "household", "is_hub", *PROVENANCE_COLUMNS)


class CouncilResource(RegistryResource):
    name = col("name", "名称")
    kind = col("kind", "类型", ChoiceWidget(CouncilKind.choices))
    territory = territory_col("territory", "所在辖区", UNIT_LEVELS)
    branch = col("branch", "结对支部", NamedRefWidget(PartyOrg, "所在辖区", "党支部"))
    elected_on = col("elected_on", "选举日期", DateWidget())
    natural_key = ("territory", "name")
    example = {
        "name": "第一网格居民议事会",
        "kind": "居民议事会",
        "territory": "340302001001/第一网格",
        "branch": "第一网格党支部",
        "elected_on": "2023-03-01",
    }

    class Meta(RegistryResource.Meta):
        model = Council
        fields = ("id", "name", "kind", "territory", "branch", "elected_on", *PROVENANCE_COLUMNS)


class CouncilMemberResource(RegistryResource):
    council_territory = fields.Field(
        column_name="议事会所在辖区", attribute="council__territory", widget=TerritoryWidget(), readonly=True
    )
    council = col("council", "议事会", NamedRefWidget(Council, "议事会所在辖区", "议事会"))
    name = col("name", "姓名")
    phone = col("phone", "手机号")
    roles = col("roles", "身份", LabelListWidget(CouncilRole.choices))
    is_party_member = col("is_party_member", "党员", YesNoWidget())
    natural_key = ("council", "name")
    example = {
        "council__territory": "340302001001/第一网格",
        "council": "第一网格居民议事会",
        "name": "王五",
        "phone": "13900139000",
        "roles": "五老、楼栋长",
        "is_party_member": "是",
    }

    class Meta(RegistryResource.Meta):
        model = CouncilMember
        fields = (
            "id",
            "council_territory",
            "council",
            "name",
            "phone",
            "roles",
            "is_party_member",
            *PROVENANCE_COLUMNS,
        )

    def related(self):
        return ["council__territory"]


class GridWorkerResource(RegistryResource):
    name = col("name", "姓名")
    phone = col("phone", "手机号")
    id_number = col("id_number", "身份证号", TextWidget(upper=True))
    employment = col("employment", "专兼职", ChoiceWidget(Employment.choices))
    territory = territory_col("territory", "负责网格", BRANCH_UNIT_LEVELS)
    natural_key = ("territory", "name")
    example = {
        "name": "赵六",
        "phone": "13700137000",
        "id_number": "",
        "employment": "专职",
        "territory": "340302001001/第一网格",
    }

    class Meta(RegistryResource.Meta):
        model = GridWorker
        fields = ("id", "name", "phone", "id_number", "employment", "territory", *PROVENANCE_COLUMNS)


class CommunityWorkerResource(RegistryResource):
    name = col("name", "姓名")
    phone = col("phone", "手机号")
    id_number = col("id_number", "身份证号", TextWidget(upper=True))
    post = col("post", "岗位")
    territory = territory_col("territory", "所在社区", {Level.COMMUNITY})
    natural_key = ("territory", "name")
    example = {"name": "钱七", "phone": "13600136000", "post": "社区专职工作者", "territory": "340302001001"}

    class Meta(RegistryResource.Meta):
        model = CommunityWorker
        fields = ("id", "name", "phone", "id_number", "post", "territory", *PROVENANCE_COLUMNS)


class PoliceOfficerResource(RegistryResource):
    name = col("name", "姓名")
    badge_number = col("badge_number", "警号")
    phone = col("phone", "手机号")
    station = col("station", "所属派出所")
    territory = territory_col("territory", "联系网格", UNIT_LEVELS)
    natural_key = ("territory", "name")
    example = {
        "name": "孙八",
        "badge_number": "100001",
        "phone": "13500135000",
        "station": "城关派出所",
        "territory": "340302001001/第一网格",
    }

    class Meta(RegistryResource.Meta):
        model = PoliceOfficer
        fields = ("id", "name", "badge_number", "phone", "station", "territory", *PROVENANCE_COLUMNS)


class SpecialistTeamResource(RegistryResource):
    name = col("name", "名称")
    speciality = col("speciality", "专业领域")
    leader_name = col("leader_name", "负责人")
    phone = col("phone", "联系电话")
    member_count = col("member_count", "人数", CountWidget())
    territory = territory_col("territory", "服务辖区", {Level.STREET, *UNIT_LEVELS})
    natural_key = ("territory", "name")
    example = {
        "name": "法律服务队",
        "speciality": "法律服务",
        "leader_name": "周九",
        "phone": "13400134000",
        "member_count": "5",
        "territory": "340302001001",
    }

    class Meta(RegistryResource.Meta):
        model = SpecialistTeam
        fields = (
            "id",
            "name",
            "speciality",
            "leader_name",
            "phone",
            "member_count",
            "territory",
            *PROVENANCE_COLUMNS,
        )


class PartnerUnitResource(RegistryResource):
    name = col("name", "单位名称")
    kind = col("kind", "单位类型", ChoiceWidget(PartnerKind.choices))
    contact_name = col("contact_name", "联系人")
    phone = col("phone", "联系电话")
    territory = territory_col("territory", "共建社区", {Level.STREET, Level.COMMUNITY})
    natural_key = ("territory", "name")
    example = {
        "name": "某某区市场监督管理局",
        "kind": "机关单位",
        "contact_name": "吴十",
        "phone": "0552-1234567",
        "territory": "340302001001",
    }

    class Meta(RegistryResource.Meta):
        model = PartnerUnit
        fields = ("id", "name", "kind", "contact_name", "phone", "territory", *PROVENANCE_COLUMNS)


class ResidentResource(RegistryResource):
    name = col("name", "姓名")
    gender = col("gender", "性别", ChoiceWidget(Gender.choices))
    id_number = col("id_number", "身份证号", TextWidget(upper=True))
    phone = col("phone", "手机号")
    household = territory_col("household", "所在户", {Level.HOUSEHOLD}, "所在户")
    is_head = col("is_head", "户主", YesNoWidget())
    relation = col("relation", "与户主关系")
    tags = col("tags", "标签", WordListWidget())
    natural_key = ("id_number",)
    example = {
        "name": "郑十一",
        "gender": "女",
        "id_number": "340302198505052347",
        "phone": "13300133000",
        "household": "340302001001/第一网格/1栋/101室",
        "is_head": "是",
        "relation": "本人",
        "tags": "独居老人",
    }

    class Meta(RegistryResource.Meta):
        model = Resident
        fields = (
            "id",
            "name",
            "gender",
            "id_number",
            "phone",
            "household",
            "is_head",
            "relation",
            "tags",
            *PROVENANCE_COLUMNS,
        )


# The registries the command line and the back office import and export, by the name a user types.
REGISTRIES: dict[str, type[RegistryResource]] = {
    "party-orgs": PartyOrgResource,
    "party-members": PartyMemberResource,
    "linked-households": LinkedHouseholdResource,
    "councils": CouncilResource,
    "council-members": CouncilMemberResource,
    "grid-workers": GridWorkerResource,
    "community-workers": CommunityWorkerResource,
    "police-officers": PoliceOfficerResource,
    "specialist-teams": SpecialistTeamResource,
    "partner-units": PartnerUnitResource,
    "residents": ResidentResource,
}


def resource_for_model(model) -> type[RegistryResource]:
    return next(r for r in REGISTRIES.values() if r._meta.model is model)


__all__ = [
    "REGISTRIES",
    "WHOLE_ROW",
    "NamedRefWidget",
    "PartyMemberRefWidget",
    "RegistryResource",
    "resource_for_model",
]
