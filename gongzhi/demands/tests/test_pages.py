"""The demand pages: a report goes in once, the queue and detail show it, actions work and refuse in Chinese."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from gongzhi.demands.models import Demand, DemandEvent, DemandPhoto
from gongzhi.demands.tests.factories import submit
from gongzhi.demands.workflow import State
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role
from gongzhi.territory.geo import wgs84_to_gcj02

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def key_of(response) -> str:
    return response.context["form"]["idempotency_key"].value()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_resident_form_is_in_chinese_and_carries_a_fresh_key(cast):
    client = login(cast["resident"])
    first, second = client.get("/demands/new/"), client.get("/demands/new/")
    assert first.status_code == 200
    body = first.content.decode()
    assert "我要反映" in body and "使用我的位置" in body and 'name="idempotency_key"' in body
    assert key_of(first) and key_of(first) != key_of(second)


def test_a_double_submit_of_the_form_creates_one_demand_with_its_photo(cast):
    client = login(cast["resident"])
    key = key_of(client.get("/demands/new/"))
    data = {
        "idempotency_key": key,
        "text": "A社区3号楼楼道灯坏了一周",
        "category": "property",
        "address": "A社区3号楼",
        "contact_name": "王秀英",
        "contact_phone": "13912345678",
        "coord_system": "wgs84",
    }
    first = client.post("/demands/new/", {**data, "photos": SimpleUploadedFile("灯.png", PNG, "image/png")})
    again = client.post("/demands/new/", {**data, "photos": SimpleUploadedFile("灯.png", PNG, "image/png")})
    demand = Demand.objects.get()
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == f"/demands/{demand.pk}/"
    assert demand.channel == "self_report" and demand.territory == cast["tree"]["community_a"]
    assert DemandPhoto.objects.filter(demand=demand).count() == 1
    photo = DemandPhoto.objects.get()
    assert "灯" not in photo.file.name and photo.content_type == "image/png"
    assert client.get(f"/demands/photo/{photo.pk}/").status_code == 200
    assert login(cast["outsider"]).get(f"/demands/photo/{photo.pk}/").status_code == 404


def test_a_file_that_is_not_a_picture_is_refused_and_nothing_is_created(cast):
    client = login(cast["resident"])
    key = key_of(client.get("/demands/new/"))
    response = client.post(
        "/demands/new/",
        {
            "idempotency_key": key,
            "text": "路灯坏了",
            "coord_system": "wgs84",
            "photos": SimpleUploadedFile("x.jpg", b"MZ\x90\x00 not a picture", "image/jpeg"),
        },
    )
    assert response.status_code == 200
    assert "不是照片" in response.content.decode()
    assert not Demand.objects.exists()


def test_the_phone_location_is_converted_from_wgs84_to_gcj02_on_the_server(cast):
    client = login(cast["resident"])
    key = key_of(client.get("/demands/new/"))
    client.post(
        "/demands/new/",
        {
            "idempotency_key": key,
            "text": "井盖丢了",
            "lng": "117.36",
            "lat": "32.93",
            "coord_system": "wgs84",
        },
    )
    demand = Demand.objects.get()
    expected = wgs84_to_gcj02(117.36, 32.93)
    assert (demand.lng, demand.lat) == pytest.approx(expected)
    assert abs(demand.lng - 117.36) > 1e-3  # a few hundred metres apart


def test_staff_channels_record_their_channel_and_refuse_other_roles(cast):
    tree = cast["tree"]
    grid_worker = user_with_role(Role.GRID_WORKER, tree["grid_a"], username="gw")
    client = login(grid_worker)
    page = client.get("/demands/patrol/")
    assert page.status_code == 200 and "网格员随手报" in page.content.decode()
    client.post(
        "/demands/patrol/",
        {"idempotency_key": key_of(page), "text": "绿化带垃圾堆积", "place": tree["grid_a"].pk},
    )
    assert Demand.objects.get().channel == "patrol"
    assert Demand.objects.get().territory == tree["grid_a"]
    assert login(cast["resident"]).get("/demands/patrol/").status_code == 403

    walk = login(cast["desk"]).get("/demands/walk-in/")
    login(cast["desk"]).post(
        "/demands/walk-in/",
        {"idempotency_key": key_of(walk), "talk_point": "A社区说事点", "text": "邻居占用楼道"},
    )
    walk_in = Demand.objects.get(channel="walk_in")
    assert walk_in.title.startswith("【A社区说事点】")


def test_the_queue_is_scoped_counts_its_tabs_and_exports(cast):
    mine = submit(cast["resident"], cast["tree"]["grid_a"])
    submit(cast["resident"], cast["tree"]["grid_b"])  # in district B: not the desk's
    response = login(cast["desk"]).get("/demands/queue/?tab=intake")
    assert response.status_code == 200
    assert [d.pk for d in response.context["page"].object_list] == [mine.pk]
    counts = {t["slug"]: t["count"] for t in response.context["tabs"]}
    assert counts["intake"] == 1 and counts["all"] == 1
    export = login(cast["desk"]).get("/demands/queue/export.xlsx?tab=all")
    ws = load_workbook(io.BytesIO(export.content)).active
    rows = list(ws.values)
    assert rows[0][0] == "编号" and [r[0] for r in rows[1:]] == [mine.pk]


def test_the_queue_list_query_count_does_not_grow_with_rows(cast, django_assert_max_num_queries):
    for _ in range(12):
        submit(cast["resident"], cast["tree"]["grid_a"])
    client = login(cast["desk"])
    with django_assert_max_num_queries(12):
        client.get("/demands/queue/?tab=all")


def test_detail_offers_exactly_the_allowed_actions_and_walks_the_loop(cast):
    demand = submit(cast["resident"], cast["tree"]["grid_a"], category_code="property")
    desk, worker, resident = login(cast["desk"]), login(cast["worker1"]), login(cast["resident"])
    page = desk.get(f"/demands/{demand.pk}/")
    assert [a["name"] for a in page.context["actions"]] == [
        "accept",
        "reject",
        "locate",
        "categorize",
        "merge",
    ]
    assert login(cast["resident"]).get(f"/demands/{demand.pk}/").context["actions"] == []

    desk.post(f"/demands/{demand.pk}/act/accept/")
    desk.post(f"/demands/{demand.pk}/act/dispatch/", {"handler_id": ""})
    worker.post(f"/demands/{demand.pk}/act/claim/")
    worker.post(
        f"/demands/{demand.pk}/act/resolve/",
        {"result": "已更换灯泡", "photos": SimpleUploadedFile("done.png", PNG, "image/png")},
    )
    mine = resident.get("/demands/mine/")
    assert mine.context["rows"][0]["can_rate"]
    response = resident.post(
        f"/demands/{demand.pk}/act/follow_up/", {"satisfaction": "satisfied", "next": "/demands/mine/"}
    )
    assert response.status_code == 302 and response["Location"] == "/demands/mine/"
    demand.refresh_from_db()
    assert demand.state == State.FOLLOWED_UP and demand.satisfaction == "satisfied"
    assert demand.photos.filter(kind="result").count() == 1
    actions = list(DemandEvent.objects.filter(demand=demand).values_list("action", flat=True))
    assert actions == ["submit", "accept", "dispatch", "claim", "resolve", "follow_up"]
    timeline = desk.get(f"/demands/{demand.pk}/").content.decode()
    for label in ("提交", "受理", "交办", "接单", "办结", "回访", "评价：满意"):
        assert label in timeline


def test_an_illegal_action_answers_409_with_a_chinese_message_on_the_page(cast):
    demand = submit(cast["resident"], cast["tree"]["grid_a"])
    response = login(cast["desk"]).post(f"/demands/{demand.pk}/act/close/")
    assert response.status_code == 409
    assert "不能归档" in response.content.decode()
    assert Demand.objects.get().state == State.SUBMITTED


def test_a_missing_reason_is_refused_on_the_page(cast):
    demand = submit(cast["resident"], cast["tree"]["grid_a"])
    response = login(cast["desk"]).post(f"/demands/{demand.pk}/act/reject/", {"note": ""})
    assert response.status_code == 400 and "请填写说明" in response.content.decode()


def test_out_of_scope_detail_and_actions_answer_like_missing(cast):
    demand = submit(cast["resident"], cast["tree"]["grid_a"])
    outsider = login(cast["outsider"])
    assert outsider.get(f"/demands/{demand.pk}/").status_code == 404
    assert outsider.post(f"/demands/{demand.pk}/act/accept/").status_code == 404
    assert outsider.get("/demands/999999/").status_code == 404


def test_contact_details_are_masked_for_viewers_who_do_not_need_them(cast):
    demand = submit(cast["resident"], cast["tree"]["grid_a"], contact_phone="13912345678")
    official = login(cast["official"]).get(f"/demands/{demand.pk}/").content.decode()
    desk = login(cast["desk"]).get(f"/demands/{demand.pk}/").content.decode()
    assert "13912345678" in desk and "13912345678" not in official


def test_triage_lists_unlocated_demands_and_locates_them_by_name(cast):
    tree = cast["tree"]
    admin = user_with_role(Role.CITY_ADMIN, tree["city"], username="cityadmin")
    demand = submit(cast["resident"], None, address="某个说不清的地方", category_code="property")
    assert demand.territory is None
    client = login(admin)
    page = client.get("/demands/triage/")
    assert [r["demand"].pk for r in page.context["rows"]] == [demand.pk]
    assert login(cast["desk"]).get("/demands/triage/").context["rows"] == []
    unknown = client.post(f"/demands/{demand.pk}/act/locate/", {"place": "不存在的地方"})
    assert unknown.status_code == 404 and "没有名为「不存在的地方」的辖区" in unknown.content.decode()
    client.post(f"/demands/{demand.pk}/act/locate/", {"place": "A第一网格", "next": "/demands/triage/"})
    demand.refresh_from_db()
    assert demand.territory == tree["grid_a"]
    assert client.get("/demands/triage/").context["rows"] == []
    assert client.get("/demands/triage/export.xlsx").status_code == 200


def test_every_list_exports_to_excel(cast):
    submit(cast["resident"], cast["tree"]["grid_a"])
    response = login(cast["resident"]).get("/demands/mine/export.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 2 and rows[1][3] == "已提交"
