"""The patrol figures (网格巡访) the analytics layer shows: grid coverage, visits, findings fixed on the spot."""

from __future__ import annotations

from gongzhi.core.figures import COUNT, HOUSEHOLDS, RATE, Definition, Provider, Value, amount, rate
from gongzhi.patrols.selectors import patrol_figures

DEFINITIONS = [
    Definition("patrols.grid_coverage", "网格巡访覆盖率", "Grids patrolled", RATE, "期间内至少巡访一次的网格 ÷ 有网格员的网格", min_size=3, headline=True),
    Definition("patrols.patrols", "巡访次数", "Patrols", COUNT, "期间内登记的巡访次数", None),
    Definition("patrols.households_visited", "走访户数", "Households visited", HOUSEHOLDS, "期间内被走访的不同户数", None),
    Definition("patrols.findings", "发现问题", "Findings", COUNT, "巡访中记录的问题件数", None),
    Definition("patrols.fixed_rate", "随手办结率", "Fixed on the spot", RATE, "当场解决的问题 ÷ 发现的问题", min_size=5),
]  # fmt: skip


def for_node(*, node, period) -> dict[str, Value]:
    f = patrol_figures(node=node, period=period)
    return {
        "patrols.grid_coverage": rate(f.grids_patrolled, f.grids),
        "patrols.patrols": amount(f.patrols),
        "patrols.households_visited": amount(f.households_visited),
        "patrols.findings": amount(f.findings),
        "patrols.fixed_rate": rate(f.fixed, f.findings),
    }


PROVIDER = Provider(
    area="patrols",
    label="网格巡访",
    label_en="Patrols",
    order=20,
    definitions=DEFINITIONS,
    for_node=for_node,
    page="patrols:review",
)
