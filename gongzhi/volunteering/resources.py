"""The volunteering registers in Excel: volunteers, teams, activities, sign-ups, posts, claims, pledges."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from import_export import fields

from gongzhi.core.cells import ChoiceWidget, CountWidget, DateWidget, TextWidget, WordListWidget
from gongzhi.core.validators import mask_id_number
from gongzhi.core.widgets import DateTimeWidget, DecimalWidget
from gongzhi.people.models import Resident
from gongzhi.people.models.org import Gender
from gongzhi.people.resource_base import (
    IdNumberRefWidget,
    IdRefWidget,
    NamedRefWidget,
    PartyMemberRefWidget,
    RegistryResource,
    col,
    territory_col,
)
from gongzhi.people.scope import needs_personal_data
from gongzhi.people.services import scope_path_of
from gongzhi.territory.levels import BRANCH_UNIT_LEVELS, Level
from gongzhi.territory.resources import TerritoryWidget
from gongzhi.volunteering.models import (
    Activity,
    ActivityCategory,
    GovernancePost,
    Pledge,
    PostClaim,
    SignUp,
    TeamKind,
    Volunteer,
    VolunteerTeam,
)
from gongzhi.volunteering.workflow import SEAT_STATES, ActivityState, SignUpState

AREA_LEVELS = {Level.STREET, Level.COMMUNITY, *BRANCH_UNIT_LEVELS}


class MaskMore(RegistryResource):
    """Mask the ID numbers that name linked people (对应居民, 党员) too."""

    masked_refs: tuple[str, ...] = ()

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if (
            field.attribute in self.masked_refs
            and value
            and self.actor is not None
            and not needs_personal_data(self.actor, scope_path_of(instance))
        ):
            return mask_id_number(str(value))
        return value


class VolunteerTeamResource(RegistryResource):
    name = col("name", "名称")
    kind = col("kind", "类型", ChoiceWidget(TeamKind.choices))
    territory = territory_col("territory", "所在辖区", AREA_LEVELS)
    leader_name = col("leader_name", "队长")
    phone = col("phone", "联系电话")
    founded_on = col("founded_on", "成立日期", DateWidget())
    natural_key = ("territory", "name")
    example = {
        "name": "红马甲志愿服务队",
        "kind": "党员志愿服务队",
        "leader_name": "张三",
        "founded_on": "2021-03-05",
    }

    class Meta(RegistryResource.Meta):
        model = VolunteerTeam
        fields = ("id", "name", "kind", "territory", "leader_name", "phone", "founded_on")


class VolunteerResource(MaskMore):
    name = col("name", "姓名")
    gender = col("gender", "性别", ChoiceWidget(Gender.choices))
    phone = col("phone", "手机号")
    id_number = col("id_number", "身份证号", TextWidget(upper=True))
    territory = territory_col("territory", "注册社区", {Level.COMMUNITY})
    team = col("team", "所在队伍", NamedRefWidget(VolunteerTeam, "注册社区", "志愿队伍"))
    resident = col("resident", "对应居民身份证号", IdNumberRefWidget(Resident, "居民"))
    party_member = col("party_member", "对应党员身份证号", PartyMemberRefWidget())
    skills = col("skills", "特长", WordListWidget())
    registered_on = col("registered_on", "注册日期", DateWidget())
    natural_key = ("territory", "name", "phone")
    masked_refs = ("resident", "party_member")
    example = {
        "name": "王小红",
        "gender": "女",
        "phone": "13800138001",
        "skills": "理发、义诊",
        "registered_on": "2023-05-01",
    }

    class Meta(RegistryResource.Meta):
        model = Volunteer
        fields = (
            "id",
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
        )


class ActivityResource(RegistryResource):
    title = col("title", "活动名称")
    category = col("category", "服务类别", ChoiceWidget(ActivityCategory.choices))
    territory = territory_col("territory", "所在辖区", AREA_LEVELS)
    team = col("team", "组织队伍", NamedRefWidget(VolunteerTeam, "所在辖区", "志愿队伍"))
    place = col("place", "地点")
    starts_at = col("starts_at", "开始时间", DateTimeWidget())
    ends_at = col("ends_at", "结束时间", DateTimeWidget())
    capacity = col("capacity", "招募人数", CountWidget())
    state = col("state", "状态", ChoiceWidget(ActivityState.choices))
    people_served = col("people_served", "服务人次", CountWidget())
    description = col("description", "活动内容")
    natural_key = ("territory", "title", "starts_at")
    example = {
        "title": "敬老院义剪",
        "category": "助老助残",
        "place": "社区养老服务站",
        "starts_at": "2024-05-01 09:00",
        "ends_at": "2024-05-01 11:30",
        "capacity": "10",
        "state": "招募中",
        "people_served": "0",
    }

    class Meta(RegistryResource.Meta):
        model = Activity
        fields = (
            "id",
            "title",
            "category",
            "territory",
            "team",
            "place",
            "starts_at",
            "ends_at",
            "capacity",
            "state",
            "people_served",
            "description",
        )


class SignUpResource(RegistryResource):
    """Sign-ups as paper sheets record them; a file never fills an activity beyond its capacity."""

    activity = col("activity", "活动编号", IdRefWidget(Activity, "志愿活动"))
    activity_territory = fields.Field(
        column_name="活动所在辖区", attribute="activity__territory", widget=TerritoryWidget(), readonly=True
    )
    activity_title = fields.Field(column_name="活动名称", attribute="activity__title", readonly=True)
    volunteer = col("volunteer", "志愿者", NamedRefWidget(Volunteer, "活动所在辖区", "志愿者"))
    state = col("state", "状态", ChoiceWidget(SignUpState.choices))
    checked_in_at = col("checked_in_at", "签到时间", DateTimeWidget())
    checked_out_at = col("checked_out_at", "签退时间", DateTimeWidget())
    service_hours = col("service_hours", "服务时长(小时)", DecimalWidget())
    natural_key = ("activity", "volunteer")
    example = {
        "state": "已签退",
        "checked_in_at": "2024-05-01 09:00",
        "checked_out_at": "2024-05-01 11:30",
        "service_hours": "2.5",
    }

    class Meta(RegistryResource.Meta):
        model = SignUp
        fields = (
            "id",
            "activity",
            "activity_territory",
            "activity_title",
            "volunteer",
            "state",
            "checked_in_at",
            "checked_out_at",
            "service_hours",
        )

    def related(self):
        return ["activity__territory", "volunteer"]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        super().validate_instance(instance, import_validation_errors, validate_unique)
        if instance.state in SEAT_STATES and instance.activity_id:
            taken = SignUp.objects.filter(activity_id=instance.activity_id, state__in=SEAT_STATES)
            if instance.pk:
                taken = taken.exclude(pk=instance.pk)
            if taken.count() >= instance.activity.capacity:
                raise ValidationError({"活动编号": [f"活动名额已满（{instance.activity.capacity} 人）"]})


class GovernancePostResource(RegistryResource):
    name = col("name", "岗位名称")
    territory = territory_col("territory", "所在辖区", AREA_LEVELS)
    duty = col("duty", "岗位职责")
    slots = col("slots", "可认领人数", CountWidget())
    natural_key = ("territory", "name")
    example = {"name": "文明劝导员", "duty": "劝导不文明行为，宣传文明新风", "slots": "2"}

    class Meta(RegistryResource.Meta):
        model = GovernancePost
        fields = ("id", "name", "territory", "duty", "slots")


class PostClaimResource(MaskMore):
    post_territory = fields.Field(
        column_name="岗位所在辖区", attribute="post__territory", widget=TerritoryWidget(), readonly=True
    )
    post = col("post", "岗位", NamedRefWidget(GovernancePost, "岗位所在辖区", "岗位"))
    party_member = col("party_member", "党员身份证号", PartyMemberRefWidget())
    member_name = fields.Field(column_name="党员姓名", attribute="party_member__name", readonly=True)
    claimed_on = col("claimed_on", "认领日期", DateWidget())
    released_on = col("released_on", "卸任日期", DateWidget())
    natural_key = ("post", "party_member", "claimed_on")
    example = {"claimed_on": "2024-03-01"}

    class Meta(RegistryResource.Meta):
        model = PostClaim
        fields = ("id", "post_territory", "post", "party_member", "member_name", "claimed_on", "released_on")

    def related(self):
        return ["post__territory", "party_member"]


class PledgeResource(MaskMore):
    party_member = col("party_member", "党员身份证号", PartyMemberRefWidget())
    member_name = fields.Field(column_name="党员姓名", attribute="party_member__name", readonly=True)
    territory = territory_col("territory", "公示社区", {Level.COMMUNITY})
    year = col("year", "年度", CountWidget())
    promise = col("promise", "承诺(亮诺)")
    result = col("result", "成效(亮绩)")
    published_at = col("published_at", "公示时间", DateTimeWidget())
    natural_key = ("party_member", "year")
    masked_refs = ("party_member",)
    example = {"year": "2024", "promise": "每月走访联系户一次，帮助解决实际困难", "result": ""}

    class Meta(RegistryResource.Meta):
        model = Pledge
        fields = (
            "id",
            "party_member",
            "member_name",
            "territory",
            "year",
            "promise",
            "result",
            "published_at",
        )


RESOURCES = {
    "volunteer-teams": VolunteerTeamResource,
    "volunteers": VolunteerResource,
    "activities": ActivityResource,
    "sign-ups": SignUpResource,
    "governance-posts": GovernancePostResource,
    "post-claims": PostClaimResource,
    "pledges": PledgeResource,
}


def register() -> None:
    """Add these registers to the ones `gongzhi registry` and the back office know (idempotent)."""
    from gongzhi.people.resources import REGISTRIES

    REGISTRIES.update(RESOURCES)
