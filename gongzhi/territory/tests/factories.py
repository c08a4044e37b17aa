"""Build small territory trees for tests."""

from __future__ import annotations

import itertools

from gongzhi.territory.models import Territory

_codes = itertools.count(1)


def node(parent: Territory | None, level: str, name: str | None = None, **fields) -> Territory:
    n = next(_codes)
    instance = Territory(name=name or f"{level}{n}", level=level, **fields)
    if level in {"province", "city", "district", "street", "community"} and "division_code" not in fields:
        instance.division_code = f"9{n:011d}"
    if parent is None:
        return Territory.add_root(instance=instance)
    parent.refresh_from_db()
    return parent.add_child(instance=instance)


def small_city() -> dict[str, Territory]:
    """A city with two districts, one street each, a community and a village, grids, buildings and households."""
    t: dict[str, Territory] = {}
    t["city"] = node(None, "city", "测试市")
    for d in ("a", "b"):
        t[f"district_{d}"] = node(t["city"], "district", f"{d.upper()}区")
        t[f"street_{d}"] = node(t[f"district_{d}"], "street", f"{d.upper()}街道")
        t[f"community_{d}"] = node(t[f"street_{d}"], "community", f"{d.upper()}社区", kind="urban")
        t[f"grid_{d}"] = node(t[f"community_{d}"], "grid", f"{d.upper()}第一网格")
        t[f"building_{d}"] = node(t[f"grid_{d}"], "building", f"{d.upper()}1栋")
        t[f"household_{d}"] = node(
            t[f"building_{d}"], "household", "101室", address=f"{d.upper()}路8号1栋101室"
        )
    t["village_a"] = node(t["street_a"], "community", "甲村", kind="rural")
    t["natural_village_a"] = node(t["village_a"], "natural_village", "张庄")
    for k, v in t.items():
        v.refresh_from_db()
        t[k] = v
    return t
