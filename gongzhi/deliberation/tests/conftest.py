import datetime as dt

import pytest
from django.utils import timezone

from gongzhi.people.models import RoleAssignment
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import (
    CommunityWorkerFactory,
    CouncilFactory,
    CouncilMemberFactory,
    PartyMemberFactory,
    PartyOrgFactory,
    ResidentFactory,
    user_with_role,
)
from gongzhi.territory.tests.factories import node


@pytest.fixture
def town(tree):
    """Given community A (urban) and village 甲村 (rural) of street A, community B elsewhere, and their people."""
    village = tree["village_a"]
    farm_house = node(tree["natural_village_a"], "household", "张庄3号")
    people = {
        "worker": user_with_role(
            Role.COMMUNITY_WORKER, tree["community_a"], username="worker", display_name="李红"
        ),
        "village_worker": user_with_role(
            Role.COMMUNITY_WORKER, village, username="vworker", display_name="王强"
        ),
        "resident": user_with_role(
            Role.RESIDENT, tree["household_a"], username="resident", display_name="赵敏"
        ),
        "villager": user_with_role(Role.RESIDENT, farm_house, username="villager", display_name="张三"),
        "outsider": user_with_role(
            Role.RESIDENT, tree["household_b"], username="outsider", display_name="钱多"
        ),
        "official_b": user_with_role(Role.STREET_OFFICIAL, tree["street_b"], username="official_b"),
    }
    ResidentFactory(household=tree["household_a"], user=people["resident"], name="赵敏")
    ResidentFactory(household=farm_house, user=people["villager"], name="张三")
    for home in (tree["household_a"], farm_house):  # neighbours without a login yet
        ResidentFactory.create_batch(3, household=home)
    branch = PartyOrgFactory(territory=tree["grid_a"], name="第一网格党支部")
    council = CouncilFactory(territory=tree["grid_a"], branch=branch, name="第一网格居民议事会")
    members = [
        CouncilMemberFactory(
            council=council, name=f"议事{i}", roles=["resident_representative"] if i < 3 else ["five_elders"]
        )
        for i in range(5)
    ]
    # One member has a login: the reminder finds them through their council-member role.
    member_user = user_with_role(
        Role.COUNCIL_MEMBER, tree["grid_a"], username="member0", display_name="议事0"
    )
    v_branch = PartyOrgFactory(territory=village, name="甲村党支部")
    v_council = CouncilFactory(territory=tree["natural_village_a"], kind="villagers", name="张庄村民理事会")
    reps = [
        CouncilMemberFactory(council=v_council, name=f"代表{i}", roles=["resident_representative"])
        for i in range(6)
    ]
    party = [PartyMemberFactory(territory=village, party_org=v_branch, name=f"党员{i}") for i in range(4)]
    committee = [CommunityWorkerFactory(territory=village, name=n) for n in ("村书记", "村主任", "村会计")]
    return {
        **people,
        "tree": tree,
        "village": village,
        "farm_house": farm_house,
        "council": council,
        "members": members,
        "member_user": member_user,
        "v_council": v_council,
        "reps": reps,
        "party": party,
        "committee": committee,
    }


@pytest.fixture
def soon():
    return timezone.now() + dt.timedelta(hours=2)


def grant(user, role, territory):
    RoleAssignment.objects.create(user=user, role=role, territory=territory)
    user._gongzhi_roles = None
