"""The red-property registers in Excel: companies, compounds, committees and members, cross-appointments, ratings."""

from __future__ import annotations

from import_export import fields

from gongzhi.core.cells import ChoiceWidget, CountWidget, DateWidget, YesNoWidget
from gongzhi.people.models import PartyOrg
from gongzhi.people.resource_base import (
    NamedRefWidget,
    PartyMemberRefWidget,
    RegistryResource,
    col,
    territory_col,
)
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
from gongzhi.territory.resources import TerritoryWidget

COMPOUND = {Level.COMPOUND}


class PropertyCompanyResource(RegistryResource):
    name = col("name", "名称")
    credit_code = col("credit_code", "统一社会信用代码")
    territory = territory_col("territory", "登记辖区", {Level.CITY, Level.DISTRICT, Level.STREET})
    contact_name = col("contact_name", "联系人")
    phone = col("phone", "联系电话")
    has_party_org = col("has_party_org", "建有党组织", YesNoWidget())
    natural_key = ("territory", "name")
    example = {
        "name": "某某物业服务有限公司",
        "contact_name": "刘经理",
        "phone": "0552-1234567",
        "has_party_org": "是",
    }

    class Meta(RegistryResource.Meta):
        model = PropertyCompany
        fields = ("id", "name", "credit_code", "territory", "contact_name", "phone", "has_party_org")


class CompoundResource(RegistryResource):
    territory = territory_col("territory", "小区", COMPOUND)
    service_mode = col("service_mode", "物业服务方式", ChoiceWidget(ServiceMode.choices))
    company = col("company", "物业公司", NamedRefWidget(PropertyCompany, "小区", "物业公司"))
    branch = col("branch", "小区党支部", NamedRefWidget(PartyOrg, "小区", "党支部"))
    service_since = col("service_since", "物业服务起始日期", DateWidget())
    natural_key = ("territory",)
    example = {"service_mode": "专业物业公司", "service_since": "2020-01-01"}

    class Meta(RegistryResource.Meta):
        model = Compound
        fields = ("id", "territory", "service_mode", "company", "branch", "service_since")


class OwnersCommitteeResource(RegistryResource):
    name = col("name", "名称")
    territory = territory_col("territory", "小区", COMPOUND)
    elected_on = col("elected_on", "选举日期", DateWidget())
    term_ends_on = col("term_ends_on", "任期届满", DateWidget())
    natural_key = ("territory",)
    example = {"name": "某某小区业主委员会", "elected_on": "2022-06-01", "term_ends_on": "2027-05-31"}

    class Meta(RegistryResource.Meta):
        model = OwnersCommittee
        fields = ("id", "name", "territory", "elected_on", "term_ends_on")


class CommitteeMemberResource(RegistryResource):
    committee_territory = fields.Field(
        column_name="业委会所在小区",
        attribute="committee__territory",
        widget=TerritoryWidget(),
        readonly=True,
    )
    committee = col(
        "committee", "业主委员会", NamedRefWidget(OwnersCommittee, "业委会所在小区", "业主委员会")
    )
    name = col("name", "姓名")
    phone = col("phone", "手机号")
    role = col("role", "职务", ChoiceWidget(CommitteeRole.choices))
    is_party_member = col("is_party_member", "党员", YesNoWidget())
    party_member = col("party_member", "对应党员身份证号", PartyMemberRefWidget())
    natural_key = ("committee", "name")
    example = {"name": "陈主任", "phone": "13900139001", "role": "主任", "is_party_member": "是"}

    class Meta(RegistryResource.Meta):
        model = CommitteeMember
        fields = (
            "id",
            "committee_territory",
            "committee",
            "name",
            "phone",
            "role",
            "is_party_member",
            "party_member",
        )

    def related(self):
        return ["committee__territory", "party_member"]


class CrossAppointmentResource(RegistryResource):
    territory = territory_col("territory", "小区", COMPOUND)
    name = col("name", "姓名")
    party_member = col("party_member", "对应党员身份证号", PartyMemberRefWidget())
    direction = col("direction", "方向", ChoiceWidget(Direction.choices))
    home_post = col("home_post", "原任职务")
    cross_post = col("cross_post", "交叉任职")
    started_on = col("started_on", "起始日期", DateWidget())
    ended_on = col("ended_on", "结束日期", DateWidget())
    natural_key = ("territory", "name", "cross_post")
    example = {
        "name": "周书记",
        "direction": "党组织成员进入业委会/物业",
        "home_post": "小区党支部书记",
        "cross_post": "业委会主任",
        "started_on": "2023-01-01",
    }

    class Meta(RegistryResource.Meta):
        model = CrossAppointment
        fields = (
            "id",
            "territory",
            "name",
            "party_member",
            "direction",
            "home_post",
            "cross_post",
            "started_on",
            "ended_on",
        )


class CompoundRatingResource(RegistryResource):
    territory = territory_col("territory", "小区", COMPOUND)
    year = col("year", "年度", CountWidget())
    score = col("score", "得分", CountWidget())
    level = col("level", "评定等级", ChoiceWidget(RatingLevel.choices))
    rated_on = col("rated_on", "评定日期", DateWidget())
    rated_by = col("rated_by", "评定单位")
    natural_key = ("territory", "year")
    example = {
        "year": "2024",
        "score": "92",
        "level": "市级示范小区",
        "rated_on": "2024-12-20",
        "rated_by": "市住建局",
    }

    class Meta(RegistryResource.Meta):
        model = CompoundRating
        fields = ("id", "territory", "year", "score", "level", "rated_on", "rated_by")


RESOURCES = {
    "property-companies": PropertyCompanyResource,
    "compounds": CompoundResource,
    "owners-committees": OwnersCommitteeResource,
    "committee-members": CommitteeMemberResource,
    "cross-appointments": CrossAppointmentResource,
    "compound-ratings": CompoundRatingResource,
}


def register() -> None:
    """Add these registers to the ones `gongzhi registry` and the back office know (idempotent)."""
    from gongzhi.people.resources import REGISTRIES

    REGISTRIES.update(RESOURCES)
