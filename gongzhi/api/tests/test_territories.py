"""The territory endpoint: browse and count the tree, add, rename and move nodes."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from gongzhi.api.tests.world import MISSING_ID, url
from gongzhi.people.roles import Role
from gongzhi.people.tests import factories as f
from gongzhi.territory.models import Territory


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def official(tree):
    return client_for(f.user_with_role(Role.STREET_OFFICIAL, tree["street_a"]))


def ids(response) -> list[int]:
    body = response.json()
    return [r["id"] for r in (body["results"] if isinstance(body, dict) else body)]


def test_the_list_holds_only_the_users_subtree(tree, official):
    listed = ids(official.get(url("territories"), {"page_size": 500}))

    assert tree["street_a"].pk in listed and tree["household_a"].pk in listed
    assert tree["district_a"].pk not in listed and tree["street_b"].pk not in listed


def test_filters_by_level_parent_subtree_code_and_name(tree, official):
    t = tree

    assert ids(official.get(url("territories"), {"level": "community"})) == [
        t["community_a"].pk,
        t["village_a"].pk,
    ]
    assert ids(official.get(url("territories"), {"parent": t["street_a"].pk})) == [
        t["community_a"].pk,
        t["village_a"].pk,
    ]
    assert ids(official.get(url("territories"), {"subtree": t["village_a"].pk})) == [
        t["village_a"].pk,
        t["natural_village_a"].pk,
    ]
    assert ids(official.get(url("territories"), {"division_code": t["community_a"].division_code})) == [
        t["community_a"].pk
    ]
    assert ids(official.get(url("territories"), {"search": "张庄"})) == [t["natural_village_a"].pk]
    assert ids(official.get(url("territories"), {"parent": t["street_b"].pk})) == []


def test_children_come_with_counts_per_level(tree, official):
    rows = official.get(url("territories", tree["street_a"].pk, "children/")).json()

    by_name = {r["node"]["name"]: r["counts"] for r in rows}
    assert by_name == {
        "A社区": {"grid": 1, "building": 1, "household": 1},
        "甲村": {"natural_village": 1},
    }
    assert rows[0]["node"]["parent"] == tree["street_a"].pk


def test_roots_are_the_top_of_the_users_scope(tree, official):
    rows = official.get(url("territories") + "roots/").json()

    assert [r["node"]["id"] for r in rows] == [tree["street_a"].pk]
    assert rows[0]["counts"]["household"] == 1


def test_ancestors_stop_at_the_users_scope(tree, official):
    rows = official.get(url("territories", tree["grid_a"].pk, "ancestors/")).json()

    assert [r["name"] for r in rows] == ["A街道", "A社区"]


def test_coverage_counts_the_subtree(tree, official):
    f.PartyOrgFactory(territory=tree["grid_a"])
    f.CouncilFactory(territory=tree["grid_a"])

    cov = official.get(url("territories", tree["community_a"].pk, "coverage/")).json()

    assert cov["units"] == 1 and cov["units_with_branch"] == 1 and cov["branch_rate"] == 1.0


def test_a_household_address_is_masked_unless_the_work_needs_it(tree, official):
    worker = client_for(f.user_with_role(Role.COMMUNITY_WORKER, tree["community_a"]))
    household, community = tree["household_a"], tree["community_a"]
    Territory.objects.filter(pk=community.pk).update(address="A路1号")

    assert official.get(url("territories", household.pk)).json()["address"] == "A路****"
    assert official.get(url("territories", community.pk)).json()["address"] == "A路1号"
    assert worker.get(url("territories", household.pk)).json()["address"] == "A路8号1栋101室"


def test_an_editor_adds_a_child_node(tree, official):
    response = official.post(
        url("territories"),
        {"parent": tree["community_a"].pk, "name": "第二网格", "level": "grid"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    node = Territory.objects.get(pk=response.json()["id"])
    assert node.get_parent().pk == tree["community_a"].pk
    assert response.json()["parent"] == tree["community_a"].pk


def test_adding_under_a_parent_out_of_scope_looks_like_a_missing_parent(tree, official):
    data = {"name": "第二网格", "level": "grid"}

    refused = official.post(url("territories"), data | {"parent": tree["community_b"].pk}, format="json")
    missing = official.post(url("territories"), data | {"parent": MISSING_ID}, format="json")

    assert refused.status_code == 400
    assert refused.json() == missing.json()


def test_a_level_that_does_not_fit_is_refused_in_chinese(tree, official):
    response = official.post(
        url("territories"),
        {"parent": tree["community_a"].pk, "name": "某户", "level": "household"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "户不能放在社区/行政村之下。"


def test_a_viewer_cannot_add_or_move(tree):
    handler = client_for(f.user_with_role(Role.DEPARTMENT_HANDLER, tree["street_a"]))

    added = handler.post(url("territories"), {"parent": tree["community_a"].pk, "name": "x", "level": "grid"})
    moved = handler.post(url("territories", tree["grid_a"].pk, "move/"), {"parent": tree["village_a"].pk})

    assert added.status_code == 403
    assert moved.status_code == 403


def test_an_editor_moves_a_subtree(tree):
    district = client_for(f.user_with_role(Role.DISTRICT_OFFICIAL, tree["district_a"]))
    grid = f.GridWorkerFactory(territory=tree["grid_a"])
    new_community = Territory.objects.get(pk=tree["village_a"].pk)

    response = district.post(url("territories", tree["grid_a"].pk, "move/"), {"parent": new_community.pk})

    assert response.status_code == 200, response.json()
    assert response.json()["parent"] == new_community.pk
    grid.refresh_from_db()
    assert grid.territory.path.startswith(new_community.path)
    history = district.get(url("territories", tree["grid_a"].pk, "history/")).json()["results"]
    assert history[0]["reason"] == "移动到 甲村"


def test_moving_under_a_parent_out_of_scope_is_refused(tree, official):
    response = official.post(
        url("territories", tree["grid_a"].pk, "move/"), {"parent": tree["community_b"].pk}
    )

    assert response.status_code == 400
    assert Territory.objects.get(pk=tree["grid_a"].pk).path.startswith(tree["community_a"].path)


def test_a_division_code_must_have_twelve_digits(tree, official):
    response = official.patch(
        url("territories", tree["community_a"].pk), {"division_code": "3403"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"]["division_code"] == ["区划代码应为 12 位数字。"]


def test_the_territory_list_does_not_query_per_row(tree, django_assert_max_num_queries):
    client = APIClient()
    client.force_login(f.user_with_role(Role.STREET_OFFICIAL, tree["street_a"]))

    with django_assert_max_num_queries(6):
        response = client.get(url("territories"))

    assert response.json()["count"] == 7


@pytest.mark.parametrize("suffix", ["children/", "coverage/", "ancestors/", "history/"])
def test_every_action_on_a_node_out_of_scope_looks_missing(tree, official, suffix):
    outside = official.get(url("territories", tree["community_b"].pk, suffix))
    missing = official.get(url("territories", MISSING_ID, suffix))

    assert outside.status_code == 404
    assert outside.json() == missing.json()


def test_a_superuser_sees_the_whole_tree(tree):
    admin = client_for(f.UserFactory(is_superuser=True))

    listed = ids(admin.get(url("territories"), {"page_size": 500}))
    roots = admin.get(url("territories") + "roots/").json()

    assert len(listed) == Territory.objects.count()
    assert [r["node"]["id"] for r in roots] == [tree["city"].pk]
