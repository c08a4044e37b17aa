"""Benchmark: the demand rates of a city-year from the roll-up, against the direct computation.

Usage: python bench/rates.py [--demands 1000000] [--db postgresql|sqlite] [--naive-repeat 2]
Prints a table, then one JSON object as its last line.

Loads Bengbu's divisions, then N demands spread over its 1,157 communities and one year,
each with the events of its simulated life (gongzhi/demands/simulate.py), by COPY on
PostgreSQL (executemany on SQLite); computes their facts and the roll-ups. Then, warm,
times the rates of the city, a district, a street and a community over the year:
`rates_ms` is the median over the four levels of the roll-up read (demands/rates.py),
`naive_ms` that of the direct grouped query over demands and events
(demands/rates_direct.py). Both must give the same figures; the run stops if they differ.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/gz_bench_rates")
YEAR = 2025
REPEAT = 25
CHUNK = 50_000


def setup(db: str, reuse: bool = False) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongzhi.config.settings"
    home = Path(f"/tmp/gz-bench-rates-{db}")
    home.mkdir(exist_ok=True)
    os.environ["GONGZHI_HOME"] = str(home)
    if db == "postgresql" and reuse:
        os.environ["DATABASE_URL"] = PG_URL
    elif db == "postgresql":
        name, admin = PG_URL.rsplit("/", 1)[1], PG_URL.rsplit("/", 1)[0] + "/postgres"
        for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)
        os.environ["DATABASE_URL"] = PG_URL
    else:
        os.environ.pop("DATABASE_URL", None)
        for f in [] if reuse else home.glob("*.sqlite3*"):
            f.unlink()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def write(table: str, columns: list[str], rows) -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            with cur.connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    adapt = connection.ops.adapt_datetimefield_value
    rows = (tuple(adapt(v) if isinstance(v, dt.datetime) else v for v in row) for row in rows)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    batch: list = []
    with connection.cursor() as cur:
        for row in rows:
            batch.append(row)
            if len(batch) >= 20000:
                cur.executemany(sql, batch)
                batch = []
        if batch:
            cur.executemany(sql, batch)


def load(n: int, rng: random.Random) -> dict:
    """Insert n demands with their events and facts; return what the timing needs."""
    from django.db import connection, transaction

    from gongzhi.core.periods import TZ
    from gongzhi.demands import facts
    from gongzhi.demands.models import Category, Demand, DemandEvent, Handler
    from gongzhi.demands.rate_models import DemandFact
    from gongzhi.demands.rollup import rollup_aggregate
    from gongzhi.demands.simulate import live
    from gongzhi.territory.importing import territory_import_file
    from gongzhi.territory.models import Territory

    territory_import_file(path=ROOT / "gongzhi" / "territory" / "data" / "bengbu-3403.csv")
    city = Territory.objects.get(division_code="340300000000")
    communities = list(Territory.objects.subtree(city).filter(level="community").order_by("path"))
    by_street: dict[str, int] = {}
    for street in Territory.objects.subtree(city).filter(level="street"):
        by_street[street.path] = Handler.objects.create(
            name=f"{street.name}工作站", kind="community", territory=street
        ).pk
    for district in Territory.objects.subtree(city).filter(level="district"):
        Handler.objects.create(name=f"{district.name}城管局", kind="department", territory=district)
    departments = {
        h.territory.path: h.pk for h in Handler.objects.filter(kind="department").select_related("territory")
    }
    categories = list(Category.objects.values_list("pk", "deadline_hours"))
    start = dt.datetime(YEAR, 1, 1, tzinfo=TZ)
    seconds = 365 * 86400
    now = start + dt.timedelta(days=365)

    def due(at: dt.datetime, hours: int) -> dt.datetime:  # working hours ≈ 7 a day, 5 days a week
        return at + dt.timedelta(days=hours / 7 * 7 / 5)

    demand_cols = [
        "id", "created_at", "updated_at", "territory_id", "category_id", "channel", "title", "text",
        "address", "contact_name", "contact_phone", "state", "handler_id", "idempotency_key", "due_at",
        "supervised", "escalation", "result", "satisfaction", "merged_into_id",
    ]  # fmt: skip
    event_cols = ["demand_id", "action", "from_state", "to_state", "note", "extra", "at"]
    fact_cols = ["demand_id", *facts.FACT_FIELDS]
    n_events, gen_s, load_s = 0, 0.0, 0.0
    times = sorted(start + dt.timedelta(seconds=rng.random() * seconds) for _ in range(n))
    last_in: dict[int, int] = {}
    for lo in range(0, n, CHUNK):
        t0 = time.perf_counter()
        demands, events, fact_rows = [], [], []
        for i, created in enumerate(times[lo : lo + CHUNK], start=lo + 1):
            c = communities[int(rng.random() * len(communities))]
            cat, hours = categories[int(rng.random() * len(categories))]
            handlers = [by_street[c.path[:16]], departments[c.path[:12]]]
            life = live(
                rng, submitted_at=created, now=now, handlers=handlers, deadline_hours=hours, due=due,
                merge_into=last_in.get(c.pk),
            )  # fmt: skip
            before, last_in[c.pk] = last_in.get(c.pk), i
            demands.append(
                (i, created, created, c.pk, cat, "hotline", "", "诉求", "", "", "", life.state, life.handler_id,
                 f"bench-{i}", life.due_at, False, life.escalation, life.result, life.satisfaction,
                 before if life.merged else None)
            )  # fmt: skip
            for action, frm, to, at, extra, note, _ in life.events:
                events.append((i, action, frm, to, note, json.dumps(extra), at))
            fact = facts.fact_of(
                created_at=created,
                path=c.path,
                category_id=cat,
                events=[(e[0], e[2], e[3], e[4]) for e in life.events],
            )
            fact_rows.append((i, *(getattr(fact, f) for f in facts.FACT_FIELDS)))
        n_events += len(events)
        t1 = time.perf_counter()
        gen_s += t1 - t0
        with transaction.atomic():
            write(Demand._meta.db_table, demand_cols, demands)
            write(DemandEvent._meta.db_table, event_cols, events)
            write(DemandFact._meta.db_table, fact_cols, fact_rows)
        load_s += time.perf_counter() - t1
        print(f"  {min(lo + CHUNK, n)} / {n} demands", file=sys.stderr)
    t0 = time.perf_counter()
    with transaction.atomic():
        rollup_aggregate()
    rollup_s = time.perf_counter() - t0
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "city": city,
        "events": n_events,
        "generate_s": round(gen_s, 1),
        "load_s": round(load_s, 1),
        "rollup_s": round(rollup_s, 1),
    }


def measure(world: dict, naive_repeat: int) -> dict:
    from gongzhi.demands.rates import rates_node, rates_period
    from gongzhi.demands.rates_direct import rates_direct
    from gongzhi.people.models import User
    from gongzhi.territory.models import Territory

    admin = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", password="x"
    )
    city = world["city"]
    district = Territory.objects.subtree(city).filter(level="district").order_by("path").first()
    street = Territory.objects.subtree(district).filter(level="street").order_by("path").first()
    community = Territory.objects.subtree(street).filter(level="community").order_by("path").first()
    period = rates_period(start=dt.date(YEAR, 1, 1), end=dt.date(YEAR, 12, 31))
    levels = {"city": city, "district": district, "street": street, "community": community}
    out: dict = {}
    all_fast, all_naive = [], []
    for name, node in levels.items():
        figures = rates_node(actor=admin, territory_id=node.pk, period=period)[1]  # warm
        fast = []
        for _ in range(REPEAT):
            t = time.perf_counter()
            rates_node(actor=admin, territory_id=node.pk, period=period)
            fast.append((time.perf_counter() - t) * 1000)
        rates_direct(period=period, path=node.path)  # warm
        slow = []
        for _ in range(naive_repeat):
            t = time.perf_counter()
            direct = rates_direct(period=period, path=node.path)
            slow.append((time.perf_counter() - t) * 1000)
        if direct != figures:
            diff = {k: (figures[k], direct[k]) for k in figures if figures[k] != direct[k]}
            raise SystemExit(f"roll-up and direct computation differ at {name}: {diff}")
        out[name] = {
            "node": node.name,
            "submitted": figures["submitted"],
            "rates_ms": round(statistics.median(fast), 2),
            "naive_ms": round(statistics.median(slow), 1),
            "figures": figures,
        }
        all_fast += fast
        all_naive += slow
    out["rates_ms"] = round(statistics.median(all_fast), 2)
    out["naive_ms"] = round(statistics.median(all_naive), 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--demands", type=int, default=1_000_000)
    ap.add_argument("--db", choices=["postgresql", "sqlite"], default="postgresql")
    ap.add_argument("--naive-repeat", type=int, default=2)
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument(
        "--reuse", action="store_true", help="time the database the last run loaded, without loading"
    )
    args = ap.parse_args()
    setup(args.db, reuse=args.reuse)
    if args.reuse:
        from gongzhi.demands.models import Demand, DemandEvent
        from gongzhi.territory.models import Territory

        args.demands = Demand.objects.count()
        world = {
            "city": Territory.objects.get(division_code="340300000000"),
            "events": DemandEvent.objects.count(),
        }
        world |= {"generate_s": "-", "load_s": "-", "rollup_s": "-"}
    else:
        world = load(args.demands, random.Random(args.seed))
    m = measure(world, args.naive_repeat)
    print(f"database {args.db}; {args.demands} demands, {world['events']} events, year {YEAR}")
    print(f"generate {world['generate_s']} s, load {world['load_s']} s, roll-up {world['rollup_s']} s")
    print(
        f"{'level':<10}{'node':<14}{'demands':>9}{'roll-up ms':>12}{'naive ms':>11}{'办结率':>8}{'满意率':>8}{'响应率':>8}"
    )
    for level in ("city", "district", "street", "community"):
        r = m[level]
        f = r["figures"]
        print(
            f"{level:<10}{r['node']:<14}{r['submitted']:>9}{r['rates_ms']:>12}{r['naive_ms']:>11}"
            f"{f['resolution_rate']:>9.2%}{f['satisfaction_rate']:>9.2%}{f['response_rate']:>9.2%}"
        )
    speedup = m["naive_ms"] / m["rates_ms"] if m["rates_ms"] else None
    print(
        json.dumps(
            {
                "db": args.db,
                "demands": args.demands,
                "events": world["events"],
                "rates_ms": m["rates_ms"],
                "naive_ms": m["naive_ms"],
                "speedup": round(speedup, 1) if speedup else None,
                "per_level_rates_ms": {
                    k: m[k]["rates_ms"] for k in ("city", "district", "street", "community")
                },
                "per_level_naive_ms": {
                    k: m[k]["naive_ms"] for k in ("city", "district", "street", "community")
                },
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
