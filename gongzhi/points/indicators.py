"""The points figures (积分制) the analytics layer shows."""

from __future__ import annotations

from gongzhi.core.figures import HOUSEHOLDS, POINTS, Definition, Provider, Value, amount
from gongzhi.points.selectors import points_children, points_figures

DEFINITIONS = [
    Definition("points.awarded", "发放积分", "Points awarded", POINTS, "期间内按积分规则发放的积分", headline=True),
    Definition("points.redeemed", "兑换积分", "Points redeemed", POINTS, "期间内在积分超市兑换掉的积分", None),
    Definition("points.star_households", "星级文明户", "Star households", HOUSEHOLDS, "期末积分达到星级标准的户数"),
]  # fmt: skip


def _values(r: dict) -> dict[str, Value]:
    return {
        "points.awarded": amount(r["awarded"]),
        "points.redeemed": amount(r["redeemed"]),
        "points.star_households": amount(r["star_households"]),
    }


def for_node(*, node, period) -> dict[str, Value]:
    return _values(points_figures(node=node, period=period))


def for_children(*, node, period, children) -> dict[int, dict[str, Value]]:
    rows = {r["node"].pk: r for r in points_children(node=node, period=period)}
    return {c.pk: _values(rows[c.pk]) for c in children if c.pk in rows}


PROVIDER = Provider(
    area="points",
    label="积分制",
    label_en="Points",
    order=60,
    definitions=DEFINITIONS,
    for_node=for_node,
    for_children=for_children,
    page="points:figures",
)
