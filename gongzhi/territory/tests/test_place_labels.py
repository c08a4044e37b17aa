"""Rows of households and grids are told apart by the places above them."""

import pytest

from gongzhi.territory.selectors import place_labels
from gongzhi.territory.tests.factories import node

pytestmark = pytest.mark.django_db


def test_a_household_is_named_with_its_building_and_grid_below_the_page_node(tree, django_assert_num_queries):
    twin = node(node(tree["grid_a"], "building", "A2栋"), "household", "101室")
    with django_assert_num_queries(1):
        labels = place_labels([tree["household_a"], twin], below=tree["community_a"])
    assert labels == {tree["household_a"].pk: "A第一网格 · A1栋 · 101室", twin.pk: "A第一网格 · A2栋 · 101室"}


def test_nothing_at_or_above_the_page_node_is_repeated_and_depth_limits_the_name(tree):
    assert place_labels([tree["household_a"]], below=tree["building_a"]) == {tree["household_a"].pk: "101室"}
    street = place_labels([tree["grid_a"], tree["grid_b"]], below=tree["city"], depth=1)
    assert street == {tree["grid_a"].pk: "A社区 · A第一网格", tree["grid_b"].pk: "B社区 · B第一网格"}
    assert place_labels([], below=tree["city"]) == {}
