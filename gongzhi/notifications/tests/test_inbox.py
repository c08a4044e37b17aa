"""The inbox: the page with the navbar count, and the API; each person sees only their own."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from gongzhi.notifications.models import Notification
from gongzhi.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def me():
    user = UserFactory(username="me")
    Notification.objects.create(user=user, title="诉求即将到期", body="请抓紧办理", link="/demands/5/")
    Notification.objects.create(user=user, title="诉求已超期", body="请尽快办理")
    Notification.objects.create(user=UserFactory(username="other"), title="别人的消息")
    return user


def test_the_page_lists_my_notifications_and_the_navbar_counts_the_unread(client, me):
    client.force_login(me)

    page = client.get("/notifications/").content.decode()

    assert "诉求即将到期" in page and "诉求已超期" in page
    assert "别人的消息" not in page
    assert 'text-bg-danger">2</span>' in page  # the unread badge in the navbar


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, me):
    client.force_login(me)
    note = Notification.objects.get(title="诉求即将到期")

    response = client.post(f"/notifications/{note.pk}/open/")

    assert response.status_code == 302 and response["Location"] == "/demands/5/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'text-bg-danger">1</span>' in client.get("/notifications/").content.decode()


def test_someone_elses_notification_is_not_found(client, me):
    client.force_login(me)
    other = Notification.objects.get(title="别人的消息")

    assert client.post(f"/notifications/{other.pk}/open/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_read_all_clears_the_count(client, me):
    client.force_login(me)

    client.post("/notifications/read-all/")

    assert Notification.objects.filter(user=me, read_at__isnull=True).count() == 0
    assert "text-bg-danger" not in client.get("/notifications/?unread=1").content.decode()


def test_the_api_lists_counts_and_marks_only_my_notifications(me):
    api = APIClient()
    api.force_authenticate(me)
    other = Notification.objects.get(title="别人的消息")

    listing = api.get("/api/v1/notifications/").json()
    assert [n["title"] for n in listing["results"]] == ["诉求已超期", "诉求即将到期"]
    assert api.get("/api/v1/notifications/unread-count/").json() == {"unread": 2}

    first = listing["results"][0]["id"]
    assert api.post(f"/api/v1/notifications/{first}/read/").json() == {"marked": 1, "unread": 1}
    assert [n["title"] for n in api.get("/api/v1/notifications/?unread=1").json()["results"]] == [
        "诉求即将到期"
    ]
    assert api.get(f"/api/v1/notifications/{other.pk}/").status_code == 404
    assert api.post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404
    assert api.post("/api/v1/notifications/read-all/").json() == {"marked": 1, "unread": 0}


def test_the_api_needs_a_login():
    assert APIClient().get("/api/v1/notifications/").status_code in (401, 403)
