"""Tiny labelled sets for the classifier tests: a few phrasings per category, filled with places."""

from __future__ import annotations

import random

from gongzhi.dispatch import registry
from gongzhi.dispatch.text import prepare
from gongzhi.dispatch.training import BEST_PARAMS, build_model

PHRASES = {
    "property": [
        "{p}电梯又坏了，物业一直没人来修",
        "{p}物业乱收停车费，业主意见很大",
        "{p}楼顶漏水，物业说维修资金批不下来",
        "{p}垃圾桶满了好几天，物业不清运",
        "{p}小区路灯坏了一排，请物业维修",
    ],
    "safety": [
        "{p}有人拉飞线给电动车充电，消防隐患很大",
        "{p}路口井盖缺失，晚上容易掉下去",
        "{p}楼道里有燃气异味，担心泄漏",
        "{p}消防通道被杂物堵死了",
        "{p}老旧电线外皮破损，下雨天会漏电",
    ],
    "dispute_mediation": [
        "{p}楼上每天深夜有噪音，邻里矛盾越来越大，请求调解",
        "{p}两户因为宅基地边界吵架，请帮忙调解",
        "{p}邻居之间因为占道堆放杂物起了纠纷",
        "{p}兄弟几个因为老人赡养问题闹矛盾",
        "{p}楼上漏水到我家，协商赔偿不成发生争执",
    ],
}
PLACES = ["东风小区", "和平里", "淮河新村", "幸福家园", "光明小区", "南山苑", "北湖村", "西城花园"]


def sample(per_label: int = 12, *, seed: int = 1, labels=None) -> list[tuple[str, str]]:
    """Return (text, category code) rows, `per_label` of each category, shuffled."""
    rng = random.Random(seed)
    rows = []
    for code in labels or PHRASES:
        for i in range(per_label):
            place = f"{rng.choice(PLACES)}{i + 1}号楼"  # every text differs: equal texts count once
            rows.append((PHRASES[code][i % len(PHRASES[code])].format(p=place), code))
    rng.shuffle(rows)
    return rows


def activate_model(rows=None, *, threshold: float = 0.6, extra_meta: dict | None = None) -> str:
    """Train the chosen model on `rows`, store it as a new version and activate it; return the version."""
    rows = rows or sample()
    model = build_model("best").fit([prepare(t) for t, _ in rows], [lab for _, lab in rows])
    version = registry.new_version()
    meta = {
        "version": version,
        "params": {**BEST_PARAMS, "triage_threshold": threshold},
        **(extra_meta or {}),
    }
    registry.save(model=model, metadata=meta, folder=registry.root() / version)
    registry.activate(version, by="test")
    return version
