"""Benchmark: duplicate suggestions on a generated set of demands, in memory (no database).

Usage: python bench/duplicates.py [--incidents 240] [--seed 5]
Each incident is one real problem at one place: an original demand, then 1–2 true duplicates
(paraphrases of the same complaint, within 150 m and 0–6 days, a share without a map point and
matched by territory node). Around it, non-duplicates: the same category nearby with different
content, the same complaint 0.8–1.5 km away, and the same complaint at the same place 20–60 days
earlier. Every demand is checked against all others, as if each were new and the rest open.

Recall: share of true duplicate pairs suggested. False suggestions: suggested pairs that are not
the same incident, by kind. Prints a table for several thresholds, then one JSON object (the
default threshold) as its last line.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gongzhi.dispatch.duplicates import THRESHOLD, Record, score_candidates  # noqa: E402

# topic → (category, three ways residents put the same complaint)
TOPICS = {
    "路灯": ("城市管理", ["小区门口的路灯坏了好几天，晚上黑漆漆的很不安全", "门口那盏路灯一直不亮，晚上走路看不清，请尽快修一下", "反映小区大门口路灯不亮的问题，已经坏了一周了"]),
    "停车": ("城市管理", ["小区消防通道被私家车占用，车子乱停乱放", "消防通道长期停满车，万一着火消防车进不来", "反映有车辆长期占用消防通道停车的问题"]),
    "摊贩": ("城市管理", ["菜市场门口小摊贩占道经营，堵得车过不去", "市场门口摆摊的把路都占了，早上特别堵", "流动摊贩在市场门前占道摆卖，影响通行"]),
    "漏水": ("物业服务", ["3号楼楼顶漏水，下雨天家里天花板一直滴水", "我家住顶楼，楼顶防水坏了，一下雨屋里就漏", "楼顶渗水严重，顶层住户天花板发霉滴水，物业不管"]),
    "电梯": ("物业服务", ["2单元电梯经常停在半路，困人好几次了", "单元电梯老是故障，上周又困住了老人", "电梯频繁出故障关人，请督促物业检修"]),
    "遛狗": ("物业服务", ["楼里有人养狗不拴绳，还到处大小便", "小区遛狗不牵绳，狗粪没人清理，孩子被吓到", "反映有居民遛狗不拴绳、不清理粪便的问题"]),
    "井盖": ("市政设施", ["人行道上的井盖松动了，踩上去会翻，很危险", "路边一个下水道井盖破损，差点把人绊倒", "人行道井盖缺损松动，存在安全隐患请维修"]),
    "积水": ("市政设施", ["一下雨路口就积水，深的地方没过脚踝", "下雨后十字路口积水严重，排水不畅", "路口排水管堵了，雨天积水车辆行人都过不去"]),
    "水压": ("市政设施", ["这几天自来水水压很低，高层基本没水", "楼上水压太小，洗澡都出不来水", "高楼层供水不足，水龙头只有细细一股"]),
    "噪音": ("环境卫生", ["附近工地晚上十一点还在施工，噪音太大吵得睡不着", "工地夜间施工扰民，半夜还有机器轰鸣声", "投诉旁边建筑工地深夜施工噪音，严重影响休息"]),
    "垃圾": ("环境卫生", ["垃圾站的垃圾好几天没人清运，臭味很大", "小区垃圾桶满了没人收，堆在路边发臭", "垃圾清运不及时，垃圾房周边臭气熏天蚊蝇很多"]),
    "树木": ("环境卫生", ["楼前的大树枝叶太茂盛，挡住了低层住户的阳光", "小区树木长得太高遮光，一楼白天都要开灯", "申请修剪楼下树木，树枝伸到窗户边挡光"]),
}  # fmt: skip
OPENERS = ["", "", "你好，", "您好，我想反映一下，", "12345转办：", "居民来电称："]
CLOSERS = ["", "", "。", "，希望尽快处理。", "，谢谢！", "，请相关部门解决。"]
BASE = datetime(2026, 3, 1, 8, 0)


def offset(lng: float, lat: float, metres: float, rng: random.Random) -> tuple[float, float]:
    bearing = rng.uniform(0, 2 * math.pi)
    dlat = metres * math.cos(bearing) / 111_195
    dlng = metres * math.sin(bearing) / (111_195 * math.cos(math.radians(lat)))
    return lng + dlng, lat + dlat


def say(text: str, rng: random.Random) -> str:
    return f"{rng.choice(OPENERS)}{text}{rng.choice(CLOSERS)}"


def generate(incidents: int, seed: int) -> tuple[list[Record], dict[int, str], dict[int, int]]:
    """Return the records, the kind of each (original, duplicate, near_other, far_same, old_same), and the incident of each."""
    rng = random.Random(seed)
    topics = list(TOPICS)
    by_cat: dict[str, list[str]] = {}
    for t, (cat, _) in TOPICS.items():
        by_cat.setdefault(cat, []).append(t)
    records: list[Record] = []
    kind: dict[int, str] = {}
    group: dict[int, int] = {}

    def add(k: str, g: int, text: str, at: datetime, lng, lat, node: int) -> None:
        r = Record(id=len(records) + 1, text=text, created_at=at, lng=lng, lat=lat, territory=node)
        records.append(r)
        kind[r.id], group[r.id] = k, g

    for i in range(incidents):
        topic = topics[i % len(topics)]
        cat, ways = TOPICS[topic]
        # Incidents sit on a grid 1.5 km apart; the same topic recurs only every 12 cells.
        lng0, lat0 = 117.30 + (i % 20) * 0.0165, 32.90 + (i // 20) * 0.0135
        node = 1000 + i
        t0 = BASE + timedelta(days=rng.uniform(0, 90), hours=rng.uniform(0, 10))
        first = rng.randrange(3)
        add("original", i, say(ways[first], rng), t0, lng0, lat0, node)
        for _ in range(rng.choice([1, 2])):
            way = rng.choice([w for j, w in enumerate(ways) if j != first] + [ways[first]])
            at = t0 + timedelta(days=rng.uniform(0, 6))
            if rng.random() < 0.15:  # phoned in: no map point, matched by the territory node
                add("duplicate", i, say(way, rng), at, None, None, node)
            else:
                add("duplicate", i, say(way, rng), at, *offset(lng0, lat0, rng.uniform(0, 150), rng), node)
        other = rng.choice([t for t in by_cat[cat] if t != topic])
        at = t0 + timedelta(days=rng.uniform(-5, 5))
        near = offset(lng0, lat0, rng.uniform(0, 200), rng)
        add("near_other", -1 - len(records), say(rng.choice(TOPICS[other][1]), rng), at, *near, node)
        at = t0 + timedelta(days=rng.uniform(-3, 3))
        far = offset(lng0, lat0, rng.uniform(800, 1500), rng)
        add("far_same", -1 - len(records), say(rng.choice(ways), rng), at, *far, node + 100_000)
        at = t0 - timedelta(days=rng.uniform(20, 60))
        old = offset(lng0, lat0, rng.uniform(0, 100), rng)
        add("old_same", -1 - len(records), say(rng.choice(ways), rng), at, *old, node)
    return records, kind, group


def evaluate(records, kind, group, threshold: float) -> dict:
    true_pairs = found = suggested = 0
    false_by: Counter = Counter()
    queries_with_false = 0
    started = time.perf_counter()
    for r in records:
        partners = {o.id for o in records if o.id != r.id and group[o.id] == group[r.id]}
        true_pairs += len(partners)
        got = score_candidates(r, records, threshold=threshold, limit=5)
        suggested += len(got)
        hits = {c.record.id for c in got} & partners
        found += len(hits)
        wrong = [c for c in got if c.record.id not in partners]
        queries_with_false += bool(wrong)
        for c in wrong:
            # Name the false pair by the non-original side, so "old text" etc. read the right way.
            k = kind[c.record.id] if kind[c.record.id] not in ("original", "duplicate") else kind[r.id]
            false_by[k] += 1
    seconds = time.perf_counter() - started
    false = suggested - found
    return {
        "threshold": threshold,
        "n_demands": len(records),
        "true_pairs": true_pairs,
        "found": found,
        "recall": round(found / true_pairs, 4) if true_pairs else None,
        "suggested": suggested,
        "false_suggestions": false,
        "precision": round(found / suggested, 4) if suggested else None,
        "queries_with_false": queries_with_false,
        "false_by_kind": dict(sorted(false_by.items())),
        "ms_per_demand": round(1000 * seconds / len(records), 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--incidents", type=int, default=240)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    records, kind, group = generate(args.incidents, args.seed)
    print(f"{len(records)} demands, {args.incidents} incidents, kinds: {dict(Counter(kind.values()))}")
    print(
        f"{'阈值':>6} {'真重复对':>8} {'找到':>6} {'召回率':>7} {'建议':>6} {'误报':>6} {'精确率':>7}  误报类型"
    )
    results = {}
    for th in sorted({0.08, 0.1, THRESHOLD, 0.15, 0.2, 0.3}):
        m = evaluate(records, kind, group, th)
        results[th] = m
        print(
            f"{th:>8.2f} {m['true_pairs']:>10} {m['found']:>8} {m['recall']:>10.3f} {m['suggested']:>8} "
            f"{m['false_suggestions']:>8} {m['precision'] or 0:>10.3f}  {m['false_by_kind']}"
        )
    print(json.dumps(results[THRESHOLD], ensure_ascii=False))


if __name__ == "__main__":
    main()
