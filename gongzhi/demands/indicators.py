"""The demand figures (诉求) the analytics layer shows: volume, response, resolution, satisfaction, overdue."""

from __future__ import annotations

from gongzhi.core.figures import COUNT, HOURS, POINTS, RATE, Definition, Provider, Value, amount, rate
from gongzhi.demands import rates

DEFINITIONS = [
    Definition("demands.submitted", "诉求量", "Demands", COUNT, "期间内提交的诉求件数（合并的重复件不另计）", None, headline=True),
    Definition("demands.acceptance_rate", "受理率", "Acceptance rate", RATE, "已受理 ÷（已受理 + 不予受理）", min_size=10),
    Definition("demands.response_rate", "按时响应率", "On-time response", RATE, "在响应时限内首次响应的件数 ÷ 已派单件数", min_size=10, headline=True),
    Definition("demands.resolution_rate", "办结率", "Resolution rate", RATE, "已办结 ÷ 应办结（已派单且未被退回的件数）", min_size=10, headline=True),
    Definition("demands.satisfaction_rate", "满意率", "Satisfaction rate", RATE, "（满意 + 基本满意）÷ 已评价件数", min_size=10, headline=True),
    Definition("demands.on_time_rate", "按期办结率", "On-time rate", RATE, "1 − 超期件数 ÷ 已派单件数", min_size=10),
    Definition("demands.overdue", "超期件数", "Overdue", COUNT, "期间内提交、已超期（已办结或仍未办结）的件数", False, headline=True),
    Definition("demands.avg_resolve_hours", "平均办结时长", "Mean time to resolve", HOURS, "从提交到办结的平均小时数", False, min_size=10),
    Definition("demands.score", "赛马得分", "Ranking score", POINTS, "办结率 30%、满意率 30%、响应率 20%、按期率 20% 的加权得分（0–100）", min_size=10),
]  # fmt: skip


def _values(r: dict) -> dict[str, Value]:
    good = r["satisfied"] + r["basically_satisfied"]
    return {
        "demands.submitted": amount(r["submitted"]),
        "demands.acceptance_rate": rate(r["accepted"], r["accepted"] + r["rejected"]),
        "demands.response_rate": rate(r["responded_on_time"], r["dispatched"]),
        "demands.resolution_rate": rate(r["resolved"], r["resolvable"]),
        "demands.satisfaction_rate": rate(good, r["rated"]),
        "demands.on_time_rate": Value(
            r["on_time_rate"], max(0, r["dispatched"] - r["overdue"]), r["dispatched"]
        ),
        "demands.overdue": amount(r["overdue"]),
        "demands.avg_resolve_hours": Value(r["avg_resolve_hours"], None, r["resolved"]),
        "demands.score": Value(r["score"], None, r["dispatched"]),
    }


def for_node(*, node, period) -> dict[str, Value]:
    return _values(rates.rates_for(node=node, period=period))


def for_children(*, node, period, children) -> dict[int, dict[str, Value]]:
    return {
        pk: _values(r)
        for pk, r in rates.rates_for_children(node=node, period=period, children=children).items()
    }


PROVIDER = Provider(
    area="demands",
    label="民呼我应",
    label_en="Demands",
    order=10,
    definitions=DEFINITIONS,
    for_node=for_node,
    for_children=for_children,
    page="demands:rates",
)
