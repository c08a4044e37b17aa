"""The assessment figures (考评) the analytics layer shows: stars of branches, cards of secretaries, appeals.

A figure asked for any period reads the latest assessment period of its scheme that has results
and starts before that period ends: asked for 2026-03, the five-star figures show the last year
rated (2025 until 2026 is run), the cards the last half-year carded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from gongzhi.assessment.models import Appeal, Result
from gongzhi.assessment.schemes import BRANCH_FIVE_STAR, SECRETARY_CARD, Card
from gongzhi.assessment.workflow import AppealState, State
from gongzhi.core.figures import COUNT, PEOPLE, POINTS, RATE, Definition, Provider, Value, amount, rate
from gongzhi.core.periods import Period, parse_period
from gongzhi.territory.models import subtree_bounds

LATEST = "取不晚于所选期间的最近一个已考评的"
DEFINITIONS = [
    Definition("assessment.stars_mean", "支部平均星级", "Mean branch stars", POINTS, f"党支部五星评定的平均星级（1—5 星），{LATEST}年度", True, min_size=3),
    Definition("assessment.five_star_share", "五星支部占比", "Five-star branch share", RATE, f"评为五星的党支部 ÷ 参评党支部，{LATEST}年度", True, min_size=3, headline=True),
    Definition("assessment.green_cards", "绿牌书记", "Green cards", PEOPLE, f"村（社区）书记亮牌中的绿牌人数，{LATEST}半年", None),
    Definition("assessment.yellow_cards", "黄牌书记", "Yellow cards", PEOPLE, f"村（社区）书记亮牌中的黄牌人数，{LATEST}半年", False),
    Definition("assessment.red_cards", "红牌书记", "Red cards", PEOPLE, f"村（社区）书记亮牌中的红牌人数（须参加红牌班），{LATEST}半年", False),
    Definition("assessment.red_card_share", "红牌占比", "Red card share", RATE, f"红牌书记 ÷ 亮牌书记，{LATEST}半年", False, min_size=3),
    Definition("assessment.results_published", "已公布考评结果", "Results published", COUNT, "上述两项考评中已公布的结果数（含申诉中）", None),
    Definition("assessment.appeals_open", "待复核申诉", "Appeals open", COUNT, "当前等待上级复核的申诉件数（不分期间）", False),
]  # fmt: skip
SCHEMES = (BRANCH_FIVE_STAR, SECRETARY_CARD)
PUBLISHED = (State.PUBLISHED, State.APPEALED)


def matched_periods(period: Period) -> dict[str, str]:
    """Return, per scheme, the latest period with results that starts before `period` ends."""
    out: dict[str, tuple] = {}
    pairs = (
        Result.objects.filter(scheme__code__in=SCHEMES).values_list("scheme__code", "period_key").distinct()
    )
    for code, key in pairs:
        p = parse_period(key)
        if p.start < period.end and (code not in out or p.start > out[code][0]):
            out[code] = (p.start, key)
    return {code: key for code, (_start, key) in out.items()}


def _results(bounds: tuple[str, str], matched: dict[str, str]):
    q = Q(pk__in=[])
    for code, key in matched.items():
        q |= Q(scheme__code=code, period_key=key)
    return (
        Result.objects.order_by()
        .filter(q, current=True, territory__path__range=bounds)
        .values_list("territory__path", "scheme__code", "grade", "state")
    )


def _values(rows: Iterable[tuple], appeals: int) -> dict[str, Value]:
    stars: list[int] = []
    cards: dict[str, int] = defaultdict(int)
    published = 0
    for _path, code, grade, state in rows:
        if code == BRANCH_FIVE_STAR and grade.isdigit():
            stars.append(int(grade))
        elif code == SECRETARY_CARD:
            cards[grade] += 1
        published += state in PUBLISHED
    carded = sum(cards.values())
    return {
        "assessment.stars_mean": Value(
            round(sum(stars) / len(stars), 2) if stars else None, sum(stars), len(stars)
        ),
        "assessment.five_star_share": rate(stars.count(5), len(stars)),
        "assessment.green_cards": amount(cards[Card.GREEN] if carded else None),
        "assessment.yellow_cards": amount(cards[Card.YELLOW] if carded else None),
        "assessment.red_cards": amount(cards[Card.RED] if carded else None),
        "assessment.red_card_share": rate(cards[Card.RED], carded),
        "assessment.results_published": amount(published),
        "assessment.appeals_open": amount(appeals),
    }


def for_node(*, node, period) -> dict[str, Value]:
    bounds = subtree_bounds(node.path)
    matched = matched_periods(period)
    appeals = Appeal.objects.filter(state=AppealState.OPEN, result__territory__path__range=bounds).count()
    return _values(_results(bounds, matched) if matched else [], appeals)


def for_children(*, node, period, children) -> dict[int, dict[str, Value]]:
    """Compute every child's figures from one query over the node's subtree."""
    if not children:
        return {}
    bounds = subtree_bounds(node.path)
    matched = matched_periods(period)
    width = len(children[0].path)
    by_path = {c.path: c.pk for c in children}
    rows: dict[int, list] = defaultdict(list)
    for row in _results(bounds, matched) if matched else []:
        if (pk := by_path.get(row[0][:width])) is not None:
            rows[pk].append(row)
    appeals: dict[int, int] = defaultdict(int)
    for (path,) in Appeal.objects.filter(
        state=AppealState.OPEN, result__territory__path__range=bounds
    ).values_list("result__territory__path"):
        if (pk := by_path.get(path[:width])) is not None:
            appeals[pk] += 1
    return {c.pk: _values(rows.get(c.pk, []), appeals.get(c.pk, 0)) for c in children}


PROVIDER = Provider(
    area="assessment",
    label="考评",
    label_en="Assessment",
    order=90,
    definitions=DEFINITIONS,
    for_node=for_node,
    for_children=for_children,
    page="assessment:index",
)
