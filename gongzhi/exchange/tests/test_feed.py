"""GET /api/v1/changes/: oldest first, scoped, masked as the caller sees, a cursor without repeats or gaps."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.exchange.cursor import cursor_encode
from gongzhi.exchange.tests.conftest import key_client, key_for, user_client, valid_id_number
from gongzhi.people.models import Resident
from gongzhi.people.roles import Role
from gongzhi.people.services import registry_delete, registry_save
from gongzhi.people.tests import factories as f

URL = "/api/v1/changes/"


@pytest.fixture
def worker_a(tree):
    return f.user_with_role(Role.COMMUNITY_WORKER, tree["community_a"])


@pytest.fixture
def worker_b(tree):
    return f.user_with_role(Role.COMMUNITY_WORKER, tree["community_b"])


def add_resident(actor, household, **fields) -> Resident:
    resident = Resident(name="张三", id_number=valid_id_number(), household=household, **fields)
    return registry_save(actor=actor, instance=resident)


def read_all(client, *, limit: int, **params) -> tuple[list[dict], int]:
    """Follow `next` until `more` is false; return every entry and the number of calls."""
    entries, since, calls = [], None, 0
    while True:
        query = {"limit": limit, **params, **({"since": since} if since else {})}
        body = client.get(URL, query).json()
        calls += 1
        entries += body["results"]
        since = body["next"]
        if not body["more"]:
            return entries, calls


def test_created_updated_and_deleted_come_in_order_with_the_record_and_the_unit(tree, worker_a):
    resident = add_resident(worker_a, tree["household_a"], phone="13912345678")
    resident.relation = "本人"
    registry_save(actor=worker_a, instance=resident)
    pk = resident.pk
    registry_delete(actor=worker_a, instance=resident)

    body = user_client(worker_a).get(URL).json()

    assert [(e["registry"], e["id"], e["change"]) for e in body["results"]] == [
        ("residents", pk, "created"),
        ("residents", pk, "updated"),
        ("residents", pk, "deleted"),
    ]
    created, updated, deleted = body["results"]
    assert created["record"]["relation"] == "" and updated["record"]["relation"] == "本人"
    assert created["record"]["household_name"] == "101室"
    assert created["record"]["source_unit"] == "A社区 社区工作者"
    assert deleted["record"] is None and deleted["source_unit"] == "A社区 社区工作者"
    assert body["more"] is False


def test_next_continues_without_repeats_or_gaps_across_registries(tree, worker_a):
    for i in range(4):
        add_resident(worker_a, tree["household_a"])
        registry_save(actor=worker_a, instance=f.PartnerUnit(name=f"共建{i}", territory=tree["community_a"]))
    client = user_client(worker_a)
    everything = client.get(URL, {"limit": 2000}).json()["results"]

    paged, calls = read_all(client, limit=3)

    assert len(everything) == 8 and calls == 3
    assert paged == everything
    assert [e["at"] for e in everything] == sorted(e["at"] for e in everything)


def test_a_later_call_returns_only_what_changed_since(tree, worker_a):
    add_resident(worker_a, tree["household_a"])
    client = user_client(worker_a)
    first = client.get(URL).json()

    empty = client.get(URL, {"since": first["next"]}).json()
    later = add_resident(worker_a, tree["household_a"])
    second = client.get(URL, {"since": first["next"]}).json()

    assert empty["results"] == [] and empty["next"] == first["next"] and empty["more"] is False
    assert [(e["id"], e["change"]) for e in second["results"]] == [(later.pk, "created")]


def test_a_key_bound_to_community_a_never_sees_community_b_not_even_deletions(tree, worker_b):
    raw = key_for(Role.COMMUNITY_WORKER, tree["community_a"])
    theirs = add_resident(worker_b, tree["household_b"])
    registry_save(actor=worker_b, instance=f.PartyOrg(name="B支部", kind="branch", territory=tree["grid_b"]))
    registry_delete(actor=worker_b, instance=theirs)
    mine = key_client(raw).post(
        "/api/v1/residents/",
        {"name": "李四", "id_number": valid_id_number(), "household": tree["household_a"].pk},
        format="json",
    )

    body = key_client(raw).get(URL).json()

    assert [(e["registry"], e["id"], e["change"]) for e in body["results"]] == [
        ("residents", mine.json()["id"], "created")
    ]
    assert body["results"][0]["source_unit"] == "民政局"


def test_a_city_admin_and_a_superuser_see_both_communities(tree, worker_a, worker_b):
    add_resident(worker_a, tree["household_a"])
    add_resident(worker_b, tree["household_b"])
    city_admin = f.user_with_role(Role.CITY_ADMIN, tree["city"])
    superuser = f.UserFactory(is_superuser=True)

    for viewer in (city_admin, superuser):
        assert len(user_client(viewer).get(URL).json()["results"]) == 2


def test_a_street_official_sees_id_numbers_and_phones_masked_a_community_worker_in_full(tree, worker_a):
    resident = add_resident(worker_a, tree["household_a"], phone="13912345678")
    f.PartyMemberFactory(territory=tree["community_a"], phone="13812345678")
    street = f.user_with_role(Role.STREET_OFFICIAL, tree["street_a"])

    masked = {e["registry"]: e["record"] for e in user_client(street).get(URL).json()["results"]}
    full = {e["registry"]: e["record"] for e in user_client(worker_a).get(URL).json()["results"]}

    assert masked["residents"]["phone"] == "139****5678"
    assert masked["residents"]["id_number"] != resident.id_number and "*" in masked["residents"]["id_number"]
    assert masked["residents"]["address"] == "A路****"
    assert full["residents"]["phone"] == "13912345678"
    assert full["residents"]["id_number"] == resident.id_number
    assert masked["party-members"]["phone"] == "138****5678"
    assert full["party-members"]["phone"] == "13812345678"


def test_the_registry_filter_keeps_the_other_registries_where_they_were(tree, worker_a):
    add_resident(worker_a, tree["household_a"])
    registry_save(actor=worker_a, instance=f.PartnerUnit(name="共建", territory=tree["community_a"]))
    client = user_client(worker_a)

    only = client.get(URL, {"registry": "partner-units"}).json()
    rest = client.get(URL, {"since": only["next"]}).json()

    assert [e["registry"] for e in only["results"]] == ["partner-units"]
    assert [e["registry"] for e in rest["results"]] == ["residents"]


@pytest.mark.parametrize(
    "params",
    [
        {"since": "not-a-cursor"},
        {"since": cursor_encode({"nonsense": 3})},
        {"since": cursor_encode({"residents": -1})},
        {"registry": "residents,spaceships"},
        {"limit": "many"},
        {"limit": "0"},
    ],
)
def test_a_bad_cursor_registry_or_limit_answers_400_in_chinese(tree, worker_a, params):
    response = user_client(worker_a).get(URL, params)

    assert response.status_code == 400
    assert response.json()["code"] in {"invalid", "invalid_cursor"}
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"])


def test_rows_younger_than_the_settle_window_wait_for_a_later_call(tree, worker_a, settings):
    add_resident(worker_a, tree["household_a"])
    settings.GONGZHI_EXCHANGE_SETTLE_SECONDS = 60

    held = user_client(worker_a).get(URL).json()
    settings.GONGZHI_EXCHANGE_SETTLE_SECONDS = 0
    read = user_client(worker_a).get(URL, {"since": held["next"]}).json()

    assert held["results"] == [] and held["more"] is False
    assert len(read["results"]) == 1


def test_the_number_of_queries_does_not_grow_with_the_rows(tree, worker_a):
    client = user_client(worker_a)
    add_resident(worker_a, tree["household_a"])
    client.get(URL)  # warm the caches of the first call
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(15):
        add_resident(worker_a, tree["household_a"])
    with CaptureQueriesContext(connection) as many:
        client.get(URL)

    assert len(many) == len(few)


def test_a_resident_only_reads_nothing_and_an_anonymous_caller_is_refused(client, tree, worker_a):
    add_resident(worker_a, tree["household_a"])
    resident = f.user_with_role(Role.RESIDENT, tree["household_a"])

    assert user_client(resident).get(URL).json()["results"] == []
    assert client.get(URL).status_code in (401, 403)
