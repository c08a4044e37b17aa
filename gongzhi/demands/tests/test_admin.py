"""The back office pages of the demand app open, in Chinese, and demands there are read-only."""

from __future__ import annotations

import datetime as dt

import pytest

from gongzhi.demands.tests.factories import submit
from gongzhi.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["category", "handler", "dispatchrule", "holidayoverride", "demand"])
def test_each_changelist_opens(admin_client, model):
    response = admin_client.get(f"/admin/demands/{model}/")

    assert response.status_code == 200


def test_the_holiday_page_warns_about_a_year_nobody_entered(admin_client, monkeypatch):
    monkeypatch.setattr("gongzhi.demands.admin.timezone.localdate", lambda: dt.date(2026, 11, 20))

    response = admin_client.get("/admin/demands/holidayoverride/")

    assert "2027 年的节假日安排尚未录入" in response.content.decode()


def test_a_demand_shows_its_timeline_and_cannot_be_changed_here(admin_client, cast):
    demand = submit(cast["resident"], cast["tree"]["grid_a"])

    page = admin_client.get(f"/admin/demands/demand/{demand.pk}/change/")
    post = admin_client.post(f"/admin/demands/demand/{demand.pk}/change/", {"state": "closed"})

    assert page.status_code == 200
    assert "诉求流转记录" in page.content.decode()
    assert post.status_code == 403
    demand.refresh_from_db()
    assert demand.state == "submitted"
