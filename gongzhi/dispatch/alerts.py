"""突增预警: tell the officials of the level above about this month's sudden rises, once each.

The rule is the hotspots page's (`hotspots.rise_of`): a category in a child node whose count this
month is at least twice the mean of the three months before and at least five demands. It is
checked for the children of every city, district and street at once, from one grouped query over
the whole tree, so an hourly run stays cheap on a city with a year of demands (README).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone

from gongzhi.demands.models import Category
from gongzhi.demands.notices import nearest_holders
from gongzhi.dispatch.hotspots import (
    RISE_FACTOR,
    RISE_MIN,
    RISE_MONTHS,
    UNCATEGORISED,
    monthly_counts,
    parse_month,
    rise_of,
    shift,
)
from gongzhi.notifications.models import Delivery, Notification
from gongzhi.notifications.services import notify
from gongzhi.people.roles import Role
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory

log = logging.getLogger(__name__)

# The levels a rise is flagged to: the children of a street are its communities, and so on up.
FLAG_LEVELS = (Level.CITY, Level.DISTRICT, Level.STREET)
# Who reads the alert: the officials on the flagged node, or the nearest level above that has some.
READERS = (Role.STREET_OFFICIAL, Role.DISTRICT_OFFICIAL, Role.CITY_ADMIN)
KIND = "hotspot.rise"
KEY_PREFIX = "hotspot-rise"


def rise_key(month: dt.date, node_pk: int, child_pk: int, category_pk: int | None) -> str:
    """The dedupe key of one rise: each (node, child, category, month) is sent once."""
    return f"{KEY_PREFIX}:{month:%Y-%m}:{node_pk}:{child_pk}:{category_pk or 0}"


def rises_all(*, month: dt.date) -> list[dict]:
    """Return every rise of `month` in the children of every flag-level node, biggest first."""
    flagged = dict(Territory.objects.filter(level__in=FLAG_LEVELS).values_list("path", "pk"))
    if not flagged:
        return []
    step = Territory.steplen
    series: dict[tuple[str, int | None], dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    for path, cat, m, n in monthly_counts(None, shift(month, -RISE_MONTHS), month):
        # Every flag-level ancestor of the demand's node sees it in the child it lies under.
        for end in range(step, len(path), step):
            if path[:end] in flagged:
                series[(path[: end + step], cat)][m] += n
    found = []
    for (child_path, cat), months in series.items():
        # As on the hotspots page: uncategorised demands (waiting in triage) make no rise.
        if cat is not None and (rise := rise_of(months, month)):
            found.append(
                {"child_path": child_path, "node_path": child_path[:-step], "category_id": cat, **rise}
            )
    if not found:
        return []
    nodes = {
        t.path: t
        for t in Territory.objects.filter(
            path__in={r["child_path"] for r in found} | {r["node_path"] for r in found}
        )
    }
    names = dict(Category.objects.values_list("pk", "name"))
    for r in found:
        r["territory"], r["flagged_to"] = nodes[r["child_path"]], nodes[r["node_path"]]
        r["category"] = names.get(r["category_id"], UNCATEGORISED) if r["category_id"] else UNCATEGORISED
    found.sort(key=lambda r: (-r["count"], r["child_path"], r["category"]))
    return found


def _notice(rise: dict, month: dt.date) -> tuple[str, str, str]:
    child, node = rise["territory"], rise["flagged_to"]
    previous = " / ".join(str(n) for n in rise["previous"])
    times = f"是前三个月月均的 {rise['ratio']:g} 倍" if rise["ratio"] else "前三个月没有此类诉求"
    title = f"突增预警：{child.name}「{rise['category']}」本月 {rise['count']} 件"
    body = (
        f"{node.name}下辖的{child.name}，{month.year}年{month.month}月「{rise['category']}」类诉求已有 "
        f"{rise['count']} 件，前三个月依次为 {previous} 件，{times}，达到突增标准"
        f"（≥ {RISE_FACTOR:g} 倍且 ≥ {RISE_MIN} 件）。请关注研判，必要时统筹处置。"
    )
    link = reverse("dispatch:hotspots") + f"?territory={node.pk}&month={month:%Y-%m}"
    return title, body, link


def rises_notify(*, month: str | dt.date | None = None, now: dt.datetime | None = None) -> dict:
    """Notify the officials of the level above of each rise this month; a rise already sent is skipped."""
    started = time.monotonic()
    now = now or timezone.now()
    month = parse_month(month) if month else timezone.localtime(now).date().replace(day=1)
    rises = rises_all(month=month)
    sent_before = set(
        Delivery.objects.filter(dedupe_key__startswith=f"{KEY_PREFIX}:{month:%Y-%m}:")
        .values_list("dedupe_key", flat=True)
        .distinct()
    )
    readers: dict[str, list] = {}
    report = {"month": f"{month:%Y-%m}", "rises": len(rises), "sent": 0, "skipped": 0, "deliveries": 0}
    for rise in rises:
        node = rise["flagged_to"]
        key = rise_key(month, node.pk, rise["territory"].pk, rise["category_id"])
        if key in sent_before:
            report["skipped"] += 1
            continue
        if node.path not in readers:
            readers[node.path] = nearest_holders(node.path, READERS)
        title, body, link = _notice(rise, month)
        created = notify(
            users=readers[node.path], kind=KIND, title=title, body=body, link=link, dedupe_key=key
        )
        report["sent"] += bool(created)
        report["deliveries"] += created
    report["seconds"] = round(time.monotonic() - started, 3)
    if report["sent"]:
        log.info("突增预警 / rise alerts: %s", report)
    return report


def rise_alerts_count(*, user, now: dt.datetime | None = None) -> int:
    """Count the rise alerts `user` received this month (the home page links them to the hotspots)."""
    first = timezone.localtime(now or timezone.now()).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    return Notification.objects.filter(user=user, kind=KIND, created_at__gte=first).count()
