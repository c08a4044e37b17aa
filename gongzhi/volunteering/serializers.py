"""Input and output serializers of volunteering; inputs only validate, the services write."""

from __future__ import annotations

from rest_framework import serializers

from gongzhi.api.serializers import InputSerializer, MaskedOutputSerializer
from gongzhi.volunteering.models import (
    Activity,
    ActivityEvent,
    GovernancePost,
    Pledge,
    PostClaim,
    SignUp,
    Volunteer,
    VolunteerTeam,
)
from gongzhi.volunteering.workflow import SIGNUP_TRANSITIONS

STAMPS = ["created_at", "updated_at"]


def _name(source: str, label: str, attr: str = "name") -> serializers.CharField:
    return serializers.CharField(source=f"{source}.{attr}", read_only=True, label=label, default=None)


class VolunteerTeamIn(InputSerializer):
    class Meta:
        model = VolunteerTeam
        fields = ["name", "kind", "territory", "leader_name", "phone", "founded_on"]


class VolunteerTeamOut(MaskedOutputSerializer):
    territory_name = _name("territory", "所在辖区")

    class Meta:
        model = VolunteerTeam
        fields = ["id", *VolunteerTeamIn.Meta.fields, "territory_name", *STAMPS]


class VolunteerIn(InputSerializer):
    class Meta:
        model = Volunteer
        fields = [
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
        ]


class VolunteerOut(MaskedOutputSerializer):
    territory_name = _name("territory", "注册社区")
    team_name = _name("team", "所在队伍")
    is_party_member = serializers.SerializerMethodField(label="党员")
    in_service = serializers.SerializerMethodField(label="在职党员双报到")

    class Meta:
        model = Volunteer
        fields = [
            "id",
            *VolunteerIn.Meta.fields,
            "territory_name",
            "team_name",
            "is_party_member",
            "in_service",
            *STAMPS,
        ]

    def get_is_party_member(self, obj) -> bool:
        return obj.party_member_id is not None

    def get_in_service(self, obj) -> bool:
        return bool(obj.party_member_id and obj.party_member.registered_in_service)


class ActivityIn(InputSerializer):
    class Meta:
        model = Activity
        fields = [
            "title",
            "category",
            "territory",
            "team",
            "place",
            "starts_at",
            "ends_at",
            "capacity",
            "description",
        ]


class ActivityOut(MaskedOutputSerializer):
    territory_name = _name("territory", "所在辖区")
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    seats_taken = serializers.IntegerField(read_only=True, default=None, label="已占名额")

    class Meta:
        model = Activity
        fields = [
            "id",
            *ActivityIn.Meta.fields,
            "state",
            "state_label",
            "category_label",
            "people_served",
            "seats_taken",
            "territory_name",
            *STAMPS,
        ]


class SignUpOut(MaskedOutputSerializer):
    volunteer_name = _name("volunteer", "志愿者")
    activity_title = _name("activity", "活动", "title")
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = SignUp
        fields = [
            "id",
            "activity",
            "activity_title",
            "volunteer",
            "volunteer_name",
            "state",
            "state_label",
            "checked_in_at",
            "checked_out_at",
            "service_hours",
            *STAMPS,
        ]


class SignUpCreateIn(serializers.Serializer):
    volunteer = serializers.IntegerField(label="志愿者编号")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SignUpTransitionIn(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[(k, t.label) for k, t in SIGNUP_TRANSITIONS.items()], label="操作"
    )
    hours = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, allow_null=True, label="服务时长"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ActivityFinishIn(serializers.Serializer):
    people_served = serializers.IntegerField(required=False, allow_null=True, min_value=0, label="服务人次")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ActivityEventOut(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.__str__", read_only=True, default=None)

    class Meta:
        model = ActivityEvent
        fields = ["id", "sign_up", "actor", "actor_name", "action", "frm", "to", "note", "at"]


class GovernancePostIn(InputSerializer):
    class Meta:
        model = GovernancePost
        fields = ["name", "territory", "duty", "slots"]


class GovernancePostOut(MaskedOutputSerializer):
    territory_name = _name("territory", "所在辖区")
    claimed = serializers.IntegerField(read_only=True, default=None, label="在岗人数")

    class Meta:
        model = GovernancePost
        fields = ["id", *GovernancePostIn.Meta.fields, "territory_name", "claimed", *STAMPS]


class PostClaimIn(serializers.Serializer):
    post = serializers.IntegerField(label="岗位编号")
    party_member = serializers.IntegerField(label="党员编号")
    claimed_on = serializers.DateField(required=False, allow_null=True)


class PostClaimOut(MaskedOutputSerializer):
    post_name = _name("post", "岗位")
    party_member_name = _name("party_member", "党员")

    class Meta:
        model = PostClaim
        fields = [
            "id",
            "post",
            "post_name",
            "party_member",
            "party_member_name",
            "claimed_on",
            "released_on",
            *STAMPS,
        ]


class PledgeIn(InputSerializer):
    class Meta:
        model = Pledge
        fields = ["party_member", "territory", "year", "promise", "result"]


class PledgeOut(MaskedOutputSerializer):
    party_member_name = _name("party_member", "党员")
    territory_name = _name("territory", "公示社区")

    class Meta:
        model = Pledge
        fields = ["id", *PledgeIn.Meta.fields, "party_member_name", "territory_name", "published_at", *STAMPS]


class PublicPledgeOut(serializers.ModelSerializer):
    party_member_name = _name("party_member", "党员")

    class Meta:
        model = Pledge
        fields = ["id", "party_member_name", "year", "promise", "result", "published_at"]
