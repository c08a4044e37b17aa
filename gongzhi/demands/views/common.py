"""What the demand pages share: access checks, redirects, and the Excel download of a list."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from gongzhi.core.errors import NotFound
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.demands.models import Channel
from gongzhi.demands.queues import EXPORT_HEADERS, export_rows
from gongzhi.demands.selectors import demand_get
from gongzhi.demands.workflow import CHANNEL_ROLES, FRONT_DESK
from gongzhi.people.scope import is_staff_viewer, roles_of

PAGE_SIZE = 30


def can_use_channel(user, channel: str) -> bool:
    allowed = CHANNEL_ROLES[channel]
    return allowed is None or user.is_superuser or bool(roles_of(user) & allowed)


def require_channel(user, channel: str) -> None:
    if not can_use_channel(user, channel):
        raise PermissionDenied(f"您的角色不能通过「{Channel(channel).label}」录入诉求。")


def is_front_desk(user) -> bool:
    return user.is_superuser or bool(roles_of(user) & FRONT_DESK)


def works_demands(user) -> bool:
    """Staff and handler members have a work queue; a resident has only their own demands."""
    return is_staff_viewer(user) or user.demand_handlers.exists()


def demand_or_404(user, pk):
    try:
        return demand_get(actor=user, demand_id=pk)
    except NotFound:
        raise Http404("未找到。")


def safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def export(*, user, demands, name: str):
    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(
        filename=f"{name}-{stamp}.xlsx",
        title=name,
        headers=EXPORT_HEADERS,
        rows=export_rows(actor=user, demands=demands.iterator(chunk_size=1000)),
    )
