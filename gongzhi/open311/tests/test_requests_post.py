"""POST requests: the spec's form-encoded create with api_key, answered with an id or a token."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from gongzhi.demands import routing
from gongzhi.demands.models import Channel, Demand
from gongzhi.demands.services import demand_transition
from gongzhi.open311.services import apikey_revoke
from gongzhi.open311.tests.conftest import POINT_GCJ, POINT_WGS, parse
from gongzhi.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"


def form(key, **fields):
    lng, lat = POINT_WGS
    data = {
        "api_key": key.raw,
        "service_code": "property",
        "lat": f"{lat:.7f}",
        "long": f"{lng:.7f}",
        "description": "3号楼电梯停运两天了，老人上不了楼",
        "first_name": "秀英",
        "last_name": "王",
        "phone": "13912345678",
        "email": "wang@example.com",
        "attribute[title]": "电梯停运",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_located_request_answers_its_id_and_is_stored_in_gcj02(client, mapped, api_key, fmt):
    response = client.post(f"{BASE}/requests.{fmt}", form(api_key))
    assert response.status_code == 201
    body = parse(response)
    if fmt == "json":
        (answer,) = body
        demand_id = answer["service_request_id"]
        assert "token" not in answer
    else:
        assert body.tag == "service_requests"
        demand_id = int(body.findtext("request/service_request_id"))
    demand = Demand.objects.get(pk=demand_id)
    # The phone's WGS-84 point lands in the grid only once converted to the map's GCJ-02.
    assert routing.locate_point(lng=POINT_WGS[0], lat=POINT_WGS[1]) == mapped["community_a"]
    assert demand.territory == mapped["grid_a"]
    assert demand.lng == pytest.approx(POINT_GCJ[0], abs=1e-5)
    assert demand.lat == pytest.approx(POINT_GCJ[1], abs=1e-5)
    assert demand.channel == Channel.SELF_REPORT
    assert demand.category.code == "property"
    assert demand.title == "电梯停运"
    assert demand.contact_name == "王秀英"
    assert demand.contact_phone == "13912345678"
    assert demand.submitted_by == api_key.user == demand.reporter
    assert demand.events.get().action == "submit"


def test_a_request_is_located_by_its_address_string(client, mapped, api_key):
    data = form(api_key, lat=None, long=None, address_string="测试市B区B街道B社区幸福路18号")
    (answer,) = parse(client.post(f"{BASE}/requests.json", data))
    assert Demand.objects.get(pk=answer["service_request_id"]).territory == mapped["community_b"]


def test_an_unlocated_request_answers_a_token_that_resolves_to_its_id_once_located(client, tree, api_key):
    data = form(api_key, lat=None, long=None, address_string="某个没人知道的地方")
    response = client.post(f"{BASE}/requests.json", data)
    assert response.status_code == 201
    (answer,) = parse(response)
    assert "service_request_id" not in answer
    token = answer["token"]
    demand = Demand.objects.get(open311_token__token=token)
    assert demand.territory is None

    # Until someone places it, the token resolves to nothing and the request is not public.
    assert parse(client.get(f"{BASE}/tokens/{token}.json")) == [{"service_request_id": None, "token": token}]
    assert client.get(f"{BASE}/requests/{demand.pk}.json").status_code == 404

    admin = UserFactory(is_superuser=True)
    demand_transition(actor=admin, demand_id=demand.pk, action="locate", territory_id=tree["grid_a"].pk)
    assert parse(client.get(f"{BASE}/tokens/{token}.json")) == [
        {"service_request_id": demand.pk, "token": token}
    ]
    root = parse(client.get(f"{BASE}/tokens/{token}.xml"))
    assert root.findtext("request/service_request_id") == str(demand.pk)
    assert root.findtext("request/token") == token
    assert client.get(f"{BASE}/tokens/nonsense.json").status_code == 404


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_retry_with_the_same_request_id_returns_the_first_request(client, mapped, api_key, fmt):
    first = client.post(f"{BASE}/requests.{fmt}", form(api_key), HTTP_IDEMPOTENCY_KEY="app-42")
    again = client.post(
        f"{BASE}/requests.{fmt}",
        form(api_key, description="改了文字也还是同一次提交"),
        HTTP_IDEMPOTENCY_KEY="app-42",
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.content == again.content
    assert Demand.objects.count() == 1
    other = client.post(f"{BASE}/requests.{fmt}", form(api_key, idempotency_key="app-43"))
    assert other.status_code == 201
    assert Demand.objects.count() == 2


def test_without_a_request_id_the_same_content_within_the_window_is_one_request(client, mapped, api_key):
    t0 = timezone.now()
    with mock.patch("django.utils.timezone.now", return_value=t0):
        first = parse(client.post(f"{BASE}/requests.json", form(api_key)))
    with mock.patch("django.utils.timezone.now", return_value=t0 + dt.timedelta(minutes=9)):
        again = parse(client.post(f"{BASE}/requests.json", form(api_key)))
        different = parse(
            client.post(f"{BASE}/requests.json", form(api_key, description="另一件事：路灯坏了"))
        )
    assert again == first
    assert different != first
    with mock.patch("django.utils.timezone.now", return_value=t0 + dt.timedelta(minutes=21)):
        later = parse(client.post(f"{BASE}/requests.json", form(api_key)))
    assert later != first
    assert Demand.objects.count() == 3


def test_two_keys_posting_the_same_content_make_two_requests(client, mapped, api_key):
    from gongzhi.open311.services import apikey_create

    other, raw = apikey_create(actor=None, name="12345 热线对接")
    other.raw = raw
    a = parse(client.post(f"{BASE}/requests.json", form(api_key)))
    b = parse(client.post(f"{BASE}/requests.json", form(other)))
    assert a != b
    assert Demand.objects.count() == 2


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_posting_needs_a_valid_unrevoked_api_key(client, mapped, api_key, fmt):
    url = f"{BASE}/requests.{fmt}"
    missing = client.post(url, form(api_key, api_key=None))
    wrong = client.post(url, form(api_key, api_key="o311_deadbeef_nope"))
    assert (missing.status_code, wrong.status_code) == (403, 403)
    if fmt == "json":
        assert parse(missing)[0]["code"] == 403
        assert "api_key" in parse(missing)[0]["description"]
    else:
        assert parse(wrong).findtext("error/code") == "403"
    assert client.post(url, form(api_key)).status_code == 201
    api_key.refresh_from_db()
    assert api_key.last_used_at is not None

    apikey_revoke(actor=None, name_or_id=api_key.name)
    revoked = client.post(url, form(api_key, idempotency_key="new"))
    assert revoked.status_code == 403
    assert Demand.objects.count() == 1


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"service_code": None}, "service_code"),
        ({"service_code": "no_such"}, "service_code"),
        ({"lat": None, "long": None}, "位置"),
        ({"lat": None}, "lat 和 long"),
        ({"lat": "north"}, "lat"),
        ({"lat": "40.7", "long": "-74.0"}, "中国"),
        ({"description": ""}, "description"),
        ({"phone": "12"}, ""),
        ({"address_id": "abc"}, "address_id"),
    ],
)
def test_bad_input_is_400_with_a_reason_and_creates_nothing(client, mapped, api_key, fields, message):
    response = client.post(f"{BASE}/requests.json", form(api_key, **fields))
    assert response.status_code == 400
    (error,) = parse(response)
    assert error["code"] == 400
    assert message in error["description"]
    assert Demand.objects.count() == 0


def test_address_id_places_the_request_on_that_territory_node(client, mapped, api_key):
    data = form(api_key, lat=None, long=None, address_id=str(mapped["village_a"].pk))
    (answer,) = parse(client.post(f"{BASE}/requests.json", data))
    assert Demand.objects.get(pk=answer["service_request_id"]).territory == mapped["village_a"]
