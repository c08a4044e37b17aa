"""Build the review of a node for a period (一周一碰头、一月一盘点), ready for any writer.

A review holds what the meeting goes through, in order: every area's figures against the
previous period, the children ranked on the demand score and resolution rate, the period's top
problems (每月一题) and the demands that are past their deadline now. The caller has already
checked that the node is in scope: nothing here asks who is reading. The overdue list names no
resident: title, place, deadline and the handling unit only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from gongzhi.analytics import selectors
from gongzhi.analytics.alerts import overdue_demands
from gongzhi.analytics.selectors import AreaFigures, find_definition
from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.core.figures import Definition, Value
from gongzhi.core.periods import TZ, Period, last_full, parse_period
from gongzhi.demands.models import Category, Demand
from gongzhi.dispatch.hotspots import NOT_COUNTED, UNCATEGORISED
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory
from gongzhi.territory.selectors import territory_ancestors

RANKED_ON = ("demands.score", "demands.resolution_rate")
TOP_PROBLEMS = 5
OVERDUE_LISTED = 100  # the rest is counted, not listed: a review is read in one sitting
NOT_RANKED = "不排名"
TRENDS = {"better": "向好", "worse": "变差", "same": "持平", "up": "上升", "down": "下降", "": ""}


@dataclass(frozen=True)
class ReviewKind:
    """A kind of review: which period it covers by default and what the meeting is called."""

    key: str
    period_kind: str
    name: str
    meeting: str
    problems: str  # what the top-problems section is called


KINDS = {
    "weekly": ReviewKind("weekly", "week", "周报", "一周一碰头", "本周突出问题"),
    "monthly": ReviewKind("monthly", "month", "月报", "一月一盘点", "每月一题"),
}


@dataclass
class RankedChild:
    """One child with its value and rank (None: too small or no value) on each ranked figure."""

    node: Territory
    values: list[Value]
    ranks: list[int | None]


@dataclass
class Problem:
    rank: int
    category: str
    count: int
    share: float  # of all demands in the node and period
    previous: int  # the same category in the previous period


@dataclass
class OverdueItem:
    """An overdue demand as a review lists it: nothing that names or reaches a resident."""

    number: int
    title: str
    category: str
    place: str
    due_at: dt.datetime
    overdue_days: float
    handler: str


@dataclass
class Review:
    kind: ReviewKind
    node: Territory
    trail: list[str]  # the names from the top of the tree down to the node
    period: Period
    generated_at: dt.datetime
    areas: list[AreaFigures]
    ranked_on: list[Definition] = field(default_factory=list)
    ranking: list[RankedChild] = field(default_factory=list)
    children_level: str = ""
    problems_total: int = 0
    problems: list[Problem] = field(default_factory=list)
    overdue_total: int = 0
    overdue: list[OverdueItem] = field(default_factory=list)

    @property
    def previous(self) -> Period:
        return self.period.previous()

    @property
    def level(self) -> str:
        return str(Level(self.node.level).label)

    @property
    def title(self) -> str:
        return f"{self.node.name}{self.kind.name}（{self.kind.meeting}）"

    @property
    def generated_label(self) -> str:
        return local_time(self.generated_at)

    def filename(self, extension: str) -> str:
        """Return a file name that says whose review of which period it is."""
        name = f"{self.node.name}{self.kind.name}-{self.period.key.replace('..', '至')}.{extension}"
        return "".join(c for c in name if c not in '/\\:*?"<>|')


def review_kind(raw: str | None) -> ReviewKind:
    """Read weekly/monthly (or 周报/月报); refuse anything else, naming what is accepted."""
    value = (raw or "").strip()
    for kind in KINDS.values():
        if value in (kind.key, kind.name, kind.period_kind):
            return kind
    raise ValidationFailed(
        f"报告类型「{value[:20]}」不对，请写 weekly（周报）或 monthly（月报）。", code="bad_report_kind"
    )


def review_period(kind: ReviewKind, raw: str | None, *, on: dt.date | None = None) -> Period:
    """Read the period typed; none gives the last full ISO week (weekly) or month (monthly)."""
    return parse_period(raw, on=on, default=last_full(kind.period_kind, on=on))


def review_node(code: str | None) -> Territory:
    """Find a node by division code or id for a caller that needs no scope (the command line)."""
    raw = (code or "").strip()
    qs = Territory.objects.all()
    if not raw:
        node = qs.filter(depth=1).order_by("path").first()
    elif len(raw) == 12 and raw.isdigit():
        node = qs.filter(division_code=raw).first()
    elif raw.isdigit() and len(raw) <= 18:
        node = qs.filter(pk=int(raw)).first()
    else:
        node = None
    if node is None and not raw:
        raise NotFound("区划树是空的，请先导入区划表（gongzhi territory import）。", code="bad_territory")
    if node is None:
        raise NotFound(f"没有区划代码「{raw[:30]}」，请写 12 位区划代码或辖区编号。", code="bad_territory")
    review_check_node(node)
    return node


def review_check_node(node: Territory) -> None:
    """Refuse a building or a home: a review is of a unit somebody is responsible for."""
    if node.level in (Level.BUILDING, Level.HOUSEHOLD):
        raise ValidationFailed(
            f"「{node.name}」是{node.get_level_display()}，复盘报告只对网格及以上的辖区生成，请写它所在网格或社区的代码。",
            code="bad_territory",
        )


def review_build(
    *, node: Territory, period: Period, kind: ReviewKind, now: dt.datetime | None = None
) -> Review:
    """Collect everything the review meeting of `node` goes through for `period`."""
    now = now or timezone.now()
    review = Review(
        kind=kind,
        node=node,
        trail=[a.name for a in territory_ancestors(node=node)] + [node.name],
        period=period,
        generated_at=now,
        areas=selectors.node_figures(node=node, period=period),
    )
    review.ranked_on, review.ranking, review.children_level = children_ranking(node=node, period=period)
    review.problems_total, review.problems = top_problems(node=node, period=period)
    review.overdue_total, review.overdue = overdue_items(node=node, now=now)
    return review


def children_ranking(*, node: Territory, period: Period) -> tuple[list[Definition], list[RankedChild], str]:
    """Rank the children on each figure of RANKED_ON, listed in the order of the first."""
    definitions = [d for key in RANKED_ON if (d := find_definition(key))]
    if not definitions:
        return [], [], ""
    areas = sorted({d.area for d in definitions})
    children, table = selectors.children_figures(node=node, period=period, areas=areas)
    if not children:
        return definitions, [], ""
    rankings = [selectors.rank(children=children, table=table, definition=d) for d in definitions]
    by_pk = [{r["node"].pk: r for r in rows} for rows in rankings]
    rows = [
        RankedChild(
            node=first["node"],
            values=[ranked[first["node"].pk]["value"] for ranked in by_pk],
            ranks=[ranked[first["node"].pk]["rank"] for ranked in by_pk],
        )
        for first in rankings[0]
    ]
    return definitions, rows, str(Level(children[0].level).label)


def _category_counts(node: Territory, period: Period) -> dict[int | None, int]:
    start, end = period.bounds()
    rows = (
        Demand.objects.within([node.path])
        .filter(created_at__gte=start, created_at__lt=end)
        .exclude(state__in=NOT_COUNTED)
        .values("category_id")
        .annotate(n=Count("id"))
    )
    return {r["category_id"]: r["n"] for r in rows}


def top_problems(*, node: Territory, period: Period, limit: int = TOP_PROBLEMS) -> tuple[int, list[Problem]]:
    """Return the demands counted in the period and its top categories, as the hotspots page counts them."""
    now, before = _category_counts(node, period), _category_counts(node, period.previous())
    total = sum(now.values())
    names = dict(Category.objects.filter(pk__in=[pk for pk in now if pk]).values_list("pk", "name"))

    def name(pk: int | None) -> str:
        return names.get(pk, UNCATEGORISED) if pk else UNCATEGORISED

    ranked = sorted(now.items(), key=lambda kv: (-kv[1], name(kv[0])))[:limit]
    return total, [
        Problem(
            rank=i,
            category=name(pk),
            count=n,
            share=round(n / total, 4) if total else 0.0,
            previous=before.get(pk, 0),
        )
        for i, (pk, n) in enumerate(ranked, start=1)
    ]


def overdue_items(
    *, node: Territory, now: dt.datetime, limit: int = OVERDUE_LISTED
) -> tuple[int, list[OverdueItem]]:
    """Return how many open demands under `node` are past their deadline at `now`, and the oldest."""
    total, rows = overdue_demands(node=node, now=now, limit=limit)
    return total, [
        OverdueItem(
            number=d.pk,
            # The free text may name the resident or give a phone number: only a title goes out.
            title=d.title or f"{d.category.name if d.category else UNCATEGORISED}类诉求",
            category=d.category.name if d.category else UNCATEGORISED,
            place=d.territory.name if d.territory else "",
            due_at=d.due_at,
            overdue_days=round((now - d.due_at).total_seconds() / 86400, 1),
            handler=d.handler.name if d.handler else "未派单",
        )
        for d in rows
    ]


def rank_text(rank: int | None) -> str:
    return str(rank) if rank is not None else NOT_RANKED


def local_time(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment, TZ):%Y-%m-%d %H:%M}"
