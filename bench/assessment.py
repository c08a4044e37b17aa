"""Benchmark: one run of the five-star branch scheme (党支部五星) on an existing demo.

Usage: python bench/assessment.py [--home /tmp/gz-bench-demo] [--scheme branch-five-star] [--period 2025]

Builds nothing: it needs a demo data folder made by `gongzhi demo` (the assessment demo creates
the schemes and runs them once). Times, for the scheme's last assessed period (or --period):
- cold: a run with the figures cache empty (every provider computes for every subject's node);
- warm: the same run again in the same process (the figures cache holds the values; nothing changes);
- per area: reading only that area's figures for every subject node, grouped by parent as the run does,
  to show where a cold run spends its time.
A run whose inputs did not change writes no result (the JSON says changed = 0). Prints a table,
then one JSON object as its last line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(home: Path) -> None:
    if not any(home.glob("*.sqlite3")):
        sys.exit(f"{home} 里没有演示数据库：请先运行 GONGZHI_HOME={home} gongzhi demo --no-serve")
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongzhi.config.settings"
    os.environ["GONGZHI_HOME"] = str(home)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", default="/tmp/gz-bench-demo")
    ap.add_argument("--scheme", default="branch-five-star")
    ap.add_argument("--period", default="")
    args = ap.parse_args()
    setup(Path(args.home))

    from django.core.cache import cache

    from gongzhi.assessment.models import Source
    from gongzhi.assessment.readings import figures_for
    from gongzhi.assessment.selectors import scheme_periods, version_current
    from gongzhi.assessment.services import scheme_run
    from gongzhi.assessment.services.run import scheme_get
    from gongzhi.assessment.subjects import subjects_of
    from gongzhi.core.periods import last_full, parse_period

    scheme = scheme_get(code=args.scheme)
    periods = scheme_periods(scheme=scheme)
    period_key = args.period or (periods[-1] if periods else last_full(scheme.period_kind).key)
    period = parse_period(period_key)
    keys = {
        i.figure_key for i in version_current(scheme=scheme).indicators.all() if i.source == Source.FIGURE
    }
    subjects = subjects_of(scheme)

    cache.clear()
    t = time.perf_counter()
    cold = scheme_run(actor=None, scheme_code=scheme.code, period_key=period.key)
    cold_s = time.perf_counter() - t
    t = time.perf_counter()
    warm = scheme_run(actor=None, scheme_code=scheme.code, period_key=period.key)
    warm_s = time.perf_counter() - t

    areas = {}
    for area in sorted({k.split(".", 1)[0] for k in keys}):
        cache.clear()
        t = time.perf_counter()
        figures_for(subjects, period=period, keys={k for k in keys if k.startswith(area + ".")})
        areas[area] = round(time.perf_counter() - t, 2)

    print(f"\n{scheme.name}（{scheme.code}）{period.label}：{len(subjects)} 个考核对象")
    print(f"{'run':<10}{'seconds':>10}{'assessed':>10}{'changed':>10}")
    print(f"{'cold':<10}{cold_s:>10.2f}{cold.assessed:>10}{cold.changed:>10}")
    print(f"{'warm':<10}{warm_s:>10.2f}{warm.assessed:>10}{warm.changed:>10}")
    print("\nreading one area's figures for every subject node, cold (s)")
    for area, seconds in sorted(areas.items(), key=lambda kv: -kv[1]):
        print(f"  {area:<14}{seconds:>8.2f}")
    print(
        json.dumps(
            {
                "scheme": scheme.code,
                "period": period.key,
                "subjects": len(subjects),
                "cold_s": round(cold_s, 2),
                "warm_s": round(warm_s, 2),
                "changed_cold": cold.changed,
                "changed_warm": warm.changed,
                "grades": warm.grades,
                "areas_cold_s": areas,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
