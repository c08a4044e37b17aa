"""Benchmark: address extraction on sentences generated from the Bengbu demo tree.

Usage: python bench/address.py [--texts 600] [--communities 150] [--seed 7]
Builds a fresh SQLite database in a temporary data folder: Bengbu's real divisions (districts,
streets, communities) plus demo-named compounds and natural villages (gongzhi.demo.places)
under a sample of communities. Then writes realistic demand sentences that name a place by
its full or short name, sometimes with its street or community, sometimes alone, and a share
with no place at all; each sentence is labelled with the deepest place it names.

Precision: the top result is the labelled place, among texts where something was returned.
Recall: the top result is the labelled place, among texts that name a place.
Prints a table, then one JSON object as its last line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROBLEMS = [
    "楼下垃圾堆放多日无人清理，气味难闻，请尽快处理。",
    "路灯坏了一个多月了，晚上出行很不安全。",
    "下水道堵塞，污水漫到路面上了。",
    "有人在绿化带里私搭乱建，希望有关部门管一管。",
    "夜里广场舞音响声音太大，影响老人和孩子休息。",
    "楼道里堆满杂物，存在消防隐患。",
    "独居老人家里没人照看，希望社区安排志愿者上门。",
    "两户邻居因为漏水的事吵了好几次，请帮忙调解。",
    "电梯经常停运，物业一直不修。",
    "路面塌了一个大坑，车辆经过很危险。",
]
NO_PLACE = [
    "我们家门口的垃圾桶满了好几天了，一直没人来收。",
    "最近小孩上学的路上总有车乱停，很危险。",
    "请问办理居住证需要带什么材料？",
    "楼上装修每天早上七点就开始敲，太吵了。",
]


def build_tree(n_communities: int, seed: int) -> list[int]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from gongzhi.demo import places
    from gongzhi.demo.cities import CITIES
    from gongzhi.territory.importing import territory_import_file
    from gongzhi.territory.models import Territory

    territory_import_file(path=CITIES["bengbu"].path)
    rng = random.Random(seed)
    communities = list(Territory.objects.filter(level="community").order_by("path"))
    sample = rng.sample(communities, min(n_communities, len(communities)))
    for com in sample:
        taken: set[str] = set()
        for _ in range(2):
            if com.kind == "rural":
                name = places.natural_village_name(rng, lambda: rng.choice("张王李刘陈杨赵黄周吴"), taken)
                level = "natural_village"
            else:
                name = places.compound_name(rng, taken)
                level = "compound"
            com.refresh_from_db()
            com.add_child(name=name, level=level)
    return [c.id for c in sample]


def forms_of(node) -> tuple[str, str]:
    from gongzhi.dispatch.address import name_forms

    forms = name_forms(node.name, node.level)
    return forms[0], forms[-1] if len(forms) > 1 else forms[0]


def name_of(node, short: bool) -> str:
    return forms_of(node)[1] if short else forms_of(node)[0]


def generate(sample_ids: list[int], n: int, seed: int) -> list[dict]:
    """Write labelled sentences: (text, target node id or None, how the place is named)."""
    from gongzhi.territory.models import Territory

    rng = random.Random(seed + 1)
    coms = list(Territory.objects.filter(id__in=sample_ids))
    out = []
    for i in range(n):
        if i % 10 == 9:
            out.append({"text": rng.choice(NO_PLACE), "target": None, "how": "无地名"})
            continue
        com = rng.choice(coms)
        street = Territory.objects.get(path=com.path[:-4])
        district = Territory.objects.get(path=street.path[:-4])
        kids = list(com.get_children())
        problem = rng.choice(PROBLEMS)
        pick = rng.random()
        short = rng.random() < 0.5
        form = "简称" if short else "全称"
        if pick < 0.3 and kids:
            kid = rng.choice(kids)
            text = f"我住在{name_of(com, short)}的{kid.name}，{problem}"
            out.append({"text": text, "target": kid.id, "how": f"小区+社区{form}"})
        elif pick < 0.45 and kids:
            kid = rng.choice(kids)
            text = f"{kid.name}{problem}"
            out.append({"text": text, "target": kid.id, "how": "仅小区名"})
        elif pick < 0.75:
            text = f"{name_of(street, short)}{name_of(com, short)}这边{problem}"
            out.append({"text": text, "target": com.id, "how": f"街道+社区{form}"})
        elif pick < 0.9:
            text = f"{name_of(district, short)}{name_of(street, short)}附近{problem}"
            out.append({"text": text, "target": street.id, "how": f"区+街道{form}"})
        else:
            text = f"反映一下{name_of(com, short)}的问题：{problem}"
            out.append({"text": text, "target": com.id, "how": f"仅社区{form}"})
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--texts", type=int, default=600)
    ap.add_argument("--communities", type=int, default=150)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    home = tempfile.mkdtemp(prefix="gz-bench-address-")
    os.environ["GONGZHI_HOME"] = home
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.config.settings")
    import django

    django.setup()
    from gongzhi.core.console import table
    from gongzhi.dispatch.address import address_index, extract_address

    t0 = time.perf_counter()
    sample = build_tree(args.communities, args.seed)
    build_s = time.perf_counter() - t0
    cases = generate(sample, args.texts, args.seed)
    t0 = time.perf_counter()
    address_index()
    index_s = time.perf_counter() - t0
    by_how: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # texts, returned, correct
    t0 = time.perf_counter()
    for case in cases:
        found = extract_address(case["text"])
        row = by_how[case["how"]]
        row[0] += 1
        if found:
            row[1] += 1
            row[2] += int(found[0][0].id == case["target"])
    extract_s = time.perf_counter() - t0
    rows, total = [], [0, 0, 0]
    for how, (n, returned, correct) in sorted(by_how.items()):
        rows.append([how, n, returned, correct, f"{correct / returned:.3f}" if returned else "—"])
        total = [total[0] + n, total[1] + returned, total[2] + correct]
    placed = sum(1 for c in cases if c["target"] is not None)
    precision = total[2] / total[1] if total[1] else 0.0
    recall = total[2] / placed if placed else 0.0
    print(
        table(
            ["说法 how named", "条数 texts", "有结果 returned", "首位正确 top-1 right", "精确率 precision"],
            rows,
        )
    )
    print(f"建树 {build_s:.1f}s，建索引 {index_s:.1f}s，抽取 {len(cases) / extract_s:.0f} 条/秒")
    print(f"precision {precision:.3f}  recall {recall:.3f}  (texts {len(cases)}, with a place {placed})")
    print(
        json.dumps(
            {
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "texts": len(cases),
                "texts_with_place": placed,
                "texts_per_s": round(len(cases) / extract_s, 1),
                "index_build_s": round(index_s, 2),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
