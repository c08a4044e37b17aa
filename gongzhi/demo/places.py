"""Names of generated places: grids, compounds, natural villages, roads, organisations."""

from __future__ import annotations

import random
import re

_DIGITS = "零一二三四五六七八九"
_COMPOUND_HEADS = (
    "幸福 阳光 锦绣 和平 新城 翠竹 金色 东方 碧水 绿地 华府 淮河 龙湖 学苑 丽景 书香 御景 滨江 怡和 美好 "
    "嘉禾 瑞丰 紫荆 兰亭 世纪 春晖 银湖 明珠 香榭 凤凰 桂花 梧桐 天元 恒大 海棠 康乐 安居 宏业 盛世 "
    "清华 锦江 东城 南山 西苑 北辰 翡翠 文华 荣盛 国贸"
).split()
_COMPOUND_TAILS = "小区 花园 家园 苑 雅苑 名都 公寓 新村 嘉园 华庭 府 城".split()
_VILLAGE_TAILS = "庄 村 郢 集 圩 湾 岗 湖 台 楼 营 店 洼 寨".split()
_ROADS = (
    "解放 胜利 淮河 中山 建设 人民 延安 朝阳 工农 东海 南山 华光 涂山 青年 纬四 经二 长征 和平 新华 文化 "
    "光明 友谊 团结 振兴 兴业 迎宾 滨河 环城 府前 学府"
).split()
_ROAD_TAILS = ("路", "路", "街", "大道")
_SUFFIXES = re.compile(r"(社区居民委员会|社区居委会|居民委员会|居委会|村民委员会|村委会|委员会)$")


def cn_number(n: int) -> str:
    """Write 1..99 the Chinese way: 一, 十, 十二, 二十三."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def short_name(name: str, *, rural: bool) -> str:
    """Turn a committee's official name into the place's name: 立新社区居委会 → 立新社区, 王庄村委会 → 王庄村."""
    base = _SUFFIXES.sub("", name)
    if not base:
        return name
    if rural and not base.endswith("村"):
        return base + "村"
    if not rural and not base.endswith(("社区", "区", "村")):
        return base + "社区"
    return base


def grid_name(i: int) -> str:
    return f"第{cn_number(i)}网格"


def unique(make, taken: set[str]) -> str:
    for _ in range(50):
        name = make()
        if name not in taken:
            taken.add(name)
            return name
    name = f"{make()}{len(taken) + 1}"
    taken.add(name)
    return name


def compound_name(rng: random.Random, taken: set[str]) -> str:
    return unique(lambda: rng.choice(_COMPOUND_HEADS) + rng.choice(_COMPOUND_TAILS), taken)


def natural_village_name(rng: random.Random, surname, taken: set[str]) -> str:
    def make() -> str:
        s = surname()
        return s + ("家" if rng.random() < 0.2 else "") + rng.choice(_VILLAGE_TAILS)

    return unique(make, taken)


def road_name(rng: random.Random) -> str:
    return rng.choice(_ROADS) + rng.choice(_ROAD_TAILS)


def street_committee_name(street: str) -> str:
    """Name the party committee of a street (党工委) or a town (镇党委)."""
    if street.endswith("街道"):
        return f"中共{street}工作委员会"
    return f"中共{street}委员会"
