"""The unread count in the navbar, queried only when a page shows it."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from gongzhi.notifications.selectors import unread_count


def inbox(request) -> dict:
    user = getattr(request, "user", None)
    return {"nav_unread": SimpleLazyObject(lambda: unread_count(user=user))}
