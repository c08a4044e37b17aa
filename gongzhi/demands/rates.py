"""The demand rates (受理率、响应率、办结率、满意率 …) per territory node and per handler, and 赛马 rankings.

Read-only. Figures come from the roll-up tables (demands/rollup.py), summed over the days of
the period; a demand counts in the period of the day it was submitted (Beijing time) and
with everything that has happened to it since. Definitions: notes/readme/rates.md and
demands/facts.py.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.core.periods import MAX_RANGE_DAYS, Period, date_range, local_day
from gongzhi.demands.facts import MEASURES, bucket_label_hours, p90_bucket
from gongzhi.demands.models import Category, Handler
from gongzhi.demands.rate_models import DemandFact, DemandResolveBucket, DemandRollup
from gongzhi.demands.rollup import DAILY, MONTHLY
from gongzhi.people.nodes import figures_node
from gongzhi.people.scope import get_in_scope, is_resident_only, restrict
from gongzhi.territory.models import Territory, subtree_bounds

# 赛马 composite score: weights of the rates; a rate a unit has no data for is left out
# and the other weights scale up.
SCORE_WEIGHTS = (
    ("resolution_rate", 0.3),
    ("satisfaction_rate", 0.3),
    ("response_rate", 0.2),
    ("on_time_rate", 0.2),
)
RANK_BY = ("children", "handlers")


def _date(value, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationFailed(
            f"{name}「{str(value)[:40]}」不是日期，请写成 2025-01-31 的格式。", code="bad_date"
        )


def rates_period(*, start=None, end=None, today: dt.date | None = None) -> Period:
    """Read a period from the first and last day (both counted); by default the last 12 months."""
    last = _date(end, "结束日期") or today or local_day(timezone.now())
    first = _date(start, "开始日期") or last.replace(year=last.year - 1) + dt.timedelta(days=1)
    return date_range(first, last, max_days=MAX_RANGE_DAYS)


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def derive(counts: dict, histogram: dict[int, int], overdue_open: int) -> dict:
    """Turn summed counts into the published figures."""
    c = {m: int(counts.get(m) or 0) for m in MEASURES}
    overdue = c["overdue_done"] + overdue_open
    good = c["satisfied"] + c["basically"]
    out = {
        "submitted": c["submitted"],
        "accepted": c["accepted"],
        "rejected": c["rejected"],
        "dispatched": c["dispatched"],
        "responded_on_time": c["responded"],
        "resolvable": c["resolvable"],
        "resolved": c["resolved"],
        "rated": c["rated"],
        "satisfied": c["satisfied"],
        "basically_satisfied": c["basically"],
        "dissatisfied": c["dissatisfied"],
        "overdue": overdue,
        "overdue_resolved": c["overdue_done"],
        "overdue_open": overdue_open,
        "reopened": c["reopened"],
        "merged": c["merged"],
        "returned": c["returned"],
        "escalated": c["escalated"],
        "acceptance_rate": _ratio(c["accepted"], c["accepted"] + c["rejected"]),
        "response_rate": _ratio(c["responded"], c["dispatched"]),
        "resolution_rate": _ratio(c["resolved"], c["resolvable"]),
        "satisfaction_rate": _ratio(good, c["rated"]),
        "on_time_rate": None if not c["dispatched"] else round(max(0.0, 1 - overdue / c["dispatched"]), 4),
        "avg_resolve_hours": round(c["resolve_seconds"] / c["resolved"] / 3600, 2) if c["resolved"] else None,
        "p90_resolve_hours": bucket_label_hours(p90_bucket(histogram)),
    }
    out["score"] = score(out)
    return out


def score(figures: dict) -> float | None:
    """Return the 赛马 score, 0–100: the weighted mean of the rates the unit has data for."""
    parts = [(figures[name], w) for name, w in SCORE_WEIGHTS if figures.get(name) is not None]
    if not parts:
        return None
    return round(100 * sum(v * w for v, w in parts) / sum(w for _, w in parts), 2)


def _sums(keys: list[str], period: Period, category_id: int | None) -> tuple[dict, dict]:
    where = Q(key__in=keys, day__gte=period.start, day__lt=period.end)
    if category_id:
        where &= Q(category_id=category_id)
    counts = {
        r.pop("key"): r
        for r in DemandRollup.objects.filter(where)
        .order_by()
        .values("key")
        .annotate(**{m: Sum(m) for m in MEASURES})
    }
    hist: dict[str, dict[int, int]] = {k: {} for k in keys}
    rows = (
        DemandResolveBucket.objects.filter(_spans(period), key__in=keys)
        .filter(Q(category_id=category_id) if category_id else Q())
        .order_by()
        .values_list("key", "bucket")
        .annotate(n=Sum("n"))
    )
    for key, bucket, n in rows:
        if n:
            hist[key][bucket] = n
    return counts, hist


def _spans(period: Period) -> Q:
    """Match the histogram rows that cover the period: whole months as month rows, the rest as days."""
    first = period.start if period.start.day == 1 else _next_month(period.start)
    last = period.end.replace(day=1)  # months [first, last) lie wholly inside the period
    if first >= last:
        return Q(span=DAILY, day__gte=period.start, day__lt=period.end)
    return (
        Q(span=MONTHLY, day__gte=first, day__lt=last)
        | Q(span=DAILY, day__gte=period.start, day__lt=first)
        | Q(span=DAILY, day__gte=last, day__lt=period.end)
    )


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _open_overdue_facts(period: Period, category_id: int | None):
    """Select the facts of demands still open past their deadline, submitted in the period.

    Only the small open_due_at index may serve this: the day and the path are compared as
    expressions (COALESCE, SUBSTR), which no index covers, so neither SQLite nor PostgreSQL
    walks the (path, day) index of every demand in a city instead.
    """
    qs = (
        DemandFact.objects.order_by()
        .annotate(cohort=Coalesce("day", "day"))
        .filter(open_due_at__lt=timezone.now(), cohort__gte=period.start, cohort__lt=period.end)
    )
    return qs.filter(category_id=category_id) if category_id else qs


def _overdue_by_prefix(node: Territory, plen: int, period: Period, category_id: int | None) -> dict[str, int]:
    rows = (
        _open_overdue_facts(period, category_id)
        .annotate(root=Substr("path", 1, len(node.path)), prefix=Substr("path", 1, plen))
        .filter(root=node.path)
        .values_list("prefix")
        .annotate(n=Count("pk"))
    )
    return {f"t:{p}": n for p, n in rows if len(p) == plen}


def _overdue_by_handler(ids: list[int], period: Period, category_id: int | None) -> dict[str, int]:
    rows = (
        _open_overdue_facts(period, category_id)
        .filter(handler_id__in=ids)
        .values_list("handler_id")
        .annotate(n=Count("pk"))
    )
    return {f"h:{h}": n for h, n in rows}


def _figures(keys: list[str], period: Period, category_id: int | None, overdue: dict[str, int]) -> dict:
    counts, hist = _sums(keys, period, category_id)
    return {k: derive(counts.get(k, {}), hist.get(k, {}), overdue.get(k, 0)) for k in keys}


def rates_node(
    *, actor, territory_id=None, period: Period, category: str | None = None
) -> tuple[Territory, dict]:
    """Return a node in the actor's scope (by default the top of it) and its rates over the period."""
    node = rates_territory(actor=actor, territory_id=territory_id)
    cat = category_id_of(category)
    key = f"t:{node.path}"
    figures = _figures([key], period, cat, _overdue_by_prefix(node, len(node.path), period, cat))
    return node, figures[key]


def rates_handler(*, actor, handler_id, period: Period, category: str | None = None) -> tuple[Handler, dict]:
    """Return a handler in the actor's scope and its rates: the demands last dispatched to it."""
    if is_resident_only(actor):
        raise NotFound("承办单位未找到。")
    try:
        handler = get_in_scope(Handler.objects.select_related("territory"), actor, handler_id)
    except NotFound:
        raise NotFound("承办单位未找到。")
    cat = category_id_of(category)
    key = f"h:{handler.pk}"
    return handler, _figures([key], period, cat, _overdue_by_handler([handler.pk], period, cat))[key]


def rates_ranking(
    *, actor, territory_id=None, period: Period, by: str = "children", category: str | None = None
) -> tuple[Territory, list[dict]]:
    """Rank the units under a node (赛马): its children, or the handlers in its subtree, best score first."""
    if by not in RANK_BY:
        raise ValidationFailed("排名对象只能是 children（下级辖区）或 handlers（承办单位）。")
    node = rates_territory(actor=actor, territory_id=territory_id)
    cat = category_id_of(category)
    if by == "children":
        units = list(node.get_children().order_by("path"))
        keys = [f"t:{u.path}" for u in units]
        overdue = _overdue_by_prefix(node, len(node.path) + Territory.steplen, period, cat)
    else:
        units = list(
            restrict(Handler.objects.select_related("territory"), actor)
            .filter(territory__path__range=subtree_bounds(node.path))
            .order_by("territory__path", "name")
        )
        keys = [f"h:{u.pk}" for u in units]
        overdue = _overdue_by_handler([u.pk for u in units], period, cat)
    figures = _figures(keys, period, cat, overdue)
    rows = [{"unit": u, "key": k, **figures[k]} for u, k in zip(units, keys, strict=True)]
    rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), -r["submitted"], r["unit"].name))
    for i, r in enumerate(rows, start=1):
        r["rank"] = i if r["score"] is not None else None
    return node, rows


def rates_territory(*, actor, territory_id=None) -> Territory:
    """Return the node asked for inside the actor's scope, else the top of the scope; NotFound otherwise."""
    return figures_node(user=actor, territory_id=territory_id)


def category_id_of(code: str | None) -> int | None:
    if not code:
        return None
    pk = Category.objects.filter(code=code).values_list("pk", flat=True).first()
    if pk is None:
        raise ValidationFailed(f"未知的诉求分类「{code}」。")
    return pk


def rates_for(*, node: Territory, period: Period) -> dict:
    """Return the rates of a node already known to be in scope (the analytics layer's entry)."""
    key = f"t:{node.path}"
    return _figures([key], period, None, _overdue_by_prefix(node, len(node.path), period, None))[key]


def rates_for_children(*, node: Territory, period: Period, children: list[Territory]) -> dict[int, dict]:
    """Return the rates of each child of `node` with one grouped read of the roll-ups."""
    keys = [f"t:{c.path}" for c in children]
    overdue = _overdue_by_prefix(node, len(node.path) + Territory.steplen, period, None)
    figures = _figures(keys, period, None, overdue)
    return {c.pk: figures[k] for c, k in zip(children, keys, strict=True)}


def rates_for_handlers(*, handlers: list[Handler], period: Period) -> dict[int, dict]:
    """Return the rates of handlers already known to be visible, with one grouped read of the roll-ups."""
    keys = [f"h:{h.pk}" for h in handlers]
    figures = _figures(keys, period, None, _overdue_by_handler([h.pk for h in handlers], period, None))
    return {h.pk: figures[k] for h, k in zip(handlers, keys, strict=True)}
