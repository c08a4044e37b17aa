"""Benchmark: end-to-end demand intake against the raw insert of the same rows, on PostgreSQL.

Usage: python bench/intake.py [--demands 3000] [--db-url postgres://postgres@127.0.0.1:5432/gz_bench_intake]
Prints a table, then one JSON object as its last line.

Intake is what a hotline transfer or the API does per demand: locate the map point in the
district polygons (STRtree), classify the text (gongzhi.dispatch.classify when that app is
installed, else the categories' keywords), route it (the dispatch rule and handler it will
go to), persist the demand, record its submit event and count it in the rate roll-ups, in
one transaction. Raw insert writes the same demand and event rows with plain SQL INSERTs,
one transaction per demand, on the same database (and, for reference, through the ORM
with no intake logic: `orm_insert_per_s`). All run one demand after another on one
connection, as one web worker would.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOUNDARIES = ROOT.parent / "shared" / "data" / "boundaries" / "340300_full.json"
DEFAULT_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/gz_bench_intake")


def fresh_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)


def setup(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("GONGZHI_HOME", "/tmp/gz-bench-intake")
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongzhi.config.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def classifier():
    """Return (name, classify(text) -> Category | None): the dispatch app's when present, else keywords."""
    from importlib.util import find_spec

    if find_spec("gongzhi.dispatch.classify") is not None:
        from django.apps import apps

        from gongzhi.demands.models import Category

        if apps.is_installed("gongzhi.dispatch"):
            from gongzhi.dispatch.classify import classify

            codes = set(Category.objects.values_list("code", flat=True))

            def by_dispatch(text):
                label = classify(text).label
                return label if label in codes else None  # None: demand_submit falls back to keywords

            return "gongzhi.dispatch.classify.classify", by_dispatch
    # demand_submit classifies by the categories' keywords itself when given no category.
    return "关键词 (routing.classify, inside demand_submit)", lambda text: None  # noqa: ARG005


def build_world(rng: random.Random):
    """Import Bengbu's divisions and district polygons; one handler of each kind per district."""
    from shapely.geometry import Point

    from gongzhi.demands.models import Handler, HandlerKind
    from gongzhi.people.models import User
    from gongzhi.territory.boundaries import territory_import_boundaries
    from gongzhi.territory.geo import geometry_of
    from gongzhi.territory.importing import territory_import_file
    from gongzhi.territory.models import Territory

    territory_import_file(path=ROOT / "gongzhi" / "territory" / "data" / "bengbu-3403.csv")
    territory_import_boundaries(path=BOUNDARIES, skip_unknown=True)
    districts = list(Territory.objects.filter(level="district", boundary__isnull=False))
    for d in districts:
        for kind in HandlerKind.values:
            Handler.objects.create(name=f"{d.name}{kind}", kind=kind, territory=d)
    polygons = [geometry_of(d.boundary) for d in districts]

    def point():
        poly = rng.choice(polygons)
        minx, miny, maxx, maxy = poly.bounds
        while True:
            p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
            if poly.contains(p):
                return p.x, p.y

    admin = User.objects.create_superuser("bench", password="x")
    return admin, point


TEXTS = [
    "小区电梯坏了三天，物业一直没人来修",
    "楼下邻里因为噪音吵架，请社区调解",
    "独居老人需要助餐服务",
    "楼道里电动车飞线充电，有安全隐患",
    "拖欠工资半年，要求讨薪",
    "想请志愿者帮忙陪护老人去医院",
    "路灯不亮，晚上出行不安全",
    "小区垃圾堆了好几天没人清运",
]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--demands", type=int, default=3000)
    ap.add_argument("--db-url", default=DEFAULT_URL)
    ap.add_argument("--profile", action="store_true", help="print where intake spends its time")
    args = ap.parse_args()
    fresh_database(args.db_url)
    setup(args.db_url)
    from django.db import connection, transaction

    from gongzhi.demands import routing
    from gongzhi.demands.models import Demand, DemandEvent
    from gongzhi.demands.services import demand_submit

    rng = random.Random(20250301)
    admin, point = build_world(rng)
    name, classify = classifier()
    inputs = [(rng.choice(TEXTS) + f"（{i}）", *point()) for i in range(args.demands)]

    def intake(text, lng, lat):
        code = classify(text)
        demand, _ = demand_submit(
            actor=admin,
            idempotency_key=uuid.uuid4().hex,
            channel="hotline",
            text=text,
            lng=lng,
            lat=lat,
            category_code=code,
        )
        routing.route(category=demand.category, territory=demand.territory)
        return demand

    for text, lng, lat in inputs[:50]:  # warm: the polygon index, the categories, the connection
        intake(text, lng, lat)
    if args.profile:
        import cProfile
        import pstats

        with cProfile.Profile() as prof:
            for row in inputs[:300]:
                intake(*row)
        pstats.Stats(prof).sort_stats(os.environ.get("BENCH_SORT", "cumulative")).print_stats(25)
    t0 = time.perf_counter()
    made = [intake(*row) for row in inputs]
    intake_s = time.perf_counter() - t0
    located = sum(1 for d in made if d.territory_id)

    d_table, e_table = Demand._meta.db_table, DemandEvent._meta.db_table
    demand_sql = (
        f"INSERT INTO {d_table} (created_at, updated_at, territory_id, category_id, channel, title, text,"
        " address, lng, lat, contact_name, contact_phone, state, submitted_by_id, idempotency_key, supervised,"
        " escalation, result, satisfaction) VALUES (now(), now(), %s, %s, 'hotline', '', %s, '', %s, %s, '', '',"
        " 'submitted', %s, %s, false, '', '', '') RETURNING id"
    )
    event_sql = (
        f"INSERT INTO {e_table} (demand_id, actor_id, action, from_state, to_state, note, extra, at)"
        " VALUES (%s, %s, 'submit', '', 'submitted', '', %s, now())"
    )
    extra = json.dumps({"channel": "hotline", "located": True})
    rows = [(d.territory_id, d.category_id, d.text, d.lng, d.lat) for d in made]
    t0 = time.perf_counter()
    for territory_id, category_id, text, lng, lat in rows:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(demand_sql, [territory_id, category_id, text, lng, lat, admin.pk, uuid.uuid4().hex])
            cur.execute(event_sql, [cur.fetchone()[0], admin.pk, extra])
    raw_s = time.perf_counter() - t0
    # The same rows through the ORM, one transaction each: what persisting costs with no intake logic.
    t0 = time.perf_counter()
    for territory_id, category_id, text, lng, lat in rows:
        with transaction.atomic():
            d = Demand.objects.create(
                territory_id=territory_id,
                category_id=category_id,
                channel="hotline",
                text=text,
                lng=lng,
                lat=lat,
                submitted_by=admin,
                idempotency_key=uuid.uuid4().hex,
            )
            DemandEvent.objects.create(demand=d, actor=admin, action="submit", to_state=d.state, extra={})
    orm_s = time.perf_counter() - t0

    n = args.demands
    intake_per_s, raw_per_s = n / intake_s, n / raw_s
    print(f"database       PostgreSQL {connection.pg_version}")
    print(f"classifier     {name}")
    print(f"demands        {n}  (located {located}, {100 * located / n:.1f}%)")
    print(f"intake         {intake_per_s:9.0f} /s   {1000 * intake_s / n:6.2f} ms each")
    print(f"raw insert     {raw_per_s:9.0f} /s   {1000 * raw_s / n:6.2f} ms each")
    orm_per_s = n / orm_s
    print(f"ORM insert     {orm_per_s:9.0f} /s   {1000 * orm_s / n:6.2f} ms each")
    print(
        f"ratio          {intake_per_s / raw_per_s:9.2f}   (to the ORM insert: {intake_per_s / orm_per_s:.2f})"
    )
    print(
        json.dumps(
            {
                "demands": n,
                "intake_per_s": round(intake_per_s, 1),
                "raw_insert_per_s": round(raw_per_s, 1),
                "ratio": round(intake_per_s / raw_per_s, 3),
                "orm_insert_per_s": round(orm_per_s, 1),
                "ratio_to_orm_insert": round(intake_per_s / orm_per_s, 3),
                "classifier": name,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
