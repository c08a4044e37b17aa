import datetime as dt

import pytest

from gongzhi.people.tests.factories import ResidentFactory, user_with_role
from gongzhi.points.models import Holder, PointRule, ShopItem
from gongzhi.points.services import account_for


@pytest.fixture
def shop(tree):
    """Rules at the city and one overriding rule in district A, a shop in community A, two households."""
    city, community = tree["city"], tree["community_a"]
    rules = {
        "help": PointRule.objects.create(code="help", name="邻里互助", points=5, territory=city),
        "litter": PointRule.objects.create(code="litter", name="乱扔垃圾", points=-3, territory=city),
        "hours": PointRule.objects.create(
            code="volunteer_hours",
            name="志愿时长",
            points=2,
            per_hour=True,
            holder=Holder.VOLUNTEER,
            territory=city,
        ),
    }
    PointRule.objects.create(code="help", name="邻里互助(A区)", points=8, territory=tree["district_a"])
    head = ResidentFactory(household=tree["household_a"], name="张大山", is_head=True)
    keeper = user_with_role("community_worker", community)
    return {
        "tree": tree,
        "rules": rules,
        "keeper": keeper,
        "outsider": user_with_role("community_worker", tree["community_b"]),
        "viewer": user_with_role("council_member", community),
        "head": head,
        "home": account_for(household=tree["household_a"]),
        "far_home": account_for(household=tree["household_b"]),
        "soap": ShopItem.objects.create(name="洗衣液", territory=community, cost=10, stock=2),
        "day": dt.date(2024, 5, 1),
    }
