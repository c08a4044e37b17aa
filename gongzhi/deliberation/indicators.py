"""The deliberation figures (议事协商) the analytics layer shows."""

from __future__ import annotations

from gongzhi.core.figures import COUNT, POINTS, Definition, Provider, Value, amount
from gongzhi.deliberation.figures import deliberation_figures

DEFINITIONS = [
    Definition("deliberation.raised", "议题数", "Topics raised", COUNT, "期间内提出的议题（百姓点事）", None, headline=True),
    Definition("deliberation.decided", "决议数", "Topics decided", COUNT, "期间内经会议决议的议题"),
    Definition("deliberation.implemented", "办结公开", "Results published", COUNT, "期间内实施完毕并公开结果的议题"),
    Definition("deliberation.rating", "群众评议", "Public rating", POINTS, "居民对公开结果的平均评分（1–5）", min_size=5),
]  # fmt: skip


def for_node(*, node, period) -> dict[str, Value]:
    f = deliberation_figures(node=node, start=period.start, end=period.last_day)
    return {
        "deliberation.raised": amount(f.raised),
        "deliberation.decided": amount(f.decided),
        "deliberation.implemented": amount(f.implemented),
        "deliberation.rating": Value(f.rating, None, f.ratings),
    }


PROVIDER = Provider(
    area="deliberation",
    label="议事协商",
    label_en="Deliberation",
    order=80,
    definitions=DEFINITIONS,
    for_node=for_node,
    page="deliberation:figures",
)
