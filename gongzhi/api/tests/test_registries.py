"""The registry endpoints: masking, writes through the services, filters, history, query counts."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from gongzhi.api.tests.world import MISSING_ID, REGISTRIES, make, url
from gongzhi.people.models import PartyMember, Resident
from gongzhi.people.roles import Role
from gongzhi.people.tests import factories as f

VALID_ID = "110101199003070011"  # check digit computed: ISO 7064 MOD 11-2


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def street_official(tree):
    return f.user_with_role(Role.STREET_OFFICIAL, tree["street_a"])


@pytest.fixture
def community_worker(tree):
    return f.user_with_role(Role.COMMUNITY_WORKER, tree["community_a"])


def test_a_street_official_sees_phones_and_id_numbers_masked(tree, street_official):
    member = f.PartyMemberFactory(territory=tree["community_a"], phone="13812345678")
    resident = f.ResidentFactory(household=tree["household_a"], phone="13912345678")

    members = client_for(street_official).get(url("party-members")).json()["results"]
    residents = client_for(street_official).get(url("residents", resident.pk)).json()

    assert members[0]["phone"] == "138****5678"
    assert members[0]["id_number"] != member.id_number and "*" in members[0]["id_number"]
    assert members[0]["id_number"][:6] == member.id_number[:6]
    assert residents["phone"] == "139****5678"
    assert residents["address"] == "A路****"


def test_a_community_worker_sees_them_in_full(tree, community_worker):
    member = f.PartyMemberFactory(territory=tree["community_a"], phone="13812345678")
    resident = f.ResidentFactory(household=tree["household_a"])

    members = client_for(community_worker).get(url("party-members")).json()["results"]
    detail = client_for(community_worker).get(url("residents", resident.pk)).json()

    assert members[0]["phone"] == "13812345678"
    assert members[0]["id_number"] == member.id_number
    assert detail["id_number"] == resident.id_number
    assert detail["address"] == "A路8号1栋101室"


def test_masking_follows_the_role_held_over_each_row(tree):
    # A community worker in A who is also a street official over B sees A in full and B masked.
    user = f.user_with_role(Role.COMMUNITY_WORKER, tree["community_a"])
    f.RoleAssignment.objects.create(user=user, role=Role.STREET_OFFICIAL, territory=tree["street_b"])
    in_a = f.GridWorkerFactory(territory=tree["grid_a"], phone="13812345678")
    in_b = f.GridWorkerFactory(territory=tree["grid_b"], phone="13912345678")

    rows = {r["id"]: r for r in client_for(user).get(url("grid-workers")).json()["results"]}

    assert rows[in_a.pk]["phone"] == "13812345678"
    assert rows[in_b.pk]["phone"] == "139****5678"


def test_an_editor_creates_a_record_and_its_history_names_them(tree, community_worker):
    org = f.PartyOrgFactory(territory=tree["grid_a"])
    client = client_for(community_worker)

    created = client.post(
        url("party-members"),
        {"name": "王芳", "id_number": VALID_ID, "party_org": org.pk, "territory": tree["community_a"].pk},
        format="json",
    )
    client.patch(url("party-members", created.json()["id"]), {"phone": "13700001111"}, format="json")
    history = client.get(url("party-members", created.json()["id"], "history/")).json()["results"]

    assert created.status_code == 201, created.json()
    assert PartyMember.objects.get(pk=created.json()["id"]).name == "王芳"
    assert [h["type"] for h in history] == ["update", "create"]
    assert history[0]["user"]["id"] == community_worker.pk
    assert history[0]["changes"] == [{"field": "phone", "label": "手机号", "old": "", "new": "13700001111"}]


def test_history_masks_personal_data_for_viewers_who_do_not_need_it(tree, community_worker, street_official):
    resident = f.ResidentFactory(household=tree["household_a"], phone="13812345678")
    client_for(community_worker).patch(url("residents", resident.pk), {"phone": "13900002222"}, format="json")

    history = client_for(street_official).get(url("residents", resident.pk, "history/")).json()["results"]

    assert history[0]["changes"][0]["old"] == "138****5678"
    assert history[0]["changes"][0]["new"] == "139****2222"


@pytest.mark.parametrize(
    "endpoint,field,payload",
    [
        ("party-orgs", "territory", {"name": "新支部", "kind": "branch"}),
        ("party-members", "party_org", {"name": "李明", "id_number": VALID_ID}),
        ("councils", "territory", {"name": "新议事会", "kind": "residents"}),
        ("council-members", "council", {"name": "赵六"}),
        ("residents", "household", {"name": "钱七", "id_number": VALID_ID}),
        ("linked-households", "household", {}),
    ],
)
def test_a_foreign_key_out_of_scope_is_refused_like_a_missing_one(
    tree, community_worker, endpoint, field, payload
):
    in_a = {
        "territory": tree["grid_a"],
        "household": tree["household_a"],
        "party_org": f.PartyOrgFactory(territory=tree["grid_a"]),
        "council": f.CouncilFactory(territory=tree["grid_a"]),
        "party_member": f.PartyMemberFactory(territory=tree["community_a"]),
    }
    outside = {
        "territory": tree["grid_b"],
        "household": tree["household_b"],
        "party_org": f.PartyOrgFactory(territory=tree["grid_b"]),
        "council": f.CouncilFactory(territory=tree["grid_b"]),
    }[field]
    base = {k: v.pk for k, v in in_a.items()} | payload
    client = client_for(community_worker)

    refused = client.post(url(endpoint), base | {field: outside.pk}, format="json")
    missing = client.post(url(endpoint), base | {field: MISSING_ID}, format="json")

    assert refused.status_code == 400
    assert refused.json() == missing.json()
    assert "不存在" in refused.json()["errors"][field][0]


def test_moving_a_record_out_of_scope_is_refused(tree, community_worker):
    worker = f.GridWorkerFactory(territory=tree["grid_a"])

    response = client_for(community_worker).patch(
        url("grid-workers", worker.pk), {"territory": tree["grid_b"].pk}, format="json"
    )

    assert response.status_code == 400
    worker.refresh_from_db()
    assert worker.territory_id == tree["grid_a"].pk


def test_invalid_data_is_refused_with_a_chinese_message(tree, community_worker):
    response = client_for(community_worker).post(
        url("residents"),
        {"name": "孙八", "id_number": "110101199003070012", "household": tree["household_a"].pk},
        format="json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "校验位" in body["errors"]["id_number"][0]
    assert not Resident.objects.exists()


def test_a_resident_must_live_in_a_household_node(tree, community_worker):
    response = client_for(community_worker).post(
        url("residents"),
        {"name": "周九", "id_number": VALID_ID, "household": tree["grid_a"].pk},
        format="json",
    )

    assert response.status_code == 400
    assert "户" in response.json()["errors"]["household"][0]


def test_a_viewer_cannot_create(tree):
    handler = f.user_with_role(Role.DEPARTMENT_HANDLER, tree["street_a"])

    response = client_for(handler).post(url("party-orgs"), {"name": "x"}, format="json")

    assert response.status_code == 403


def test_deleting_a_record_others_depend_on_is_a_conflict(tree, community_worker):
    member = f.PartyMemberFactory(territory=tree["community_a"])

    response = client_for(community_worker).delete(url("party-orgs", member.party_org_id))

    assert response.status_code == 409
    assert "引用" in response.json()["detail"]


def test_filters_narrow_the_list(tree, street_official):
    in_grid = f.GridWorkerFactory(territory=tree["grid_a"], name="张网格")
    f.GridWorkerFactory(territory=tree["village_a"], name="李网格")
    client = client_for(street_official)

    by_subtree = client.get(url("grid-workers"), {"subtree": tree["community_a"].pk}).json()["results"]
    by_territory = client.get(url("grid-workers"), {"territory": tree["grid_a"].pk}).json()["results"]
    by_search = client.get(url("grid-workers"), {"search": "张"}).json()["results"]
    out_of_scope = client.get(url("grid-workers"), {"subtree": tree["community_b"].pk}).json()["results"]

    assert [r["id"] for r in by_subtree] == [in_grid.pk]
    assert [r["id"] for r in by_territory] == [in_grid.pk]
    assert [r["id"] for r in by_search] == [in_grid.pk]
    assert out_of_scope == []


def test_a_resident_sees_no_registry_rows(tree):
    resident_user = f.user_with_role(Role.RESIDENT, tree["household_a"])
    mine = f.ResidentFactory(household=tree["household_a"], user=resident_user)
    client = client_for(resident_user)

    assert client.get(url("residents")).json()["results"] == []
    assert client.get(url("residents", mine.pk)).status_code == 404
    assert client.get(url("territories")).json()["results"] == []


@pytest.mark.parametrize("endpoint", REGISTRIES)
def test_list_endpoints_do_not_query_per_row(tree, django_assert_max_num_queries, endpoint):
    user = f.user_with_role(Role.STREET_OFFICIAL, tree["street_a"])
    for _ in range(8):
        make(endpoint, tree, "a")
    client = APIClient()
    client.force_login(user)

    # session + user + roles + count + page; at most one more for a prefetch.
    with django_assert_max_num_queries(6):
        response = client.get(url(endpoint))

    assert response.status_code == 200
    assert response.json()["count"] >= 8


def test_me_lists_the_roles_with_their_territory_names(tree):
    user = f.user_with_role(Role.STREET_OFFICIAL, tree["street_a"])
    f.RoleAssignment.objects.create(user=user, role=Role.GRID_WORKER, territory=tree["community_b"])

    me = client_for(user).get("/api/v1/me/").json()

    assert me["id"] == user.pk
    assert [(r["role"], r["territory_name"]) for r in me["roles"]] == [
        ("street_official", "A街道"),
        ("grid_worker", "B社区"),
    ]
    assert me["roles"][0]["role_label"] == "街道干部"
    assert me["can_edit"] and me["sees_personal_data"] and me["sees_registries"]


def test_anonymous_requests_are_refused(db):
    response = APIClient().get(url("residents"))

    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "请先登录。"
