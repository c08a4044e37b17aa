"""Compute a year's pay (年度报酬): base pay for the months in post plus performance pay.

For each graded community worker under a node:
    months          = 12, or from the month of 定级 when graded during the year
    base total      = monthly base (the year's pay table, post type × grade) × months
    performance pay = coefficient of the worker's published performance grade × monthly base × months ÷ 12
The performance grade is the worker's published result of the scheme
"community-worker-performance" for the year; without one, the performance pay is 0 until the
pay is computed again. Computing again gives the same rows (one per worker and year) and is one
transaction; every run writes an audit row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from gongzhi.assessment.schemes import COMMUNITY_WORKER_PERFORMANCE
from gongzhi.assessment.selectors import results_for
from gongzhi.core.errors import PermissionDenied, ValidationFailed
from gongzhi.people.models import CommunityWorker, User
from gongzhi.territory.models import subtree_bounds
from gongzhi.workforce.models import PayRecord, WorkforceAudit
from gongzhi.workforce.selectors.access import is_assessor_over
from gongzhi.workforce.selectors.pay import PayTables
from gongzhi.workforce.services.nodes import node_for
from gongzhi.workforce.workflow import AuditAction

CENT = Decimal("0.01")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def months_in_post(since: dt.date, year: int) -> int:
    """Return the months of `year` a worker graded on `since` is paid for (the month of 定级 counts)."""
    if since.year < year:
        return 12
    if since.year > year:
        return 0
    return 13 - since.month


def performance_pay(monthly_base: Decimal, coefficient: Decimal, months: int) -> Decimal:
    return (monthly_base * coefficient * months / 12).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class PayRun:
    year: int
    territory: str
    workers: int = 0
    created: int = 0
    updated: int = 0  # rows whose amounts changed; the others were already right
    total: Decimal = Decimal(0)
    without_result: list[str] = field(default_factory=list)  # names paid without a published grade

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "territory": self.territory,
            "workers": self.workers,
            "created": self.created,
            "updated": self.updated,
            "total": str(self.total),
            "without_result": len(self.without_result),
        }


def pay_compute(*, actor: User | None, year: int, territory_id: int | None = None) -> PayRun:
    """Compute (or compute again) the year's pay of every graded worker under a node."""
    if not (FIRST_YEAR <= int(year) <= LAST_YEAR):
        raise ValidationFailed(f"年度「{year}」不对，请写四位年份，如 2025。")
    year = int(year)
    node = node_for(actor, territory_id)
    if actor is not None and not is_assessor_over(actor, node.path):
        raise PermissionDenied("只有街道及以上组织部门可以核算社区工作者报酬。")
    tables = PayTables(year)
    workers = list(
        CommunityWorker.objects.filter(
            territory__path__range=subtree_bounds(node.path),
            workforce_grade__isnull=False,
            workforce_grade__since__lte=dt.date(year, 12, 31),
        )
        .select_related("territory", "workforce_grade__post_type")
        .order_by("pk")
    )
    results = results_for(scheme_code=COMMUNITY_WORKER_PERFORMANCE, period_key=str(year))
    if workers and not tables.cells:
        raise ValidationFailed(f"还没有 {year} 年的报酬标准，请先导入 {year} 年报酬标准和绩效系数。")
    rows, missing = _compute(workers, tables, results, year)
    if missing:
        shown = "；".join(missing[:5]) + (f" 等 {len(missing)} 处" if len(missing) > 5 else "")
        raise ValidationFailed(f"{year} 年报酬标准不全：{shown}。请先导入 {year} 年报酬标准和绩效系数。")
    run = PayRun(year=year, territory=node.name, workers=len(rows))
    now = timezone.now()
    with transaction.atomic():
        existing = {
            r.worker_id: r
            for r in PayRecord.objects.select_for_update()
            .filter(year=year, worker_id__in=[w.pk for w in workers])
            .order_by("pk")
        }
        new, changed = [], []
        for worker, values in rows:
            run.total += values["total"]
            if not values["performance_grade"]:
                run.without_result.append(worker.name)
            record = existing.get(worker.pk)
            if record is None:
                new.append(PayRecord(year=year, worker=worker, computed_at=now, computed_by=actor, **values))
                continue
            if all(getattr(record, _attname(name)) == _id(value) for name, value in values.items()):
                continue  # the same amounts as last time: the row stays as it was
            for name, value in values.items():
                setattr(record, name, value)
            record.computed_at, record.computed_by, record.updated_at = now, actor, now
            changed.append(record)
        PayRecord.objects.bulk_create(new, batch_size=2000)
        # One UPDATE per changed row: bulk_update's CASE per field is far slower on SQLite.
        columns = [*FIELDS, "computed_at", "computed_by", "updated_at"]
        for record in changed:
            PayRecord.objects.filter(pk=record.pk).update(**{f: getattr(record, f) for f in columns})
        run.created, run.updated = len(new), len(changed)
        WorkforceAudit.objects.create(
            actor=actor,
            action=AuditAction.PAY_COMPUTE,
            territory=node,
            at=now,
            note=f"{year} 年度报酬：{run.workers} 人，合计 {run.total} 元",
            extra=run.as_dict(),
        )
    return run


def _attname(name: str) -> str:
    return f"{name}_id" if name in ("territory", "post_type") else name


def _id(value):
    return getattr(value, "pk", value)


FIELDS = [
    "territory",
    "name",
    "post_type",
    "grade",
    "months",
    "monthly_base",
    "base_total",
    "performance_grade",
    "performance_score",
    "coefficient",
    "performance_pay",
    "total",
]


def _compute(
    workers, tables: PayTables, results, year: int
) -> tuple[list[tuple[CommunityWorker, dict]], list[str]]:
    rows, missing = [], []
    for w in workers:
        g = w.workforce_grade
        path = w.territory.path
        base = tables.monthly_base(path, g.post_type_id, g.grade)
        if base is None:
            missing.append(f"{w.territory.name}·{g.post_type.label} {g.grade} 级")
            continue
        if not tables.has_rules(path):
            missing.append(f"{w.territory.name}·绩效系数")
            continue
        months = months_in_post(g.since, year)
        result = results.get(w.pk)
        grade = result.grade if result is not None and result.published else ""
        coefficient = (tables.coefficient(path, grade) or Decimal(0)) if grade else Decimal(0)
        perf = performance_pay(base, coefficient, months)
        base_total = (base * months).quantize(CENT)
        rows.append(
            (
                w,
                {
                    "territory": w.territory,
                    "name": w.name,
                    "post_type": g.post_type,
                    "grade": g.grade,
                    "months": months,
                    "monthly_base": base,
                    "base_total": base_total,
                    "performance_grade": grade,
                    "performance_score": result.score if grade else None,
                    "coefficient": coefficient,
                    "performance_pay": perf,
                    "total": base_total + perf,
                },
            )
        )
    return rows, sorted(set(missing))
