"""Reads of the Open311 interface: services, the public list of requests, one request, a token.

The GET endpoints are public (the spec's design): they show only located demands, and of
each only what the spec lists, never the reporter's name, phone or exact address.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.demands.models import Category, Demand
from gongzhi.demands.workflow import State
from gongzhi.open311.models import RequestToken
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_q

# The spec knows two statuses; a demand is closed when nothing more will be done on it.
CLOSED_STATES = frozenset({State.CLOSED, State.REJECTED, State.MERGED})
STATUSES = ("open", "closed")
JURISDICTION_LEVELS = (Level.PROVINCE, Level.CITY, Level.DISTRICT)
DEFAULT_SPAN = dt.timedelta(days=90)
MAX_RESULTS = 1000


def status_of(state: str) -> str:
    return "closed" if state in CLOSED_STATES else "open"


def jurisdiction_get(*, jurisdiction_id: str | None) -> Territory | None:
    """Return the city (or district) a jurisdiction_id names by its division code, or None when absent."""
    value = (jurisdiction_id or "").strip()
    if not value:
        return None
    codes = {value, value.ljust(12, "0")} if value.isdigit() and len(value) in (6, 9) else {value}
    node = Territory.objects.filter(level__in=JURISDICTION_LEVELS, division_code__in=codes).first()
    if node is None:
        raise NotFound(f"未找到 jurisdiction_id「{value}」：请使用市或区县的区划代码。")
    return node


def service_list() -> QuerySet[Category]:
    return Category.objects.filter(active=True).select_related("parent").order_by("sort_order", "code")


def service_get(*, service_code: str) -> Category:
    category = service_list().filter(code=service_code).first()
    if category is None:
        raise NotFound(f"未找到 service_code「{service_code}」。")
    return category


def _public(jurisdiction: Territory | None) -> QuerySet[Demand]:
    qs = Demand.objects.filter(territory__isnull=False)
    if jurisdiction is not None:
        qs = qs.filter(subtree_q([jurisdiction.path], field="territory__path"))
    return qs.select_related("category", "handler", "territory")


@dataclass
class RequestFilters:
    service_request_ids: list[int] = field(default_factory=list)
    service_codes: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    start: dt.datetime | None = None
    end: dt.datetime | None = None


def _window(start, end, now) -> tuple[dt.datetime, dt.datetime]:
    """Apply the spec's default of the most recent 90 days; refuse a longer span."""
    if start is None and end is None:
        return now - DEFAULT_SPAN, now
    if start is None:
        return end - DEFAULT_SPAN, end
    if end is None:
        return start, start + DEFAULT_SPAN
    if end < start:
        raise ValidationFailed("end_date 不能早于 start_date。")
    if end - start > DEFAULT_SPAN:
        raise ValidationFailed("start_date 到 end_date 不能超过 90 天。")
    return start, end


def request_list(
    *, jurisdiction: Territory | None, filters: RequestFilters, now: dt.datetime
) -> list[Demand]:
    """List public requests, newest first, at most 1000.

    service_request_id overrides every other filter, as the spec says; otherwise the
    requests were made within the date window (by default the last 90 days).
    """
    qs = _public(jurisdiction)
    if filters.service_request_ids:
        qs = qs.filter(pk__in=filters.service_request_ids)
    else:
        start, end = _window(filters.start, filters.end, now)
        qs = qs.filter(created_at__gte=start, created_at__lte=end)
        if filters.service_codes:
            qs = qs.filter(category__code__in=filters.service_codes)
        wanted = set(filters.statuses)
        if wanted == {"closed"}:
            qs = qs.filter(state__in=CLOSED_STATES)
        elif wanted == {"open"}:
            qs = qs.exclude(state__in=CLOSED_STATES)
    return list(qs.order_by("-created_at", "-id")[:MAX_RESULTS])


def request_get(*, jurisdiction: Territory | None, request_id: str) -> Demand:
    """Fetch one public request; an unlocated or unknown one is not found alike."""
    try:
        return _public(jurisdiction).get(pk=int(request_id))
    except (Demand.DoesNotExist, ValueError, TypeError):
        raise NotFound(f"未找到 service_request_id「{request_id}」。")


def token_get(*, token: str) -> tuple[str, int | None]:
    """Return a token and the id it resolves to, or None while its demand waits to be located."""
    row = RequestToken.objects.filter(token=token).select_related("demand").first()
    if row is None:
        raise NotFound(f"未找到令牌「{token}」。")
    return row.token, row.demand_id if row.demand.territory_id is not None else None
