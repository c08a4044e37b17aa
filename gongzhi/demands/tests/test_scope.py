"""Who sees which demand: out of scope looks exactly like missing."""

from __future__ import annotations

import pytest

from gongzhi.demands.tests.factories import submit
from gongzhi.demands.tests.test_api_lifecycle import URL, as_user
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_demands(cast):
    """Given one demand in district A and one in district B."""
    return {
        "a": submit(
            cast["resident"], cast["tree"]["grid_a"], contact_phone="13912345678", address="A路8号1栋101室"
        ),
        "b": submit(cast["resident"], cast["tree"]["grid_b"]),
    }


def test_an_out_of_scope_demand_answers_404_like_a_missing_one(cast, two_demands):
    client = as_user(cast["outsider"])  # a community worker of district B's community
    missing = client.get(f"{URL}987654321/").json()

    outside = client.get(f"{URL}{two_demands['a'].pk}/")
    act = client.post(f"{URL}{two_demands['a'].pk}/accept/", {}, format="json")

    assert outside.status_code == 404 and act.status_code == 404
    assert outside.json() == missing == act.json()


def test_the_list_holds_only_the_users_subtree(cast, two_demands):
    ids_a = {r["id"] for r in as_user(cast["desk"]).get(URL).json()["results"]}
    ids_b = {r["id"] for r in as_user(cast["outsider"]).get(URL).json()["results"]}

    assert ids_a == {two_demands["a"].pk}
    assert ids_b == {two_demands["b"].pk}


def test_the_list_filters_by_state_channel_category_and_subtree(cast, two_demands, tree):
    admin = user_with_role(Role.CITY_ADMIN, tree["city"])
    client = as_user(admin)

    def ids(**params):
        return {r["id"] for r in client.get(URL, params).json()["results"]}

    assert ids(territory=tree["district_a"].pk) == {two_demands["a"].pk}
    assert ids(state="submitted") == {two_demands["a"].pk, two_demands["b"].pk}
    assert ids(state="closed") == set()
    assert ids(channel="hotline") == set()
    assert ids(category="property") == set()


def test_a_viewer_without_need_for_personal_data_sees_it_masked(cast, two_demands):
    body = as_user(cast["official"]).get(f"{URL}{two_demands['a'].pk}/").json()
    full = as_user(cast["desk"]).get(f"{URL}{two_demands['a'].pk}/").json()

    assert body["contact_phone"] == "139****5678"
    assert body["address"] == "A路****"
    assert body["contact_name"] == "王**"
    assert full["contact_phone"] == "13912345678"


def test_a_resident_sees_only_what_they_reported(cast, two_demands, tree):
    neighbour = user_with_role(Role.RESIDENT, tree["household_a"], username="neighbour")

    assert as_user(neighbour).get(URL).json()["results"] == []
    assert as_user(neighbour).get(f"{URL}{two_demands['a'].pk}/").status_code == 404
    assert len(as_user(cast["resident"]).get(URL).json()["results"]) == 2


def test_the_triage_queue_is_seen_by_the_city_administrator_only(cast, tree):
    unlocated = submit(cast["resident"], text="有个井盖丢了", address="不知道哪里")
    admin = user_with_role(Role.CITY_ADMIN, tree["city"], username="cityadmin")

    assert as_user(cast["desk"]).get(f"{URL}{unlocated.pk}/").status_code == 404
    queue = as_user(admin).get(URL, {"unlocated": "true"}).json()["results"]
    assert [r["id"] for r in queue] == [unlocated.pk]

    located = as_user(admin).post(
        f"{URL}{unlocated.pk}/locate/", {"territory_id": tree["grid_a"].pk}, format="json"
    )
    assert located.status_code == 200
    assert as_user(cast["desk"]).get(f"{URL}{unlocated.pk}/").status_code == 200


def test_the_list_reads_a_fixed_number_of_queries(cast, tree, django_assert_max_num_queries):
    for _ in range(5):
        submit(cast["resident"], tree["grid_a"])
    client = as_user(cast["desk"])
    client.get(URL)  # warm the content types and the like

    with django_assert_max_num_queries(4):
        response = client.get(URL)

    assert len(response.json()["results"]) == 5
