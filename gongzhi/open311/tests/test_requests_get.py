"""GET requests and one request: the spec's filters and elements, public data only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongzhi.demands.models import Demand
from gongzhi.demands.services import demand_transition
from gongzhi.demands.tests.factories import HandlerFactory, submit
from gongzhi.open311.tests.conftest import POINT_GCJ, POINT_WGS, parse
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
SPEC_FIELDS = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}


@pytest.fixture
def demands(mapped):
    """Given a dispatched property demand in grid A, a rejected one in community B, an unlocated one and an old one."""
    resident = user_with_role(Role.RESIDENT, mapped["household_a"])
    admin = UserFactory(is_superuser=True)
    HandlerFactory(name="A社区物业服务中心", kind="partner_unit", territory=mapped["community_a"])
    lift = submit(
        resident,
        text="3号楼电梯停运两天了",
        category_code="property",
        lng=POINT_GCJ[0],
        lat=POINT_GCJ[1],
        address="测试市A区幸福路8号1栋101室",
        contact_name="王秀英",
        contact_phone="13912345678",
    )
    demand_transition(actor=admin, demand_id=lift.pk, action="accept")
    demand_transition(actor=admin, demand_id=lift.pk, action="dispatch")
    gas = submit(resident, mapped["community_b"], text="楼下有燃气味", category_code="safety")
    demand_transition(actor=admin, demand_id=gas.pk, action="reject", note="已转燃气公司")
    nowhere = submit(resident, text="不知道在哪里的路灯坏了", category_code="property")
    old = submit(resident, mapped["grid_a"], text="去年的绿化问题", category_code="property")
    Demand.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=120))
    return {"lift": lift, "gas": gas, "nowhere": nowhere, "old": old, "tree": mapped}


def ids(body) -> list[int]:
    return [r["service_request_id"] for r in body]


def test_the_list_shows_located_recent_requests_newest_first_with_the_spec_fields(client, demands):
    body = parse(client.get(f"{BASE}/requests.json"))
    assert ids(body) == [demands["gas"].pk, demands["lift"].pk]
    gas, lift = body
    assert set(lift) == SPEC_FIELDS
    assert lift["status"] == "open" and lift["status_notes"] == "已交办"
    assert (lift["service_code"], lift["service_name"]) == ("property", "物业")
    assert lift["description"] == "3号楼电梯停运两天了"
    assert lift["agency_responsible"] == "A社区物业服务中心"
    assert lift["expected_datetime"].endswith("+08:00")
    assert lift["requested_datetime"] == timezone.localtime(demands["lift"].created_at).isoformat(
        timespec="seconds"
    )
    # WGS-84 as the spec wants, to about 100 m.
    assert lift["lat"] == round(POINT_WGS[1], 3) and lift["long"] == round(POINT_WGS[0], 3)
    assert lift["address_id"] == demands["tree"]["grid_a"].pk
    assert gas["status"] == "closed" and gas["status_notes"] == "不予受理"
    assert gas["address"] == "B社区" and gas["lat"] is None


def test_no_personal_data_leaves_through_the_public_endpoints(client, demands):
    pk = demands["lift"].pk
    for url in (f"{BASE}/requests.json", f"{BASE}/requests.xml", f"{BASE}/requests/{pk}.json"):
        text = client.get(url).content.decode()
        for secret in ("王秀英", "13912345678", "8号1栋101室"):
            assert secret not in text
    (lift,) = parse(client.get(f"{BASE}/requests/{pk}.json"))
    assert lift["address"] == "测试市A区幸福路****"


def test_the_list_in_xml_uses_the_spec_elements(client, demands):
    root = parse(client.get(f"{BASE}/requests.xml"))
    assert root.tag == "service_requests"
    rows = root.findall("request")
    assert [int(r.findtext("service_request_id")) for r in rows] == [demands["gas"].pk, demands["lift"].pk]
    lift = rows[1]
    assert {child.tag for child in lift} == SPEC_FIELDS
    assert lift.findtext("status") == "open"
    assert lift.findtext("agency_responsible") == "A社区物业服务中心"
    assert lift.findtext("long") == str(round(POINT_WGS[0], 3))


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"status": "closed"}, ["gas"]),
        ({"status": "open"}, ["lift"]),
        ({"status": "open,closed"}, ["gas", "lift"]),
        ({"service_code": "safety"}, ["gas"]),
        ({"service_code": "property,safety"}, ["gas", "lift"]),
        # service_request_id overrides every other filter, the date window included.
        ({"service_request_id": "{old},{lift}", "status": "closed"}, ["lift", "old"]),
        ({"service_request_id": "{nowhere}"}, []),
        ({"service_request_id": "x"}, []),
    ],
)
def test_the_spec_filters(client, demands, params, expected):
    params = {k: v.format(**{n: d.pk for n, d in demands.items() if n != "tree"}) for k, v in params.items()}
    body = parse(client.get(f"{BASE}/requests.json", params))
    assert ids(body) == [demands[n].pk for n in expected]


def test_the_date_window_defaults_to_90_days_and_may_be_moved(client, demands):
    now = timezone.now()
    w3 = lambda t: t.isoformat(timespec="seconds")  # noqa: E731
    old = {"start_date": w3(now - dt.timedelta(days=150)), "end_date": w3(now - dt.timedelta(days=100))}
    assert ids(parse(client.get(f"{BASE}/requests.json", old))) == [demands["old"].pk]
    utc = {"start_date": (now - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}
    assert len(parse(client.get(f"{BASE}/requests.json", utc))) == 2
    assert parse(client.get(f"{BASE}/requests.json", {"end_date": w3(now - dt.timedelta(days=2))})) == []
    # A client that leaves "+08:00" unescaped in the query is understood all the same.
    raw = timezone.localtime(now - dt.timedelta(days=1)).isoformat(timespec="seconds")
    assert len(parse(client.get(f"{BASE}/requests.json?start_date={raw}"))) == 2


@pytest.mark.parametrize(
    "params, reason",
    [
        ({"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"}, "90"),
        ({"start_date": "2026-06-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"}, "早于"),
        ({"start_date": "yesterday"}, "start_date"),
        ({"status": "pending"}, "status"),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_filters_are_400_in_the_error_format(client, demands, params, reason, fmt):
    response = client.get(f"{BASE}/requests.{fmt}", params)
    assert response.status_code == 400
    body = parse(response)
    if fmt == "json":
        assert body[0]["code"] == 400 and reason in body[0]["description"]
    else:
        assert body.findtext("error/code") == "400" and reason in body.findtext("error/description")


def test_jurisdiction_id_limits_the_list_to_its_subtree(client, demands):
    tree = demands["tree"]
    everything = parse(client.get(f"{BASE}/requests.json", {"jurisdiction_id": tree["city"].division_code}))
    assert len(everything) == 2
    district_b = {"jurisdiction_id": tree["district_b"].division_code}
    assert ids(parse(client.get(f"{BASE}/requests.json", district_b))) == [demands["gas"].pk]
    lift = demands["lift"].pk
    assert client.get(f"{BASE}/requests/{lift}.json", district_b).status_code == 404


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_one_request_in_json_and_xml(client, demands, fmt):
    pk = demands["lift"].pk
    body = parse(client.get(f"{BASE}/requests/{pk}.{fmt}"))
    if fmt == "json":
        (row,) = body
        assert row["service_request_id"] == pk and row["status"] == "open"
    else:
        assert body.tag == "service_requests"
        assert body.findtext("request/service_request_id") == str(pk)
    for missing in (demands["nowhere"].pk, 999999, "abc"):
        response = client.get(f"{BASE}/requests/{missing}.{fmt}")
        assert response.status_code == 404


def test_a_merged_request_is_closed_and_says_where_it_went(client, demands):
    admin = UserFactory(is_superuser=True)
    twin = submit(admin, demands["tree"]["grid_a"], text="电梯又坏了", category_code="property")
    demand_transition(actor=admin, demand_id=twin.pk, action="merge", into_id=demands["lift"].pk)
    (row,) = parse(client.get(f"{BASE}/requests/{twin.pk}.json"))
    assert row["status"] == "closed"
    assert str(demands["lift"].pk) in row["status_notes"]


def test_the_list_takes_one_query_however_many_requests(client, demands, django_assert_num_queries):
    admin = UserFactory(is_superuser=True)
    for i in range(5):
        submit(admin, demands["tree"]["grid_b"], text=f"路灯坏了{i}", category_code="property")
    with django_assert_num_queries(1):
        body = parse(client.get(f"{BASE}/requests.json"))
    assert len(body) == 7
