"""Benchmark: import the whole country, then count subtrees on SQLite and PostgreSQL.

Usage: python bench/territory.py [--db sqlite,postgresql] [--households-per-building 20]
Prints a table, then one JSON object as its last line.

Baseline, measured in the same run: treebeard's stock `get_descendant_count()`, which
filters with LIKE 'path%' (SQLite cannot use an index for it), against our range scan
on the indexed path.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "divisions"
NATIONAL = SHARED / "china-2023.csv.gz"
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/gz_bench")
REPEAT = 25
# 安徽省 / 蚌埠市 / 龙子湖区东风街道: the Bengbu seed's province, city and a street of it.
TARGETS = {"province": "340000000000", "city": "340300000000", "street": "340302001000"}


def one(db: str, per_building: int) -> dict:
    """Run inside a fresh process whose settings point at a fresh database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from gongzhi.territory.importing import _Row, read_division_file, territory_import
    from gongzhi.territory.models import Territory
    from gongzhi.territory.selectors import territory_count

    rows = read_division_file(NATIONAL)
    t0 = time.perf_counter()
    territory_import(rows=rows)
    import_s = time.perf_counter() - t0

    # Households are not in the national file: hang buildings and households under every Bengbu community.
    communities = list(
        Territory.objects.subtree(Territory.objects.get(division_code=TARGETS["city"]))
        .filter(level="community")
        .values_list("division_code", flat=True)
    )
    extra: list[_Row] = []
    n = 0
    for code in communities:
        n += 1
        grid = f"G{n:07d}"
        extra.append(_Row(0, grid, "第一网格", code, "grid", ""))
        for b in range(5):
            bcode = f"B{n:07d}{b}"
            extra.append(_Row(0, bcode, f"{b + 1}栋", grid, "building", ""))
            for h in range(per_building):
                extra.append(_Row(0, f"H{n:06d}{b}{h:03d}", f"{h + 101}室", bcode, "household", ""))
    t0 = time.perf_counter()
    territory_import(rows=extra)
    households_import_s = time.perf_counter() - t0
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load; enables index-only scans

    def p50(fn) -> tuple[float, int]:
        fn()
        times = []
        for _ in range(REPEAT):
            t = time.perf_counter()
            value = fn()
            times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times), value

    out = {
        "db": db,
        "nodes": Territory.objects.count(),
        "import_s": round(import_s, 2),
        "households_import_s": round(households_import_s, 2),
    }
    for name, code in TARGETS.items():
        node = Territory.objects.get(division_code=code)
        ms, value = p50(lambda node=node: territory_count(node=node))
        out[f"{name}_nodes_p50_ms"], out[f"{name}_nodes"] = round(ms, 2), value
        ms, value = p50(lambda node=node: territory_count(node=node, level="household"))
        out[f"{name}_households_p50_ms"], out[f"{name}_households"] = round(ms, 2), value
        ms, value = p50(lambda node=node: node.get_descendant_count())
        out[f"{name}_baseline_p50_ms"] = round(ms, 2)
        assert value == out[f"{name}_nodes"], (value, out[f"{name}_nodes"])
    return out


def run(db: str, per_building: int) -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="gongzhi.config.settings")
    home = tempfile.mkdtemp(prefix=f"gz-bench-{db}-")
    env["GONGZHI_HOME"] = home
    if db == "sqlite":
        env.pop("DATABASE_URL", None)
    else:
        dbname = PG_URL.rsplit("/", 1)[1]
        admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(
            ["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {dbname}"], check=True, capture_output=True
        )
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {dbname}"], check=True, capture_output=True)
        env["DATABASE_URL"] = PG_URL
    proc = subprocess.run(
        [sys.executable, __file__, "--one", db, "--households-per-building", str(per_building)],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"{db} run failed")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="sqlite,postgresql")
    ap.add_argument("--households-per-building", type=int, default=20)
    ap.add_argument("--one")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.households_per_building)))
        return
    results = [run(db, args.households_per_building) for db in args.db.split(",")]
    print(
        f"{'database':<11}{'nodes':>9}{'import s':>10}{'query':>26}{'count':>9}{'p50 ms':>9}{'baseline ms':>13}"
    )
    for r in results:
        print(f"{r['db']:<11}{r['nodes']:>9}{r['import_s']:>10}")
        for name in TARGETS:
            print(
                f"{'':<30}{name + ' nodes':>26}{r[name + '_nodes']:>9}{r[name + '_nodes_p50_ms']:>9}"
                f"{r[name + '_baseline_p50_ms']:>13}"
            )
            print(
                f"{'':<30}{name + ' households':>26}{r[name + '_households']:>9}{r[name + '_households_p50_ms']:>9}"
            )
    summary: dict = {"nodes": results[0]["nodes"], "import_s": max(r["import_s"] for r in results)}
    for r in results:
        for k, v in r.items():
            if k != "db":
                summary[f"{r['db']}_{k}"] = v
    summary["max_subtree_p50_ms"] = max(
        r[f"{n}_{w}_p50_ms"] for r in results for n in TARGETS for w in ("nodes", "households")
    )
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
