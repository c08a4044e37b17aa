"""Intake by API: idempotent retries, channels, validation."""

from __future__ import annotations

import pytest

from gongzhi.demands.models import Demand, DemandEvent
from gongzhi.demands.tests.test_api_lifecycle import URL, as_user

pytestmark = pytest.mark.django_db


def post(user, data, key=None):
    extra = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return as_user(user).post(URL, data, format="json", **extra)


REPORT = {"channel": "self_report", "text": "小区垃圾三天没人清运，臭味很大"}


def test_a_retried_submission_returns_the_first_demand_and_creates_no_second(cast):
    first = post(cast["resident"], REPORT, key="retry-1")
    again = post(cast["resident"], {**REPORT, "text": "重发的内容"}, key="retry-1")

    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["text"] == REPORT["text"]
    assert Demand.objects.count() == 1
    assert DemandEvent.objects.filter(action="submit").count() == 1


def test_the_key_may_come_in_the_body_instead_of_the_header(cast):
    first = post(cast["resident"], {**REPORT, "idempotency_key": "body-key"})
    again = post(cast["resident"], {**REPORT, "idempotency_key": "body-key"})

    assert (first.status_code, again.status_code) == (201, 200)
    assert Demand.objects.count() == 1


def test_a_submission_without_a_key_is_refused(cast):
    response = post(cast["resident"], REPORT)

    assert response.status_code == 400
    assert "幂等键" in response.json()["detail"]


def test_someone_else_reusing_a_key_gets_a_conflict_not_the_other_persons_demand(cast):
    post(cast["resident"], REPORT, key="shared-key")

    response = post(cast["desk"], {**REPORT, "channel": "walk_in"}, key="shared-key")

    assert response.status_code == 409
    assert "text" not in response.json()


def test_a_resident_may_not_pose_as_the_hotline(cast):
    response = post(cast["resident"], {**REPORT, "channel": "hotline"}, key="k")

    assert response.status_code == 403
    assert "热线转办" in response.json()["detail"]


def test_half_a_coordinate_is_refused_in_chinese(cast):
    response = post(cast["resident"], {**REPORT, "lng": 117.3}, key="k")

    assert response.status_code == 400
    assert response.json()["detail"] == "经度和纬度要同时填写。"


def test_the_reporter_sees_their_own_contact_data_in_full(cast):
    body = post(cast["resident"], {**REPORT, "contact_phone": "13912345678"}, key="k").json()

    assert body["contact_phone"] == "13912345678"
    assert [e["action"] for e in body["events"]] == ["submit"]
