"""Input and output serializers of the people registries.

Inputs only validate (foreign keys limited to the user's scope); outputs mask
personal data per row. Neither writes: the API calls the registry services.
"""

from __future__ import annotations

from rest_framework import serializers

from gongzhi.api.serializers import InputSerializer, MaskedOutputSerializer
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
from gongzhi.people.models.org import CouncilRole
from gongzhi.people.provenance import PROVENANCE_FIELDS
from gongzhi.territory.levels import Level

STAMPS = ["created_at", "updated_at"]


def _name(source: str, label: str) -> serializers.CharField:
    return serializers.CharField(source=f"{source}.name", read_only=True, label=label)


def _label(field: str) -> serializers.CharField:
    return serializers.CharField(source=f"get_{field}_display", read_only=True)


class RegistryOut(MaskedOutputSerializer):
    """A registry row as output, with who supplied it and when, which no input may set."""

    source_unit = serializers.CharField(read_only=True, label="来源单位")
    supplied_at = serializers.DateTimeField(read_only=True, allow_null=True, label="采集时间")


# -- party organisations and members ---------------------------------------------------------


class PartyOrgIn(InputSerializer):
    class Meta:
        model = PartyOrg
        fields = ["name", "kind", "territory", "parent", "secretary_name", "founded_on"]


class PartyOrgOut(RegistryOut):
    kind_label = _label("kind")
    territory_name = _name("territory", "所在辖区")
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None)

    class Meta:
        model = PartyOrg
        fields = [
            "id",
            *PartyOrgIn.Meta.fields,
            "kind_label",
            "territory_name",
            "parent_name",
            *PROVENANCE_FIELDS,
            *STAMPS,
        ]


class PartyMemberIn(InputSerializer):
    class Meta:
        model = PartyMember
        fields = [
            "name",
            "gender",
            "id_number",
            "phone",
            "party_org",
            "territory",
            "registered_in_service",
            "work_unit",
            "joined_on",
        ]


class PartyMemberOut(RegistryOut):
    territory_name = _name("territory", "报到社区")
    party_org_name = _name("party_org", "所在党组织")

    class Meta:
        model = PartyMember
        fields = [
            "id",
            *PartyMemberIn.Meta.fields,
            "territory_name",
            "party_org_name",
            *PROVENANCE_FIELDS,
            *STAMPS,
        ]


class LinkedHouseholdIn(InputSerializer):
    class Meta:
        model = LinkedHousehold
        fields = ["party_member", "household", "is_hub"]


class LinkedHouseholdOut(RegistryOut):
    party_member_name = _name("party_member", "党员")
    household_name = _name("household", "联系户")
    address = serializers.CharField(source="household.address", read_only=True, label="详细地址")

    class Meta:
        model = LinkedHousehold
        fields = [
            "id",
            *LinkedHouseholdIn.Meta.fields,
            "party_member_name",
            "household_name",
            "address",
            *PROVENANCE_FIELDS,
            *STAMPS,
        ]


# -- councils (一组一会) -------------------------------------------------------------------------


class CouncilIn(InputSerializer):
    class Meta:
        model = Council
        fields = ["name", "kind", "branch", "territory", "elected_on"]


class CouncilOut(RegistryOut):
    kind_label = _label("kind")
    territory_name = _name("territory", "所在辖区")
    branch_name = serializers.CharField(source="branch.name", read_only=True, default=None)

    class Meta:
        model = Council
        fields = [
            "id",
            *CouncilIn.Meta.fields,
            "kind_label",
            "territory_name",
            "branch_name",
            *PROVENANCE_FIELDS,
            *STAMPS,
        ]


class CouncilMemberIn(InputSerializer):
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=CouncilRole.choices), required=False, label="身份"
    )

    class Meta:
        model = CouncilMember
        fields = ["council", "name", "phone", "roles", "is_party_member"]


class CouncilMemberOut(RegistryOut):
    roles = serializers.ListField(child=serializers.ChoiceField(choices=CouncilRole.choices), label="身份")
    council_name = _name("council", "议事会")
    territory = serializers.IntegerField(source="council.territory_id", read_only=True)
    territory_name = _name("council.territory", "所在辖区")

    class Meta:
        model = CouncilMember
        fields = [
            "id",
            *CouncilMemberIn.Meta.fields,
            "council_name",
            "territory",
            "territory_name",
            *PROVENANCE_FIELDS,
            *STAMPS,
        ]


# -- staff and forces (2+N) ------------------------------------------------------------------


class GridWorkerIn(InputSerializer):
    class Meta:
        model = GridWorker
        fields = ["name", "phone", "id_number", "employment", "territory"]


class GridWorkerOut(RegistryOut):
    territory_name = _name("territory", "负责网格")

    class Meta:
        model = GridWorker
        fields = ["id", *GridWorkerIn.Meta.fields, "territory_name", "user", *PROVENANCE_FIELDS, *STAMPS]


class CommunityWorkerIn(InputSerializer):
    class Meta:
        model = CommunityWorker
        fields = ["name", "phone", "id_number", "post", "territory"]


class CommunityWorkerOut(RegistryOut):
    territory_name = _name("territory", "所在社区")

    class Meta:
        model = CommunityWorker
        fields = ["id", *CommunityWorkerIn.Meta.fields, "territory_name", "user", *PROVENANCE_FIELDS, *STAMPS]


class PoliceOfficerIn(InputSerializer):
    class Meta:
        model = PoliceOfficer
        fields = ["name", "badge_number", "phone", "station", "territory"]


class PoliceOfficerOut(RegistryOut):
    territory_name = _name("territory", "联系网格")

    class Meta:
        model = PoliceOfficer
        fields = ["id", *PoliceOfficerIn.Meta.fields, "territory_name", *PROVENANCE_FIELDS, *STAMPS]


class SpecialistTeamIn(InputSerializer):
    class Meta:
        model = SpecialistTeam
        fields = ["name", "speciality", "leader_name", "phone", "member_count", "territory"]


class SpecialistTeamOut(RegistryOut):
    territory_name = _name("territory", "服务辖区")

    class Meta:
        model = SpecialistTeam
        fields = ["id", *SpecialistTeamIn.Meta.fields, "territory_name", *PROVENANCE_FIELDS, *STAMPS]


class PartnerUnitIn(InputSerializer):
    class Meta:
        model = PartnerUnit
        fields = ["name", "kind", "contact_name", "phone", "territory"]


class PartnerUnitOut(RegistryOut):
    kind_label = _label("kind")
    territory_name = _name("territory", "共建社区")

    class Meta:
        model = PartnerUnit
        fields = [
            "id",
            *PartnerUnitIn.Meta.fields,
            "kind_label",
            "territory_name",
            *PROVENANCE_FIELDS,
            *STAMPS,
        ]


# -- residents -------------------------------------------------------------------------------


class ResidentIn(InputSerializer):
    tags = serializers.ListField(child=serializers.CharField(max_length=20), required=False, label="标签")

    class Meta:
        model = Resident
        fields = ["name", "gender", "id_number", "phone", "household", "is_head", "relation", "tags"]

    def validate_household(self, household):
        if household.level != Level.HOUSEHOLD:
            raise serializers.ValidationError("所在户必须是「户」一级的单元。")
        return household


class ResidentOut(RegistryOut):
    tags = serializers.ListField(child=serializers.CharField(), label="标签")
    household_name = _name("household", "所在户")
    address = serializers.CharField(source="household.address", read_only=True, label="详细地址")

    class Meta:
        model = Resident
        fields = ["id", *ResidentIn.Meta.fields, "household_name", "address", *PROVENANCE_FIELDS, *STAMPS]
