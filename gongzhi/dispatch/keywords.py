"""Cold start: keyword rules per category, used while no trained model is active.

The rules are the taxonomy's own: each active category's `Category.keywords`, edited in the
back office (`taxonomy_table`). One built-in table stays: the seven government departments
of the Teddy Cup data, the keyword baseline of bench/classifier.py. A rule counts keyword
occurrences; the category with most hits wins.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from gongzhi.demands import routing


def _table(text: str) -> dict[str, tuple[str, ...]]:
    """Read "label: word word …" lines."""
    out = {}
    for line in text.strip().splitlines():
        label, words = line.split(":", 1)
        out[label.strip()] = tuple(words.split())
    return out


DEPARTMENTS: dict[str, tuple[str, ...]] = _table(
    """
    城乡建设: 小区 物业 业主 开发商 房屋 住房 房产 楼盘 违建 违章 拆迁 规划 施工 工地 建设 安置 装修 电梯 供水 停水 停电 供暖 燃气 城管 棚改 公积金 廉租 物业费 交房 产权
    劳动和社会保障: 社保 医保 养老保险 养老金 退休 工资 拖欠 欠薪 劳动 合同 工伤 失业 就业 职工 员工 单位 补贴 低保 人社 社会保险 辞职 加班 农民工 编制 待遇
    教育文体: 学校 学生 老师 教师 教育 幼儿园 小学 中学 高中 大学 招生 入学 学位 补课 考试 校长 班主任 家长 孩子 培训 体育 文化 图书馆 学费
    商贸旅游: 商家 消费者 购买 退款 价格 收费 诈骗 传销 公司 销售 商品 超市 市场 旅游 景区 酒店 快递 网购 商铺 店铺 会员 预付卡 投资 平台 套路
    环境保护: 污染 排放 噪音 噪声 扰民 臭味 异味 废气 污水 排污 环保 粉尘 油烟 垃圾 焚烧 化工 河道 水质 养殖 烟尘 空气 环评 辐射 黑臭
    卫生计生: 医院 医生 患者 病人 治疗 手术 看病 就医 卫生 疫苗 接种 计生 生育 二胎 独生子女 护士 药店 药品 诊所 卫健委 医疗 医疗事故 准生证 健康
    交通运输: 公交 公交车 出租车 的士 地铁 司机 乘客 线路 站台 车站 交通 道路 红绿灯 驾校 驾驶 客运 班车 高速 收费站 运输 网约车 车辆 停车 路口
    """
)

TABLES = {"departments": DEPARTMENTS}


def taxonomy_table() -> dict[str, tuple[str, ...]]:
    """Return code → keywords of the active categories (from the routing cache, no query per call)."""
    return routing.taxonomy()


@dataclass(frozen=True)
class KeywordResult:
    label: str | None
    confidence: float
    hits: dict[str, int]


def keyword_classify(text: str, *, table: dict[str, tuple[str, ...]] | None = None) -> KeywordResult:
    """Pick the category whose keywords occur most often; confidence is its share of all hits.

    A single hit is weak evidence: confidence is also scaled by min(1, total hits / 3).
    """
    table = taxonomy_table() if table is None else table
    flat = "".join(text.split())
    hits = {label: sum(flat.count(k) for k in set(words)) for label, words in table.items()}
    total = sum(hits.values())
    if not total:
        return KeywordResult(None, 0.0, hits)
    label = max(hits, key=lambda k: hits[k])
    confidence = hits[label] / total * min(1.0, total / 3)
    return KeywordResult(label, round(confidence, 4), hits)


class KeywordClassifier:
    """The keyword rules with fit/predict, as a baseline next to the trained models."""

    def __init__(self, table: dict[str, tuple[str, ...]] | None = None):
        self.table = table

    def fit(self, X, y):
        self.fallback_ = Counter(y).most_common(1)[0][0]
        return self

    def predict(self, X) -> list[str]:
        out = []
        for text in X:
            label = keyword_classify(text, table=self.table).label
            out.append(label or self.fallback_)
        return out
