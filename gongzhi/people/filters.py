"""Query filters over the people registries for the API.

Foreign keys are filtered by plain id (NumberFilter), never by a choice over all rows:
a choice filter would answer "invalid choice" for a missing id but not for one out of
scope, and so tell the two apart.
"""

from __future__ import annotations

import django_filters

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
from gongzhi.territory.filters import SubtreeFilter


def _id(field: str, label: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(field_name=f"{field}_id", label=label)


class RegistryFilter(django_filters.FilterSet):
    subtree = SubtreeFilter()


class TerritoryRegistryFilter(RegistryFilter):
    territory = _id("territory", "所在辖区 id")


class PartyOrgFilter(TerritoryRegistryFilter):
    parent = _id("parent", "上级组织 id")

    class Meta:
        model = PartyOrg
        fields = ["kind"]


class PartyMemberFilter(TerritoryRegistryFilter):
    party_org = _id("party_org", "所在党组织 id")

    class Meta:
        model = PartyMember
        fields = ["gender", "registered_in_service"]


class LinkedHouseholdFilter(RegistryFilter):
    party_member = _id("party_member", "党员 id")
    household = _id("household", "户 id")

    class Meta:
        model = LinkedHousehold
        fields = ["is_hub"]


class CouncilFilter(TerritoryRegistryFilter):
    branch = _id("branch", "结对支部 id")

    class Meta:
        model = Council
        fields = ["kind"]


class CouncilMemberFilter(RegistryFilter):
    council = _id("council", "议事会 id")

    class Meta:
        model = CouncilMember
        fields = ["is_party_member"]


class GridWorkerFilter(TerritoryRegistryFilter):
    class Meta:
        model = GridWorker
        fields = ["employment"]


class CommunityWorkerFilter(TerritoryRegistryFilter):
    class Meta:
        model = CommunityWorker
        fields = ["post"]


class PoliceOfficerFilter(TerritoryRegistryFilter):
    class Meta:
        model = PoliceOfficer
        fields = ["station"]


class SpecialistTeamFilter(TerritoryRegistryFilter):
    class Meta:
        model = SpecialistTeam
        fields = ["speciality"]


class PartnerUnitFilter(TerritoryRegistryFilter):
    class Meta:
        model = PartnerUnit
        fields = ["kind"]


class ResidentFilter(RegistryFilter):
    household = _id("household", "所在户 id")

    class Meta:
        model = Resident
        fields = ["gender", "is_head"]
