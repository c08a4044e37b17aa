"""The inbox page: the signed-in person's notifications, newest first, on a phone screen."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongzhi.notifications import selectors, services
from gongzhi.notifications.models import Notification

PAGE_SIZE = 30


@login_required
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.notification_list(user=request.user, unread_only=unread_only), PAGE_SIZE)
    return render(
        request,
        "notifications/inbox.html",
        {"page": page.get_page(request.GET.get("page")), "unread_only": unread_only},
    )


@login_required
@require_POST
def open_notification(request, pk: int):
    """Mark the notification read and go where it points."""
    try:
        note = selectors.notification_list(user=request.user).get(pk=pk)
    except Notification.DoesNotExist:
        raise Http404("消息未找到。")
    services.notification_mark_read(user=request.user, notification_id=note.pk)
    safe = note.link and url_has_allowed_host_and_scheme(note.link, allowed_hosts={request.get_host()})
    return redirect(note.link if safe else "notifications:inbox")


@login_required
@require_POST
def read_all(request):
    services.notification_mark_read(user=request.user)
    return redirect("notifications:inbox")
