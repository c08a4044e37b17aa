"""Keep the rate roll-ups current: one small hook per write, and a rebuild from the events.

The hook runs inside the caller's transaction (demand_submit, demand_transition): it
recomputes the demand's fact from its events, and adds the difference to the roll-up rows
of every key the demand counts under, with one INSERT … ON CONFLICT DO UPDATE (PostgreSQL
and SQLite). Rows are written in key order, so two transactions never wait on each other
in a cycle.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction

from gongzhi.demands.bulkload import rows_insert
from gongzhi.demands.facts import FACT_FIELDS, MEASURES, NO_BUCKET, Fact, fact_of
from gongzhi.demands.models import Demand, DemandEvent
from gongzhi.demands.rate_models import DemandFact, DemandResolveBucket, DemandRollup

ROLLUP = DemandRollup._meta.db_table
BUCKETS = DemandResolveBucket._meta.db_table
FACTS = DemandFact._meta.db_table
STEPLEN = 4
DAILY, MONTHLY = 0, 1  # spans of the histogram rows: one day, or the month starting on `day`


def _fact_row(pk: int, fact: Fact) -> DemandFact:
    return DemandFact(demand_id=pk, **{name: getattr(fact, name) for name in FACT_FIELDS})


def _as_fact(row: DemandFact) -> Fact:
    return Fact(**{name: getattr(row, name) for name in FACT_FIELDS})


def _deltas(old: Fact | None, new: Fact | None):
    sums: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(MEASURES))
    hist: dict[tuple, int] = defaultdict(int)
    for fact, sign in ((old, -1), (new, 1)):
        if fact is None:
            continue
        values = fact.measures()
        for key in fact.keys():
            row = sums[(key, fact.day, fact.category_id)]
            for i, v in enumerate(values):
                row[i] += sign * v
            if fact.resolve_bucket != NO_BUCKET:
                hist[(key, DAILY, fact.day, fact.category_id, fact.resolve_bucket)] += sign
                hist[(key, MONTHLY, fact.day.replace(day=1), fact.category_id, fact.resolve_bucket)] += sign
    return (
        sorted((k, v) for k, v in sums.items() if any(v)),
        sorted((k, n) for k, n in hist.items() if n),
    )


def _upsert_sql(table: str, keys: tuple[str, ...], columns: tuple[str, ...], rows: list) -> tuple[str, list]:
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in (*keys, *columns))
    one = "(" + ", ".join(["%s"] * (len(keys) + len(columns))) + ")"
    sets = ", ".join(f"{qn(c)} = {qn(table)}.{qn(c)} + excluded.{qn(c)}" for c in columns)
    sql = (
        f"INSERT INTO {qn(table)} ({cols}) VALUES {', '.join([one] * len(rows))} "
        f"ON CONFLICT ({', '.join(qn(k) for k in keys)}) DO UPDATE SET {sets}"
    )
    return sql, [p for key, values in rows for p in (*key, *values)]


def _upsert(table: str, keys: tuple[str, ...], columns: tuple[str, ...], rows: list, *, before=None) -> None:
    """Add `rows` to the table; `before` = (sql, params) of an INSERT run in the same statement."""
    if not rows:
        return
    sql, params = _upsert_sql(table, keys, columns, rows)
    if before is not None:
        # PostgreSQL runs a data-modifying WITH in the same statement: one round trip, not two.
        sql, params = f"WITH f AS ({before[0]}) {sql}", [*before[1], *params]
    with connection.cursor() as cur:
        cur.execute(sql, params)


def _apply(old: Fact | None, new: Fact | None) -> None:
    sums, hist = _deltas(old, new)
    _upsert(ROLLUP, ("key", "day", "category_id"), MEASURES, sums)
    _upsert(BUCKETS, ("key", "span", "day", "category_id", "bucket"), ("n",), [(k, (n,)) for k, n in hist])


def rollup_submitted(*, demand: Demand, event: DemandEvent) -> None:
    """Count a demand that has just come in (its only event is the submission)."""
    path = demand.territory.path if demand.territory_id else ""
    fact = fact_of(
        created_at=demand.created_at,
        path=path,
        category_id=demand.category_id,
        events=[(event.action, event.to_state, event.at, event.extra)],
    )
    sums, hist = _deltas(None, fact)
    if connection.vendor != "postgresql" or hist or not sums:
        _fact_row(demand.pk, fact).save(force_insert=True)
        _apply(None, fact)
        return
    qn = connection.ops.quote_name
    names = ("demand_id", *FACT_FIELDS)
    insert = (
        f"INSERT INTO {qn(FACTS)} ({', '.join(qn(n) for n in names)}) "
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    _upsert(
        ROLLUP,
        ("key", "day", "category_id"),
        MEASURES,
        sums,
        before=(insert, [demand.pk, *(getattr(fact, n) for n in FACT_FIELDS)]),
    )


def rollup_demand(*, demand: Demand) -> None:
    """Bring one demand's fact and its roll-up rows up to date with its events."""
    events = DemandEvent.objects.filter(demand_id=demand.pk).order_by("at", "id")
    path = demand.territory.path if demand.territory_id else ""
    new = fact_of(
        created_at=demand.created_at,
        path=path,
        category_id=demand.category_id,
        events=events.values_list("action", "to_state", "at", "extra"),
    )
    row = DemandFact.objects.filter(pk=demand.pk).first()
    old = _as_fact(row) if row is not None else None
    if old == new:
        return
    if row is None:
        _fact_row(demand.pk, new).save(force_insert=True)
    else:
        DemandFact.objects.filter(pk=demand.pk).update(**{n: getattr(new, n) for n in FACT_FIELDS})
    _apply(old, new)


def facts_compute(demand_ids: Iterable[int] | None = None, *, chunk: int = 20000):
    """Yield (demand id, fact) for the demands, read from their events in streaming order."""
    demands = Demand.objects.order_by("pk").values_list("pk", "created_at", "territory__path", "category_id")
    events = DemandEvent.objects.order_by("demand_id", "at", "id").values_list(
        "demand_id", "action", "to_state", "at", "extra"
    )
    if demand_ids is not None:
        ids = sorted(set(demand_ids))
        demands, events = demands.filter(pk__in=ids), events.filter(demand_id__in=ids)
    it = iter(events.iterator(chunk_size=chunk))
    pending = next(it, None)
    for pk, created_at, path, category_id in demands.iterator(chunk_size=chunk):
        mine = []
        while pending is not None and pending[0] < pk:
            pending = next(it, None)
        while pending is not None and pending[0] == pk:
            mine.append(pending[1:])
            pending = next(it, None)
        yield pk, fact_of(created_at=created_at, path=path or "", category_id=category_id, events=mine)


def facts_insert(facts: Iterable[tuple[int, Fact]]) -> int:
    """Insert fact rows (for a bulk load: the demo, the benchmark, a rebuild)."""
    return rows_insert(
        DemandFact,
        ("demand_id", *FACT_FIELDS),
        ((pk, *(getattr(fact, f) for f in FACT_FIELDS)) for pk, fact in facts),
    )


def rollup_aggregate() -> None:
    """Rebuild the roll-up and histogram tables from the fact table with grouped INSERT … SELECT."""
    qn = connection.ops.quote_name
    measures = ", ".join(qn(m) for m in MEASURES)
    sums = ", ".join(f"SUM({qn(m)})" for m in MEASURES)
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {qn(ROLLUP)}")
        cur.execute(f"DELETE FROM {qn(BUCKETS)}")
        cur.execute(f"SELECT MAX(LENGTH(path)) FROM {qn(FACTS)}")
        longest = cur.fetchone()[0] or 0
        if connection.vendor == "postgresql":
            month = "CAST(DATE_TRUNC('month', day) AS DATE)"
        else:
            month = "DATE(day, 'start of month')"
        groups = [
            (f"'t:' || SUBSTR(path, 1, {n})", f"LENGTH(path) >= {n}")
            for n in range(STEPLEN, longest + 1, STEPLEN)
        ]
        groups.append(("'h:' || CAST(handler_id AS TEXT)", "handler_id IS NOT NULL"))
        for key, where in groups:
            cur.execute(
                f"INSERT INTO {qn(ROLLUP)} ({qn('key')}, day, category_id, {measures}) "
                f"SELECT {key}, day, category_id, {sums} FROM {qn(FACTS)} WHERE {where} "
                f"GROUP BY {key}, day, category_id"
            )
            for span, day in ((DAILY, "day"), (MONTHLY, month)):
                cur.execute(
                    f"INSERT INTO {qn(BUCKETS)} ({qn('key')}, span, day, category_id, bucket, n) "
                    f"SELECT {key}, {span}, {day}, category_id, resolve_bucket, COUNT(*) FROM {qn(FACTS)} "
                    f"WHERE {where} AND resolve_bucket >= 0 GROUP BY {key}, {day}, category_id, resolve_bucket"
                )


def rollup_rebuild() -> int:
    """Recompute every fact from the events and rebuild the roll-ups; return the number of demands."""
    with transaction.atomic():
        DemandFact.objects.all().delete()
        n = facts_insert(facts_compute())
        rollup_aggregate()
    return n
