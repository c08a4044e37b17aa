"""REST endpoints of the people registries: each one is a scoped CRUD viewset in a few lines."""

from __future__ import annotations

from gongzhi.api.viewsets import ScopedRegistryViewSet
from gongzhi.people import filters
from gongzhi.people import serializers as s
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


class PartyOrgViewSet(ScopedRegistryViewSet):
    """党组织 (党委 / 总支 / 支部 / 党小组)."""

    model = PartyOrg
    select_related = ("territory", "parent")
    input_serializer_class, output_serializer_class = s.PartyOrgIn, s.PartyOrgOut
    filterset_class = filters.PartyOrgFilter
    search_fields = ("name", "secretary_name")


class PartyMemberViewSet(ScopedRegistryViewSet):
    """党员."""

    model = PartyMember
    select_related = ("territory", "party_org")
    input_serializer_class, output_serializer_class = s.PartyMemberIn, s.PartyMemberOut
    filterset_class = filters.PartyMemberFilter
    search_fields = ("name", "work_unit")


class LinkedHouseholdViewSet(ScopedRegistryViewSet):
    """党员联系户 (一人联十户)."""

    model = LinkedHousehold
    select_related = ("household", "party_member")
    input_serializer_class, output_serializer_class = s.LinkedHouseholdIn, s.LinkedHouseholdOut
    filterset_class = filters.LinkedHouseholdFilter
    search_fields = ("party_member__name", "household__name")
    ordering_fields = ("id", "created_at", "updated_at")


class CouncilViewSet(ScopedRegistryViewSet):
    """村民理事会 / 居民议事会 (一组一会)."""

    model = Council
    select_related = ("territory", "branch")
    input_serializer_class, output_serializer_class = s.CouncilIn, s.CouncilOut
    filterset_class = filters.CouncilFilter


class CouncilMemberViewSet(ScopedRegistryViewSet):
    """议事会成员."""

    model = CouncilMember
    select_related = ("council__territory",)
    input_serializer_class, output_serializer_class = s.CouncilMemberIn, s.CouncilMemberOut
    filterset_class = filters.CouncilMemberFilter


class GridWorkerViewSet(ScopedRegistryViewSet):
    """网格员."""

    model = GridWorker
    select_related = ("territory",)
    input_serializer_class, output_serializer_class = s.GridWorkerIn, s.GridWorkerOut
    filterset_class = filters.GridWorkerFilter


class CommunityWorkerViewSet(ScopedRegistryViewSet):
    """社区工作者."""

    model = CommunityWorker
    select_related = ("territory",)
    input_serializer_class, output_serializer_class = s.CommunityWorkerIn, s.CommunityWorkerOut
    filterset_class = filters.CommunityWorkerFilter
    search_fields = ("name", "post")


class PoliceOfficerViewSet(ScopedRegistryViewSet):
    """网格民警 (2+N 的 "2")."""

    model = PoliceOfficer
    select_related = ("territory",)
    input_serializer_class, output_serializer_class = s.PoliceOfficerIn, s.PoliceOfficerOut
    filterset_class = filters.PoliceOfficerFilter
    search_fields = ("name", "badge_number", "station")


class SpecialistTeamViewSet(ScopedRegistryViewSet):
    """专业力量 (2+N 的 "N")."""

    model = SpecialistTeam
    select_related = ("territory",)
    input_serializer_class, output_serializer_class = s.SpecialistTeamIn, s.SpecialistTeamOut
    filterset_class = filters.SpecialistTeamFilter
    search_fields = ("name", "speciality", "leader_name")


class PartnerUnitViewSet(ScopedRegistryViewSet):
    """共建单位."""

    model = PartnerUnit
    select_related = ("territory",)
    input_serializer_class, output_serializer_class = s.PartnerUnitIn, s.PartnerUnitOut
    filterset_class = filters.PartnerUnitFilter
    search_fields = ("name", "contact_name")


class ResidentViewSet(ScopedRegistryViewSet):
    """居民."""

    model = Resident
    select_related = ("household",)
    input_serializer_class, output_serializer_class = s.ResidentIn, s.ResidentOut
    filterset_class = filters.ResidentFilter


# URL prefix → viewset, in the order the API root lists them.
REGISTRY_ROUTES = {
    "party-orgs": PartyOrgViewSet,
    "party-members": PartyMemberViewSet,
    "linked-households": LinkedHouseholdViewSet,
    "councils": CouncilViewSet,
    "council-members": CouncilMemberViewSet,
    "grid-workers": GridWorkerViewSet,
    "community-workers": CommunityWorkerViewSet,
    "police-officers": PoliceOfficerViewSet,
    "specialist-teams": SpecialistTeamViewSet,
    "partner-units": PartnerUnitViewSet,
    "residents": ResidentViewSet,
}
