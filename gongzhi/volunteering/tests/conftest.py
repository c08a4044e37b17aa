import pytest

from gongzhi.people.tests.factories import PartyMemberFactory, ResidentFactory, user_with_role
from gongzhi.volunteering.tests.factories import ActivityFactory, VolunteerFactory


@pytest.fixture
def cast(tree):
    """A community worker of community A, a resident volunteer with a login, an activity in A."""
    worker = user_with_role("community_worker", tree["community_a"])
    outsider = user_with_role("community_worker", tree["community_b"])
    viewer = user_with_role("council_member", tree["community_a"])
    resident = ResidentFactory(household=tree["household_a"])
    login = user_with_role("resident", tree["household_a"])
    volunteer = VolunteerFactory(territory=tree["community_a"], resident=resident, user=login)
    member = PartyMemberFactory(territory=tree["community_a"], registered_in_service=True)
    return {
        "tree": tree,
        "worker": worker,
        "outsider": outsider,
        "viewer": viewer,
        "login": login,
        "volunteer": volunteer,
        "member": member,
        "activity": ActivityFactory(territory=tree["grid_a"], capacity=2),
        "others": [VolunteerFactory(territory=tree["community_a"]) for _ in range(3)],
    }
