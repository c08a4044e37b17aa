"""Put the link to each official's review of their own node in their inbox, once per period.

Beat runs this on Monday at 08:00 (weekly) and on the 1st at 08:00 (monthly), Beijing time;
without Redis the in-process sweep runs it hourly, so a review goes out when it falls due and
is skipped afterwards. A notice's dedupe key names the kind, period and node: a second run,
or a run on another worker, adds nothing to an inbox that already has it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from gongzhi.analytics.reports.build import KINDS, ReviewKind
from gongzhi.core.periods import TZ, Period, last_full
from gongzhi.notifications.models import Delivery
from gongzhi.notifications.services import notify
from gongzhi.people.models import RoleAssignment
from gongzhi.people.roles import Role
from gongzhi.territory.models import Territory

log = logging.getLogger(__name__)

READERS = (Role.STREET_OFFICIAL, Role.DISTRICT_OFFICIAL, Role.CITY_ADMIN)
KIND = "analytics.review"
KEY_PREFIX = "review-report"
SEND_AT = dt.timedelta(hours=8)  # after midnight Beijing time: Monday 08:00, the 1st 08:00
# How long after it falls due a review is still sent: a server down on Monday morning catches up
# that day, but a first start on a Thursday does not send last week's review out of the blue.
CATCH_UP = dt.timedelta(days=1)


def review_key(kind: ReviewKind, period: Period, node_pk: int) -> str:
    """The dedupe key of one review notice: each (kind, period, node) reaches a reader once."""
    return f"{KEY_PREFIX}:{kind.key}:{period.key}:{node_pk}"


def review_link(*, kind: ReviewKind, node: Territory, period: Period, fmt: str = "pdf") -> str:
    query = urlencode({"kind": kind.key, "period": period.key, "format": fmt})
    return reverse("analytics:report", args=[node.division_code or node.pk]) + "?" + query


def due_period(kind: ReviewKind, now: dt.datetime) -> Period:
    """Return the latest period of `kind` whose review has fallen due at `now`."""
    return last_full(kind.period_kind, on=(timezone.localtime(now, TZ) - SEND_AT).date())


def due_at(period: Period) -> dt.datetime:
    return period.end_at + SEND_AT


def readers_by_node() -> dict[Territory, list]:
    """Return the officials of each node; someone who also holds a node above it reads only that one."""
    rows = (
        RoleAssignment.objects.filter(role__in=READERS, user__is_active=True)
        .select_related("user", "territory")
        .order_by("territory__path", "user_id")
    )
    paths: dict[int, list[str]] = defaultdict(list)
    for r in rows:
        paths[r.user_id].append(r.territory.path)
    out: dict[Territory, list] = defaultdict(list)
    for r in rows:
        # The review of a node above covers this one: one message per reader, not one per role.
        if any(r.territory.path.startswith(p) and r.territory.path != p for p in paths[r.user_id]):
            continue
        if r.user not in out[r.territory]:
            out[r.territory].append(r.user)
    return out


def _notice(kind: ReviewKind, node: Territory, period: Period) -> tuple[str, str, str]:
    title = f"{kind.meeting}：{node.name}{kind.name}（{period.label}）"
    body = (
        f"{node.name}{period.label}的{kind.name}已生成：各领域指标与上一期的比较、下级排名、"
        f"突出问题和超期未办结诉求清单。点击打开 PDF；Excel 版可在指挥中心下载。"
    )
    return title, body, review_link(kind=kind, node=node, period=period)


def reviews_send(
    *, kinds: list[ReviewKind] | None = None, now: dt.datetime | None = None, period: Period | None = None
) -> dict:
    """Send the due reviews (or those of `period`, whenever asked) to every official not yet holding them."""
    now = now or timezone.now()
    readers = readers_by_node()
    report: dict = {}
    for kind in kinds or list(KINDS.values()):
        covered = period or due_period(kind, now)
        counts = {"period": covered.key, "nodes": 0, "deliveries": 0}
        report[kind.key] = counts
        if period is None and now >= due_at(covered) + CATCH_UP:
            counts["skipped"] = "past"
            continue
        prefix = f"{KEY_PREFIX}:{kind.key}:{covered.key}:"
        # Read what was sent once, so an hourly run that finds nothing new stays a single query.
        sent = set(
            Delivery.objects.filter(dedupe_key__startswith=prefix).values_list("dedupe_key", "user_id")
        )
        for node, users in readers.items():
            key = review_key(kind, covered, node.pk)
            waiting = [u for u in users if (key, u.pk) not in sent]
            if not waiting:
                continue
            title, body, link = _notice(kind, node, covered)
            created = notify(users=waiting, kind=KIND, title=title, body=body, link=link, dedupe_key=key)
            counts["nodes"] += bool(created)
            counts["deliveries"] += created
    if any(c["deliveries"] for c in report.values()):
        log.info("周报月报推送 / review reports sent: %s", report)
    return report
