"""Reads of the inbox: a person sees only their own notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from gongzhi.notifications.models import Notification


def notification_list(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    qs = (
        Notification.objects.filter(user=user)
        if getattr(user, "is_authenticated", False)
        else Notification.objects.none()
    )
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def unread_count(*, user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
