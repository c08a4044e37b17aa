"""一中心四平台 (Lufeng): a street's four platform handlers, their open demands, counts and rates.

Reads only. The street's 调度中心 (its officials, and officials above choosing the street)
watches all four platforms; a platform's members and the same officials see its own board.
Anyone else gets "not found", exactly as for a platform or street that does not exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from gongzhi.core.errors import NotFound
from gongzhi.core.periods import Period
from gongzhi.demands.models import Demand, Handler, Platform
from gongzhi.demands.rates import rates_for_handlers
from gongzhi.demands.selectors import demand_list, demand_visible
from gongzhi.demands.workflow import SUPERVISORS, TIMED_STATES, State
from gongzhi.people.scope import roles_at, scope_of
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_q

# The officials who run a street's 调度中心: the street's own, and those of the district and city.
WATCHERS = SUPERVISORS
SOON = dt.timedelta(hours=24)  # 即将超期: the deadline falls within the next day
WAITING = (State.DISPATCHED, State.REOPENED)  # 待接单: with the platform, nobody has claimed it
STREET_NOT_FOUND = "镇（街）未找到。"
PLATFORM_NOT_FOUND = "平台未找到。"


def watches(actor, path: str) -> bool:
    """Tell whether the actor watches the street (or platform) at `path` as an official."""
    return getattr(actor, "is_superuser", False) or bool(roles_at(actor, path) & WATCHERS)


def board_street(*, actor, territory_id=None) -> Territory | None:
    """Return the street whose board the actor asked for, or None when they must pick one first.

    A street official lands on their street; an official above, or of several streets, picks.
    """
    if territory_id not in (None, ""):
        try:
            node = Territory.objects.defer("boundary").get(pk=int(territory_id), level=Level.STREET)
        except (Territory.DoesNotExist, ValueError, TypeError, OverflowError):
            raise NotFound(STREET_NOT_FOUND)
        if not watches(actor, node.path):
            raise NotFound(STREET_NOT_FOUND)
        return node
    if not may_watch_any(actor):
        raise NotFound(STREET_NOT_FOUND)
    roots = scope_of(actor, roles=set(WATCHERS))
    if roots is not None and len(roots) == 1:
        return Territory.objects.defer("boundary").filter(path=roots[0], level=Level.STREET).first()
    return None


def may_watch_any(actor) -> bool:
    return getattr(actor, "is_superuser", False) or bool(scope_of(actor, roles=set(WATCHERS)))


def street_choices(*, actor) -> list[dict]:
    """List the streets the actor may watch, with their district, in tree order."""
    roots = scope_of(actor, roles=set(WATCHERS))
    streets = Territory.objects.filter(level=Level.STREET).defer("boundary")
    if roots is not None:
        # An official above the street sees all of it; one below (a street's community) none.
        streets = streets.filter(subtree_q(roots))
    streets = list(streets.order_by("path"))
    parents = dict(
        Territory.objects.filter(path__in={s.path[: -Territory.steplen] for s in streets}).values_list(
            "path", "name"
        )
    )
    return [{"street": s, "district": parents.get(s.path[: -Territory.steplen], "")} for s in streets]


def platform_handlers(*, street: Territory) -> dict[str, Handler]:
    """Return the street's platform handlers by platform (active or not: the board shows both)."""
    rows = Handler.objects.filter(territory=street).exclude(platform="").select_related("territory")
    return {h.platform: h for h in rows}


def platform_get(*, actor, handler_id) -> Handler:
    """Fetch a platform its members or the street's officials may see, or NotFound as for a missing one."""
    try:
        handler = Handler.objects.exclude(platform="").select_related("territory").get(pk=int(handler_id))
    except (Handler.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound(PLATFORM_NOT_FOUND)
    if watches(actor, handler.territory.path) or is_member(actor=actor, handler=handler):
        return handler
    raise NotFound(PLATFORM_NOT_FOUND)


def is_member(*, actor, handler: Handler) -> bool:
    if not getattr(actor, "is_authenticated", False):
        return False
    return handler.members.filter(pk=actor.pk).exists()


def member_platforms(*, actor) -> list[Handler]:
    """Return the platforms the actor is a member of, for the links on their pages."""
    if not getattr(actor, "is_authenticated", False):
        return []
    return list(
        Handler.objects.filter(members=actor)
        .exclude(platform="")
        .select_related("territory")
        .order_by("territory__path", "platform")
    )


def open_demands(*, actor, handler: Handler) -> QuerySet[Demand]:
    """List what the platform holds and has not resolved, the most urgent (earliest deadline) first."""
    return (
        demand_list(actor=actor)
        .filter(handler=handler, state__in=TIMED_STATES)
        .order_by(F("due_at").asc(nulls_last=True), "created_at", "id")
    )


@dataclass(frozen=True)
class Counts:
    waiting: int = 0  # 待接单
    working: int = 0  # 办理中
    soon: int = 0  # 即将超期: due within 24 hours, not yet past
    overdue: int = 0  # 已超期


def counts(*, actor, handlers: list[Handler], now: dt.datetime | None = None) -> dict[int, Counts]:
    """Count each platform's open demands the actor may see, with one grouped query."""
    now = now or timezone.now()
    rows = (
        demand_visible(actor=actor)
        .filter(handler__in=[h.pk for h in handlers], state__in=TIMED_STATES)
        .order_by()
        .values("handler_id")
        .annotate(
            waiting=Count("id", filter=Q(state__in=WAITING)),
            working=Count("id", filter=Q(state=State.CLAIMED)),
            soon=Count("id", filter=Q(due_at__gte=now, due_at__lt=now + SOON)),
            overdue=Count("id", filter=Q(due_at__lt=now)),
        )
    )
    found = {r.pop("handler_id"): Counts(**r) for r in rows}
    return {h.pk: found.get(h.pk, Counts()) for h in handlers}


def board(*, actor, street: Territory, period: Period) -> list[dict]:
    """Return the four platforms of a street in their fixed order, each with counts and rates."""
    handlers = platform_handlers(street=street)
    present = list(handlers.values())
    now = timezone.now()
    open_counts = counts(actor=actor, handlers=present, now=now)
    rates = rates_for_handlers(handlers=present, period=period)
    out = []
    for value, label in Platform.choices:
        h = handlers.get(value)
        out.append(
            {
                "platform": value,
                "label": f"{label}平台",
                "handler": h,
                "counts": open_counts[h.pk] if h else Counts(),
                "rates": rates[h.pk] if h else None,
            }
        )
    return out


def countdown(due_at: dt.datetime | None, *, now: dt.datetime) -> tuple[str, str]:
    """Say how long is left before a deadline (or how long it is past), and how urgent that is."""
    if due_at is None:
        return "未设期限", ""
    seconds = int((due_at - now).total_seconds())
    left = abs(seconds) // 60
    days, rest = divmod(left, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        span = f"{days}天{hours}小时"
    elif hours:
        span = f"{hours}小时{minutes}分"
    else:
        span = f"{minutes}分钟"
    if seconds < 0:
        return f"已超期{span}", "overdue"
    return f"剩{span}", "soon" if seconds < SOON.total_seconds() else ""
