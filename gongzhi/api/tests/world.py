"""Build one registry record per endpoint inside a given district of the `tree` fixture."""

from __future__ import annotations

from collections.abc import Callable

from gongzhi.people.roles import Role
from gongzhi.people.tests import factories as f
from gongzhi.territory.models import Territory

# Where each role is put in the test world: district A's street or community.
ROLE_HOME = {
    Role.RESIDENT: "community_a",
    Role.GRID_WORKER: "community_a",
    Role.COMMUNITY_WORKER: "community_a",
    Role.BRANCH_SECRETARY: "community_a",
    Role.COUNCIL_MEMBER: "community_a",
    Role.STREET_OFFICIAL: "street_a",
    Role.DEPARTMENT_HANDLER: "street_a",
    Role.DISTRICT_OFFICIAL: "district_a",
    Role.CITY_ADMIN: "district_a",
}


def _builders(t: dict[str, Territory], side: str) -> dict[str, Callable[[], object]]:
    grid, community, household = t[f"grid_{side}"], t[f"community_{side}"], t[f"household_{side}"]
    return {
        "territories": lambda: grid,
        "party-orgs": lambda: f.PartyOrgFactory(territory=grid),
        "party-members": lambda: f.PartyMemberFactory(territory=community),
        "linked-households": lambda: f.LinkedHouseholdFactory(
            household=household, party_member=f.PartyMemberFactory(territory=community)
        ),
        "councils": lambda: f.CouncilFactory(territory=grid),
        "council-members": lambda: f.CouncilMemberFactory(council=f.CouncilFactory(territory=grid)),
        "grid-workers": lambda: f.GridWorkerFactory(territory=grid),
        "community-workers": lambda: f.CommunityWorkerFactory(territory=community),
        "police-officers": lambda: f.PoliceOfficerFactory(territory=grid),
        "specialist-teams": lambda: f.SpecialistTeamFactory(territory=community),
        "partner-units": lambda: f.PartnerUnitFactory(territory=community),
        "residents": lambda: f.ResidentFactory(household=household),
    }


ENDPOINTS = list(_builders({k: None for k in ("grid_a", "community_a", "household_a")}, "a"))
REGISTRIES = [e for e in ENDPOINTS if e != "territories"]

# A harmless change each endpoint accepts from an editor.
UPDATES = {e: {"name": "改过的名称"} for e in ENDPOINTS}
UPDATES["linked-households"] = {"is_hub": True}
UPDATES["residents"] = {"relation": "本人"}


def make(endpoint: str, tree: dict[str, Territory], side: str):
    """Create the record of `endpoint` under district `side` ("a" inside, "b" outside)."""
    return _builders(tree, side)[endpoint]()


def person(role: str, tree: dict[str, Territory]):
    return f.user_with_role(role, tree[ROLE_HOME[role]])


def url(endpoint: str, pk=None, suffix: str = "") -> str:
    base = f"/api/v1/{endpoint}/"
    return base if pk is None else f"{base}{pk}/{suffix}"


MISSING_ID = 987654321
