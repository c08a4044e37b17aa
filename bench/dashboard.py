"""Benchmark: the command centre (/dashboard/) and the figures API on the default demo.

Usage: python bench/dashboard.py [--home /tmp/gz-bench-demo] [--repeat 15] [--build]

Reads a demo data folder (builds the default Bengbu demo there first with --build or when
it is empty). Logs in as city_admin and street_official and times, per page:
- cold: the first request with the figures cache empty (every provider computes);
- warm: the median and p95 of the next requests (the figures cache holds the values);
- uncached: the median with the cache switched off (what a new period or node costs).
Baseline measured in the same run: the home page of the same user. Also times each area's
provider for the city over the last full month, to show where a cold page spends its time.
Prints a table, then one JSON object as its last line.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(home: Path, build: bool) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongzhi.config.settings"
    os.environ["GONGZHI_HOME"] = str(home)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    if build or not any(home.glob("*.sqlite3")):
        home.mkdir(parents=True, exist_ok=True)
        print(f"building the default demo in {home} …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "gongzhi", "demo", "--no-serve"], check=True, cwd=ROOT)
    import django

    django.setup()


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", default="/tmp/gz-bench-demo")
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--build", action="store_true")
    args = ap.parse_args()
    setup(Path(args.home), args.build)

    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings

    from gongzhi.core.figures import providers
    from gongzhi.core.periods import last_full
    from gongzhi.people.models import User
    from gongzhi.territory.models import Territory

    settings.ALLOWED_HOSTS = ["*"]
    # Pages render {% static %} without the collected manifest, as the tests do.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    city = Territory.objects.get(division_code="340300000000")
    period = last_full("month")
    pages = [
        ("city_admin", f"/dashboard/{city.division_code}/", "指挥中心（市）"),
        ("city_admin", f"/api/v1/figures/?territory={city.division_code}", "指标 API（市）"),
        (
            "city_admin",
            f"/api/v1/figures/?territory={city.division_code}&children=1",
            "指标 API（市，含下级）",
        ),
        ("street_official", "/dashboard/", "指挥中心（街道）"),
        ("city_admin", f"/dashboard/{city.division_code}/screen/", "大屏（市）"),
        ("city_admin", "/", "基线：首页（市）"),
        ("street_official", "/", "基线：首页（街道）"),
    ]
    clients = {}
    for username in {u for u, _, _ in pages}:
        c = Client()
        c.force_login(User.objects.get(username=username))
        clients[username] = c

    rows = []
    for username, url, label in pages:
        fetch = functools.partial(clients[username].get, url)
        cache.clear()
        cold = timed(fetch)
        status = fetch().status_code
        warm = [timed(fetch) for _ in range(args.repeat)]
        with override_settings(GONGZHI_FIGURES_CACHE_SECONDS=0):
            uncached = [timed(fetch) for _ in range(max(3, args.repeat // 5))]
        rows.append(
            {
                "page": label,
                "url": url,
                "status": status,
                "cold_ms": round(cold, 1),
                "warm_p50_ms": round(statistics.median(warm), 1),
                "warm_p95_ms": round(p95(warm), 1),
                "uncached_p50_ms": round(statistics.median(uncached), 1),
            }
        )

    areas = []
    for p in providers():
        t = [timed(lambda p=p: p.for_node(node=city, period=period)) for _ in range(3)]
        areas.append({"area": p.area, "city_ms": round(statistics.median(t), 1)})

    print(f"\n{'page':<26}{'status':>7}{'cold':>10}{'warm p50':>10}{'warm p95':>10}{'uncached':>10}  (ms)")
    for r in rows:
        print(
            f"{r['page']:<26}{r['status']:>7}{r['cold_ms']:>10}{r['warm_p50_ms']:>10}"
            f"{r['warm_p95_ms']:>10}{r['uncached_p50_ms']:>10}"
        )
    print(f"\nprovider for the city, {period.label} (ms, median of 3)")
    for a in areas:
        print(f"  {a['area']:<14}{a['city_ms']:>10}")
    dash = [r for r in rows if r["url"].startswith("/dashboard/") and "screen" not in r["url"]]
    print(
        json.dumps(
            {
                "period": period.key,
                "dashboard_warm_p95_ms": max(r["warm_p95_ms"] for r in dash),
                "dashboard_cold_ms": max(r["cold_ms"] for r in dash),
                "dashboard_uncached_p50_ms": max(r["uncached_p50_ms"] for r in dash),
                "baseline_home_p50_ms": max(r["warm_p50_ms"] for r in rows if r["url"] == "/"),
                "pages": rows,
                "providers_city_ms": {a["area"]: a["city_ms"] for a in areas},
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
