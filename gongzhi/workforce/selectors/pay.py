"""Reads of 3岗18级: the effective pay table, workers with their grades and pay, pay figures.

A pay table belongs to the city or a county (区县) that set it; a worker is paid by the table of
the nearest of their ancestors that has one for the year (a county's own table before the city's).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from gongzhi.core.errors import NotFound
from gongzhi.people.models import CommunityWorker
from gongzhi.people.scope import restrict
from gongzhi.territory.models import Territory, subtree_bounds
from gongzhi.workforce.models import PayRecord, PayScale, PerformanceRule, PostType
from gongzhi.workforce.selectors.access import sees_pay
from gongzhi.workforce.selectors.tree import Owners


def post_types() -> list[PostType]:
    return list(PostType.objects.order_by("rank", "id"))


def ancestors_of(path: str) -> list[str]:
    """Return the paths of a node and its ancestors, nearest first."""
    step = Territory.steplen
    return [path[:i] for i in range(len(path), 0, -step)]


class PayTables:
    """The pay tables and performance coefficients of one year, looked up for a worker's place."""

    def __init__(self, year: int):
        self.year = year
        self.cells: dict[str, dict[tuple[int, int], Decimal]] = {}
        for path, post_type, grade, base in PayScale.objects.filter(year=year).values_list(
            "territory__path", "post_type_id", "grade", "monthly_base"
        ):
            self.cells.setdefault(path, {})[(post_type, grade)] = base
        self.rules: dict[str, dict[str, Decimal]] = {}
        for path, grade, coefficient in PerformanceRule.objects.filter(year=year).values_list(
            "territory__path", "grade", "coefficient"
        ):
            self.rules.setdefault(path, {})[grade] = coefficient

    def monthly_base(self, path: str, post_type_id: int, grade: int) -> Decimal | None:
        for p in ancestors_of(path):
            table = self.cells.get(p)
            if table is not None:
                return table.get((post_type_id, grade))
        return None

    def coefficient(self, path: str, performance_grade: str) -> Decimal | None:
        for p in ancestors_of(path):
            rules = self.rules.get(p)
            if rules is not None:
                return rules.get(performance_grade)
        return None

    def has_rules(self, path: str) -> bool:
        return any(p in self.rules for p in ancestors_of(path))


def pay_table(*, node: Territory, year: int) -> tuple[Territory | None, list[PayScale]]:
    """Return the unit whose table applies at `node` for `year`, and the table's cells."""
    paths = ancestors_of(node.path)
    setter_path = (
        PayScale.objects.filter(year=year, territory__path__in=paths)
        .order_by("-territory__depth")
        .values_list("territory__path", flat=True)
        .first()
    )
    if setter_path is None:
        # Not set above: a city admin sees the tables of the counties below.
        return None, []
    cells = list(
        PayScale.objects.filter(year=year, territory__path=setter_path)
        .select_related("post_type", "territory")
        .order_by("post_type__rank", "grade")
    )
    return cells[0].territory, cells


def pay_tables_below(*, actor, year: int) -> QuerySet[PayScale]:
    return restrict(PayScale.objects.filter(year=year), actor).select_related("territory", "post_type")


def performance_rules(*, node: Territory, year: int) -> list[PerformanceRule]:
    paths = ancestors_of(node.path)
    rules = list(
        PerformanceRule.objects.filter(year=year, territory__path__in=paths).select_related("territory")
    )
    if not rules:
        return []
    deepest = max(r.territory.depth for r in rules)
    return [r for r in rules if r.territory.depth == deepest]


def worker_list(
    *, actor, node: Territory | None = None, year: int | None = None
) -> QuerySet[CommunityWorker]:
    """Return the community workers `actor` may see (under `node`), with grade and that year's pay."""
    qs = restrict(CommunityWorker.objects.all(), actor).select_related(
        "territory", "workforce_grade__post_type"
    )
    if node is not None:
        qs = qs.filter(territory__path__range=subtree_bounds(node.path))
    if year is not None:
        qs = qs.prefetch_related(
            Prefetch("pay_records", queryset=PayRecord.objects.filter(year=year), to_attr="pay_of_year")
        )
    return qs.order_by("territory__path", "id")


def worker_get(*, actor, worker_id, year: int | None = None) -> CommunityWorker:
    try:
        return worker_list(actor=actor, year=year).get(pk=int(worker_id))
    except (CommunityWorker.DoesNotExist, TypeError, ValueError):
        raise NotFound("社区工作者未找到。")


@dataclass
class WorkerPay:
    """A worker's row as the viewer may see it: pay and scores only where `sees_pay`."""

    worker: CommunityWorker
    post_type: str
    grade: int | None
    since: object
    record: PayRecord | None  # None when not computed, or when the viewer may not see it
    visible: bool


def worker_rows(*, actor, workers) -> list[WorkerPay]:
    rows = []
    for w in workers:
        g = getattr(w, "workforce_grade", None)
        visible = sees_pay(actor, path=w.territory.path, user_id=w.user_id)
        records = getattr(w, "pay_of_year", [])
        rows.append(
            WorkerPay(
                worker=w,
                post_type=g.post_type.label if g else "",
                grade=g.grade if g else None,
                since=g.since if g else None,
                record=records[0] if visible and records else None,
                visible=visible,
            )
        )
    return rows


def own_pay(*, actor) -> list[PayRecord]:
    """Return the pay records of the worker whose login `actor` is, newest year first."""
    if not getattr(actor, "is_authenticated", False):
        return []
    return list(PayRecord.objects.filter(worker__user=actor).select_related("post_type").order_by("-year"))


@dataclass
class PayFigures:
    year: int
    workers: int = 0
    total: Decimal = Decimal(0)

    @property
    def average(self) -> Decimal | None:
        return (self.total / self.workers).quantize(Decimal("0.01")) if self.workers else None


def pay_figures(*, node: Territory, year: int) -> PayFigures:
    """Return the number of workers paid for `year` under `node` and what they were paid in all."""
    agg = PayRecord.objects.filter(year=year, territory__path__range=subtree_bounds(node.path)).aggregate(
        n=Count("id"), total=Sum("total")
    )
    return PayFigures(year=year, workers=agg["n"] or 0, total=agg["total"] or Decimal(0))


def pay_figures_by_child(*, node: Territory, children: list[Territory], year: int) -> dict[int, PayFigures]:
    owners = Owners(children)
    out: dict[int, PayFigures] = {}
    rows = (
        PayRecord.objects.order_by()
        .filter(year=year, territory__path__range=subtree_bounds(node.path))
        .values_list("territory__path")
        .annotate(n=Count("id"), total=Sum("total"))
    )
    for path, n, total in rows:
        child = owners.of(path)
        if child is not None:
            f = out.setdefault(child.pk, PayFigures(year=year))
            f.workers += n
            f.total += total or 0
    return out


def unpaid_workers(*, node: Territory, year: int) -> QuerySet[CommunityWorker]:
    """Return the graded workers under `node` whose pay for `year` is not computed yet."""
    return (
        CommunityWorker.objects.filter(
            territory__path__range=subtree_bounds(node.path), workforce_grade__isnull=False
        )
        .filter(workforce_grade__since__lte=f"{year}-12-31")
        .exclude(Q(pay_records__year=year))
    )
