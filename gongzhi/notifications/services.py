"""Writes of notifications: queue a notice, send one delivery, retry the stragglers, mark read.

A notice is recorded as Delivery rows inside the caller's transaction and sent only after it
commits. The unique (dedupe_key, user, backend) key means a notice that is queued twice is sent
once. Senders claim a row before sending (row lock with SKIP LOCKED on PostgreSQL, an IMMEDIATE
transaction on SQLite): the inbox is written in the claiming transaction, so it lands exactly
once; external backends hold a lease while they send and are retried when it runs out, so a
sender killed mid-send leads to at most one repeat and never to a lost notice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongzhi.core.errors import NotFound
from gongzhi.notifications.backends import get_backend, get_backends
from gongzhi.notifications.models import Delivery, DeliveryStatus, Notification

log = logging.getLogger(__name__)

# The on-commit sender has this long before the sweep treats a new delivery as stuck.
FIRST_GRACE = dt.timedelta(minutes=1)
LEASE = dt.timedelta(minutes=2)
# Waits before the 2nd, 3rd … attempt; after the last one the delivery is given up.
BACKOFF = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30), dt.timedelta(hours=2))
MAX_ATTEMPTS = len(BACKOFF) + 1


def notify(*, users: Iterable, kind: str, title: str, body: str = "", link: str = "", dedupe_key: str) -> int:
    """Queue a notice to `users` through every backend that can reach them; send it after commit.

    Return how many deliveries were newly recorded (0 when this notice was queued before).
    """
    users = [u for u in {u.pk: u for u in users if u is not None}.values() if u.is_active]
    now = timezone.now()
    rows = [
        Delivery(
            dedupe_key=dedupe_key,
            user=user,
            backend=backend.name,
            kind=kind,
            title=title[:200],
            body=body,
            link=link[:300],
            next_attempt_at=now + FIRST_GRACE,
        )
        for backend in get_backends()
        for user in users
        if backend.accepts(user, kind)
    ]
    if not rows:
        return 0
    with transaction.atomic():
        before = Delivery.objects.filter(dedupe_key=dedupe_key).count()
        Delivery.objects.bulk_create(rows, ignore_conflicts=True)
        pending = list(
            Delivery.objects.filter(dedupe_key=dedupe_key, status=DeliveryStatus.PENDING).values_list(
                "pk", flat=True
            )
        )
        created = Delivery.objects.filter(dedupe_key=dedupe_key).count() - before
        transaction.on_commit(partial(dispatch, pending))
    return created


def dispatch(delivery_ids: list[int]) -> None:
    """Hand committed deliveries to the senders: Celery when a broker is configured, else send here."""
    if not delivery_ids:
        return
    if getattr(settings, "CELERY_BROKER_URL", ""):
        from gongzhi.notifications.tasks import send_delivery

        try:
            for pk in delivery_ids:
                send_delivery.delay(pk)
            return
        except Exception:  # the broker is down: the sweep retries them from the database
            log.exception("通知任务入队失败，将由定时任务重试")
            return
    for pk in delivery_ids:
        try:
            delivery_send(delivery_id=pk)
        except Exception:
            log.exception("通知发送出错（delivery %s），将由定时任务重试", pk)


def _claim(delivery_id: int, now: dt.datetime) -> Delivery | None:
    row = (
        # Lock the delivery only, never the person's row.
        Delivery.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("user")
        .filter(pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING])
        .first()
    )
    if row is None:
        return None
    first_try = row.status == DeliveryStatus.PENDING and row.attempts == 0
    if not first_try and (row.next_attempt_at is None or row.next_attempt_at > now):
        return None  # not due yet, or another sender holds the lease
    return row


def _failed(delivery: Delivery, exc: Exception, now: dt.datetime) -> None:
    delivery.attempts += 1
    delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        log.error("通知发送失败，已放弃：%s（%s）", delivery, delivery.last_error)
    else:
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = now + BACKOFF[delivery.attempts - 1]
        log.warning("通知发送失败，稍后重试：%s（%s）", delivery, delivery.last_error)
    delivery.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])


def delivery_send(*, delivery_id: int) -> str:
    """Send one delivery if it is due and nobody else is sending it; return its status afterwards."""
    now = timezone.now()
    with transaction.atomic():
        delivery = _claim(delivery_id, now)
        if delivery is None:
            return "skipped"
        backend = get_backend(delivery.backend)
        if backend is None:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
            delivery.last_error = f"未配置发送方式「{delivery.backend}」"
            delivery.save(update_fields=["status", "next_attempt_at", "last_error"])
            return delivery.status
        if backend.in_transaction:
            try:
                with transaction.atomic():
                    backend.send(delivery)
            except Exception as exc:
                _failed(delivery, exc, now)
                return delivery.status
            delivery.status, delivery.sent_at = DeliveryStatus.SENT, now
            delivery.attempts += 1
            delivery.save(update_fields=["status", "sent_at", "attempts"])
            return delivery.status
        delivery.status = DeliveryStatus.SENDING
        delivery.next_attempt_at = now + LEASE
        delivery.save(update_fields=["status", "next_attempt_at"])
    # Outside any transaction: a slow gateway must not hold a database lock.
    try:
        backend.send(delivery)
    except Exception as exc:
        with transaction.atomic():
            _failed(delivery, exc, timezone.now())
        return delivery.status
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT, sent_at=timezone.now(), attempts=delivery.attempts + 1, last_error=""
    )
    return DeliveryStatus.SENT


def deliveries_retry(*, limit: int = 200) -> dict[str, int]:
    """Send the deliveries whose first send never happened, whose retry is due, or whose lease ran out."""
    now = timezone.now()
    due = list(
        Delivery.objects.filter(
            status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING], next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    counts: dict[str, int] = {}
    for pk in due:
        status = delivery_send(delivery_id=pk)
        counts[status] = counts.get(status, 0) + 1
    return counts


def notification_mark_read(*, user, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read (or all of them when no id is given)."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        if not Notification.objects.filter(user=user, pk=notification_id).exists():
            raise NotFound("消息未找到。")
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now(), updated_at=timezone.now())
