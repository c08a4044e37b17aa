"""Reads of patrols: the due list per grid worker, the weekly/monthly review per grid, figures per node."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from gongzhi.core.errors import NotFound
from gongzhi.core.periods import Period, today
from gongzhi.patrols.models import Disposition, DutyKind, DutyRule, Finding, FindingCategory, Patrol, Visit
from gongzhi.people.models import GridWorker, Resident
from gongzhi.people.scope import restrict
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds

DUE_SOON_DAYS = 3


def patrol_list(*, actor, filters: dict | None = None) -> QuerySet[Patrol]:
    return (
        restrict(Patrol.objects.all(), actor)
        .filter(**(filters or {}))
        .select_related("territory", "grid_worker", "council_member")
        .annotate(n_visits=Count("visits", distinct=True), n_findings=Count("findings", distinct=True))
        .order_by("-date", "-id")
    )


def patrol_get(*, actor, patrol_id) -> Patrol:
    try:
        return (
            restrict(Patrol.objects.all(), actor)
            .select_related("territory", "grid_worker", "council_member", "recorded_by")
            .prefetch_related(
                Prefetch("visits", queryset=Visit.objects.select_related("household")),
                Prefetch("findings", queryset=Finding.objects.select_related("territory", "demand")),
            )
            .get(pk=int(patrol_id))
        )
    except (Patrol.DoesNotExist, TypeError, ValueError):
        raise NotFound("巡访记录未找到。")


def grid_worker_get(*, actor, grid_worker_id) -> GridWorker:
    try:
        return restrict(GridWorker.objects.select_related("territory"), actor).get(pk=int(grid_worker_id))
    except (GridWorker.DoesNotExist, TypeError, ValueError):
        raise NotFound("网格员未找到。")


@dataclass
class DueItem:
    """One household a grid worker must visit, when, and whether that is past."""

    household: Territory
    tags: list[str]  # the resident tags that make it a duty (独居老人 …)
    rules: list[str]  # the duty rules that apply
    interval_days: int  # the strictest interval among them
    last_visit: dt.date | None
    due_on: dt.date | None  # None: never visited, due at once
    overdue_days: int  # days past due_on; 0 when not overdue (and when never visited)

    @property
    def status(self) -> str:
        if self.due_on is None:
            return "never"
        if self.overdue_days > 0:
            return "overdue"
        return "due_soon" if (self.due_on - today()).days <= DUE_SOON_DAYS else "ok"

    @property
    def status_label(self) -> str:
        return {"never": "从未走访", "overdue": "已超期", "due_soon": "即将到期", "ok": "正常"}[self.status]

    @property
    def is_overdue(self) -> bool:
        return self.status in ("never", "overdue")


def visit_rules_for(node: Territory) -> list[DutyRule]:
    """Return the active 必访 rules that reach into `node`'s subtree (set on it, above it, or below it)."""
    ancestors = [node.path[:i] for i in range(Territory.steplen, len(node.path) + 1, Territory.steplen)]
    return list(
        DutyRule.objects.filter(kind=DutyKind.VISIT, active=True)
        .filter(Q(territory__path__in=ancestors) | Q(territory__path__range=subtree_bounds(node.path)))
        .select_related("territory")
    )


def due_list(*, node: Territory, on: dt.date | None = None) -> list[DueItem]:
    """List the duty households under `node` (a grid worker's grid), most overdue first.

    A household is a duty when one of its residents carries the tag of an active 必访 rule
    that covers it; it is due `interval_days` after its last visit by anyone, at once if never visited.
    """
    on = on or today()
    rules = visit_rules_for(node)
    if not rules:
        return []
    tagged: dict[int, set[str]] = defaultdict(set)
    wanted = {r.tag for r in rules}
    residents = Resident.objects.order_by().filter(household__path__range=subtree_bounds(node.path))
    for household_id, tags in residents.values_list("household_id", "tags").iterator(chunk_size=5000):
        hit = wanted.intersection(tags or [])
        if hit:
            tagged[household_id] |= hit
    if not tagged:
        return []
    homes = Territory.objects.in_bulk(list(tagged))
    last = dict(
        Visit.objects.order_by()
        .filter(household_id__in=list(tagged), visited_on__lte=on)
        .values("household_id")
        .annotate(last=Max("visited_on"))
        .values_list("household_id", "last")
    )
    items = []
    for household_id, tags in tagged.items():
        home = homes[household_id]
        applies = [r for r in rules if r.tag in tags and home.path.startswith(r.territory.path)]
        if not applies:
            continue
        interval = min(r.interval_days for r in applies)
        seen = last.get(household_id)
        due_on = seen + dt.timedelta(days=interval) if seen else None
        overdue = (on - due_on).days if due_on and due_on < on else 0
        items.append(
            DueItem(
                household=home,
                tags=sorted(tags & {r.tag for r in applies}),
                rules=[r.name for r in applies],
                interval_days=interval,
                last_visit=seen,
                due_on=due_on,
                overdue_days=overdue,
            )
        )
    # Never visited first, then the longest overdue, then the soonest due.
    items.sort(key=lambda i: (i.last_visit is not None, -i.overdue_days, i.due_on or on, i.household.path))
    return items


@dataclass
class ReviewRow:
    """One grid in a review list (一周一碰头、一月一盘点)."""

    territory: Territory
    grid_workers: list[str] = field(default_factory=list)
    patrols: int = 0
    visits: int = 0
    households_visited: int = 0
    findings: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    fixed: int = 0  # fixed on the spot
    passed_on: int = 0  # passed on (as a demand, or recorded to be)
    demands: int = 0  # of those, demands actually created

    def as_dict(self) -> dict:
        d = asdict(self)
        d["territory"] = {"id": self.territory.pk, "name": self.territory.name, "level": self.territory.level}
        return d


def patrol_review(*, node: Territory, period: Period) -> list[ReviewRow]:
    """Summarise each grid under `node` for the period: visits, findings by class, fixed, passed on.

    The grids listed are those with a grid worker (a village worked as one grid counts) and any
    other unit patrolled in the period; a grid with no patrol shows zeros, which is the point.
    """
    bounds = subtree_bounds(node.path)
    patrols = Patrol.objects.order_by().filter(
        territory__path__range=bounds, date__gte=period.start, date__lt=period.end
    )
    rows: dict[int, ReviewRow] = {}
    workers = GridWorker.objects.order_by("territory__path", "name").filter(territory__path__range=bounds)
    for tid, name in workers.values_list("territory_id", "name"):
        rows.setdefault(tid, ReviewRow(territory=None)).grid_workers.append(name)  # type: ignore[arg-type]
    for tid, n in (
        patrols.values_list("territory_id").annotate(n=Count("id")).values_list("territory_id", "n")
    ):
        rows.setdefault(tid, ReviewRow(territory=None)).patrols = n  # type: ignore[arg-type]
    visits = Visit.objects.order_by().filter(patrol__in=patrols.values("pk"))
    for tid, n, homes in (
        visits.values_list("patrol__territory_id")
        .annotate(n=Count("id"), h=Count("household_id", distinct=True))
        .values_list("patrol__territory_id", "n", "h")
    ):
        rows[tid].visits, rows[tid].households_visited = n, homes
    findings = Finding.objects.order_by().filter(patrol__in=patrols.values("pk"))
    for tid, category, disposition, n, demands in (
        findings.values_list("patrol__territory_id", "category", "disposition")
        .annotate(n=Count("id"), d=Count("demand_id"))
        .values_list("patrol__territory_id", "category", "disposition", "n", "d")
    ):
        row = rows[tid]
        row.findings += n
        row.by_category[category] = row.by_category.get(category, 0) + n
        row.fixed += n if disposition == Disposition.FIXED else 0
        row.passed_on += n if disposition == Disposition.PASSED_ON else 0
        row.demands += demands
    nodes = Territory.objects.in_bulk(list(rows))
    for tid, row in rows.items():
        row.territory = nodes[tid]
        row.by_category = {c: row.by_category.get(c, 0) for c in FindingCategory.values}
    return sorted(rows.values(), key=lambda r: r.territory.path)


@dataclass
class PatrolFigures:
    """Patrol figures for one subtree and one period: the review rows added up."""

    patrols: int = 0
    visits: int = 0
    households_visited: int = 0
    findings: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    fixed: int = 0
    passed_on: int = 0
    demands: int = 0
    grids: int = 0  # grids in the review list
    grids_patrolled: int = 0  # of those, patrolled at least once

    @property
    def fixed_rate(self) -> float | None:
        return self.fixed / self.findings if self.findings else None

    @property
    def grid_coverage(self) -> float | None:
        return self.grids_patrolled / self.grids if self.grids else None

    def as_dict(self) -> dict:
        return {**asdict(self), "fixed_rate": self.fixed_rate, "grid_coverage": self.grid_coverage}


def patrol_figures(*, node: Territory, period: Period, rows: list[ReviewRow] | None = None) -> PatrolFigures:
    rows = patrol_review(node=node, period=period) if rows is None else rows
    fig = PatrolFigures(by_category={c: 0 for c in FindingCategory.values})
    for r in rows:
        fig.patrols += r.patrols
        fig.visits += r.visits
        fig.households_visited += r.households_visited
        fig.findings += r.findings
        fig.fixed += r.fixed
        fig.passed_on += r.passed_on
        fig.demands += r.demands
        for c, n in r.by_category.items():
            fig.by_category[c] += n
        fig.grids += 1
        fig.grids_patrolled += 1 if r.patrols else 0
    return fig


def patrol_units(*, actor) -> QuerySet[Territory]:
    """The units the actor may log a patrol for: grids, compounds, natural villages and villages in scope."""
    return restrict(
        Territory.objects.filter(
            level__in=[Level.GRID, Level.COMPOUND, Level.NATURAL_VILLAGE, Level.COMMUNITY]
        ),
        actor,
    ).order_by("path")
