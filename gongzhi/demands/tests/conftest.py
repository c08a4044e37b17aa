import pytest

from gongzhi.demands.tests.factories import DispatchRuleFactory, HandlerFactory, category
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(tree):
    """Given the people of district A's community: front desk, two handler members, officials, a resident."""
    community = tree["community_a"]
    people = {
        "desk": user_with_role(Role.COMMUNITY_WORKER, community, username="desk"),
        "worker1": user_with_role(Role.DEPARTMENT_HANDLER, tree["street_a"], username="worker1"),
        "worker2": user_with_role(Role.DEPARTMENT_HANDLER, tree["street_a"], username="worker2"),
        "official": user_with_role(Role.STREET_OFFICIAL, tree["street_a"], username="official"),
        "resident": user_with_role(Role.RESIDENT, tree["household_a"], username="resident"),
        "outsider": user_with_role(Role.COMMUNITY_WORKER, tree["community_b"], username="outsider"),
    }
    handler = HandlerFactory(
        name="A社区物业服务中心",
        kind="partner_unit",
        territory=community,
        members=[people["worker1"], people["worker2"]],
    )
    DispatchRuleFactory(
        category=category("property"), territory=tree["street_a"], handler=handler, deadline_hours=14
    )
    return {**people, "handler": handler, "tree": tree}
