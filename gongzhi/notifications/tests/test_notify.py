"""notify(): recorded in the caller's transaction, sent only after commit, once per key, retried on failure."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import transaction
from django.utils import timezone

from gongzhi.notifications import services
from gongzhi.notifications.backends import NotificationBackend
from gongzhi.notifications.models import Delivery, Notification
from gongzhi.notifications.services import deliveries_retry, notify
from gongzhi.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INBOX = "gongzhi.notifications.backends.InboxBackend"


class FlakyBackend(NotificationBackend):
    """Fails the first `fail` sends, then records what it sent."""

    name = "flaky"
    sent: list[str] = []
    fail = 0

    def send(self, delivery) -> None:
        if FlakyBackend.fail > 0:
            FlakyBackend.fail -= 1
            raise OSError("网关超时")
        FlakyBackend.sent.append(delivery.title)


@pytest.fixture(autouse=True)
def _inline(settings):
    settings.CELERY_BROKER_URL = ""
    settings.GONGZHI_NOTIFICATION_BACKENDS = [INBOX]
    FlakyBackend.sent, FlakyBackend.fail = [], 0


@pytest.fixture
def people():
    return [UserFactory(username="zhang"), UserFactory(username="li")]


def test_nothing_is_sent_before_the_transaction_commits(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            notify(users=people, kind="test", title="停水通知", body="明天停水", dedupe_key="k1")
            assert Delivery.objects.filter(status="pending").count() == 2
        assert Notification.objects.count() == 0  # committed, but the sender has not run yet

    for callback in callbacks:
        callback()
    assert Notification.objects.filter(title="停水通知").count() == 2
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_rolled_back_transaction_sends_nothing(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(users=people, kind="test", title="停水通知", dedupe_key="k1")
            raise RuntimeError("the write failed")

    assert callbacks == []
    assert Delivery.objects.count() == Notification.objects.count() == 0


def test_the_same_notice_twice_is_sent_once(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(users=people, kind="test", title="停水通知", dedupe_key="k1")
    with django_capture_on_commit_callbacks(execute=True):
        second = notify(users=[*people, people[0]], kind="test", title="停水通知", dedupe_key="k1")

    assert (first, second) == (2, 0)
    assert Notification.objects.count() == 2


def test_backends_reach_only_who_they_can_and_only_the_kinds_they_take(
    settings, django_capture_on_commit_callbacks
):
    stream = io.StringIO()
    settings.GONGZHI_NOTIFICATION_BACKENDS = [
        INBOX,
        {"BACKEND": "gongzhi.notifications.backends.EmailBackend"},
        {
            "BACKEND": "gongzhi.notifications.backends.ConsoleBackend",
            "NAME": "console-overdue",
            "OPTIONS": {"kinds": ["demand.overdue"], "stream": stream},
        },
    ]
    with_mail = UserFactory(username="wang", email="wang@example.cn")
    without = UserFactory(username="zhao", email="")

    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[with_mail, without], kind="demand.remind", title="即将到期", dedupe_key="r")
        notify(users=[with_mail], kind="demand.overdue", title="已超期", link="/demands/1/", dedupe_key="o")

    rows = set(Delivery.objects.values_list("user__username", "backend", "kind"))
    assert rows == {
        ("wang", "inbox", "demand.remind"),
        ("zhao", "inbox", "demand.remind"),
        ("wang", "email", "demand.remind"),
        ("wang", "inbox", "demand.overdue"),
        ("wang", "email", "demand.overdue"),
        ("wang", "console-overdue", "demand.overdue"),
    }
    assert "已超期" in stream.getvalue() and "/demands/1/" in stream.getvalue()


def test_a_failing_backend_is_retried_with_backoff_then_given_up(settings, people, monkeypatch):
    settings.GONGZHI_NOTIFICATION_BACKENDS = ["gongzhi.notifications.tests.test_notify.FlakyBackend"]
    FlakyBackend.fail = 1
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    with transaction.atomic():
        notify(users=people[:1], kind="test", title="停电通知", dedupe_key="k")
    # The test transaction never commits, so send the way the on-commit sender would.
    delivery = Delivery.objects.get()
    assert services.delivery_send(delivery_id=delivery.pk) == "pending"
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_error) == (1, "OSError: 网关超时")

    assert deliveries_retry() == {}  # the first backoff has not passed
    now += dt.timedelta(minutes=1)
    assert deliveries_retry() == {"sent": 1}
    assert deliveries_retry() == {}
    assert FlakyBackend.sent == ["停电通知"]

    FlakyBackend.fail = 99
    with transaction.atomic():
        notify(users=people[:1], kind="test", title="停气通知", dedupe_key="k2")
    doomed = Delivery.objects.get(dedupe_key="k2")
    services.delivery_send(delivery_id=doomed.pk)
    for _ in range(services.MAX_ATTEMPTS):
        now += dt.timedelta(hours=3)
        deliveries_retry()
    doomed.refresh_from_db()
    assert (doomed.status, doomed.attempts) == ("failed", services.MAX_ATTEMPTS)


def test_a_sender_killed_while_sending_is_replaced_when_its_lease_runs_out(settings, people, monkeypatch):
    settings.GONGZHI_NOTIFICATION_BACKENDS = ["gongzhi.notifications.tests.test_notify.FlakyBackend"]
    now = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: now)
    with transaction.atomic():
        notify(users=people[:1], kind="test", title="停电通知", dedupe_key="k")
    # Given a sender that claimed the delivery and died before sending.
    Delivery.objects.update(status="sending", next_attempt_at=now + services.LEASE)

    assert services.delivery_send(delivery_id=Delivery.objects.get().pk) == "skipped"
    assert deliveries_retry() == {}
    now += services.LEASE
    assert deliveries_retry() == {"sent": 1}
    assert FlakyBackend.sent == ["停电通知"]


def test_a_delivery_for_a_backend_no_longer_configured_fails_visibly(settings, people):
    with transaction.atomic():
        notify(users=people[:1], kind="test", title="通知", dedupe_key="k")
    settings.GONGZHI_NOTIFICATION_BACKENDS = []

    assert services.delivery_send(delivery_id=Delivery.objects.get().pk) == "failed"
    assert "未配置发送方式「inbox」" in Delivery.objects.get().last_error
