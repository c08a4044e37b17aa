"""Locate a point or an address in the tree, and route by the dispatch rules."""

from __future__ import annotations

import pytest
from shapely.geometry import box, mapping

from gongzhi.demands import routing
from gongzhi.demands.tests.factories import DispatchRuleFactory, HandlerFactory, category, submit
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def mapped(tree):
    """Given community A drawn as a square and its first grid as the square's south-west quarter."""
    shapes = {
        "community_a": box(117.30, 32.90, 117.40, 33.00),
        "grid_a": box(117.30, 32.90, 117.35, 32.95),
        "community_b": box(117.50, 32.90, 117.60, 33.00),
    }
    for key, geom in shapes.items():
        tree[key].boundary = mapping(geom)
        tree[key].save(update_fields=["boundary", "updated_at"])
    return tree


def test_a_point_inside_a_grid_goes_to_the_grid_not_its_community(mapped):
    assert routing.locate_point(lng=117.32, lat=32.92) == mapped["grid_a"]
    assert routing.locate_point(lng=117.38, lat=32.98) == mapped["community_a"]
    assert routing.locate_point(lng=117.55, lat=32.95) == mapped["community_b"]
    assert routing.locate_point(lng=116.00, lat=30.00) is None


def test_the_index_follows_a_changed_boundary(mapped):
    assert routing.locate_point(lng=117.32, lat=32.92) == mapped["grid_a"]
    grid = mapped["grid_a"]
    grid.boundary = mapping(box(117.36, 32.96, 117.40, 33.00))
    grid.save(update_fields=["boundary", "updated_at"])

    assert routing.locate_point(lng=117.32, lat=32.92) == mapped["community_a"]


def test_a_phone_gps_point_is_converted_and_located_at_intake(mapped):
    resident = user_with_role(Role.RESIDENT, mapped["household_a"])

    demand = submit(resident, text="路灯不亮", lng=117.315, lat=32.925, coord_system="wgs84")

    assert demand.territory == mapped["grid_a"]
    assert demand.lng != 117.315  # stored in GCJ-02, a few hundred metres off the GPS reading


def test_an_address_goes_to_the_community_it_names(tree):
    assert routing.locate_address(address="测试市A区A街道A社区幸福路8号") == tree["community_a"]
    assert routing.locate_address(address="A街道甲村张庄东头") == tree["natural_village_a"]
    assert routing.locate_address(address="B社区门口") == tree["community_b"]
    assert routing.locate_address(address="火星基地") is None


def test_an_address_that_fits_two_places_equally_waits_for_a_person(tree):
    assert routing.locate_address(address="A社区和B社区交界处") is None


def test_an_unlocated_demand_waits_in_the_triage_queue(tree):
    resident = user_with_role(Role.RESIDENT, tree["household_a"])

    demand = submit(resident, text="有人在河边钓鱼很危险", address="不知道叫什么的河边")

    assert demand.territory is None


def test_the_rule_on_the_deepest_territory_wins_and_a_kind_finds_the_nearest_handler(tree):
    street_handler = HandlerFactory(kind="department", territory=tree["street_a"], name="街道安监办")
    community_handler = HandlerFactory(kind="department", territory=tree["community_a"], name="社区安全员")
    safety = category("safety")
    DispatchRuleFactory(category=safety, territory=tree["city"], handler=street_handler, deadline_hours=21)

    city_wide = routing.route(category=safety, territory=tree["grid_a"])
    DispatchRuleFactory(category=None, territory=tree["community_a"], handler_kind="department")
    nearer = routing.route(category=safety, territory=tree["grid_a"])

    assert city_wide.handler == street_handler and city_wide.deadline_hours == 21
    assert nearer.handler == community_handler
    assert nearer.deadline_hours == safety.deadline_hours  # the rule sets none: the category's default


def test_the_seeded_default_rule_routes_by_kind(tree):
    council_handler = HandlerFactory(kind="council", territory=tree["grid_a"], name="第一网格居民议事会")

    planned = routing.route(category=category("dispute_mediation"), territory=tree["household_a"])

    assert planned.handler == council_handler
    assert routing.route(category=category("dispute_mediation"), territory=tree["grid_b"]).handler is None


def test_text_is_classified_by_the_keywords_of_the_categories(db):
    assert routing.classify(text="楼上漏水，物业不管").code == "property"
    assert routing.classify(text="独居老人需要助餐").code == "elder_child_care"
    assert routing.classify(text="今天天气不错") is None
