"""Boards: grade counts per child territory (stars, cards), the lowest grade named, the residents' board."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from gongzhi.analytics.selectors import children_of
from gongzhi.assessment.models import Candidate, Scheme, Selection
from gongzhi.assessment.selectors import public_board, result_list
from gongzhi.assessment.workflow import SelectionState
from gongzhi.territory.models import Territory, subtree_bounds


@dataclass
class BoardRow:
    node: Territory
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def board_for(*, actor, scheme: Scheme, period_key: str, node: Territory, grades: list) -> dict:
    """Count the visible current results per grade for each child of `node`; list the lowest grade."""
    children = children_of(node)
    rows = {c.pk: BoardRow(c) for c in children}
    width = len(children[0].path) if children else 0
    by_path = {c.path: c.pk for c in children}
    totals: dict[str, int] = defaultdict(int)
    qs = result_list(actor=actor, scheme=scheme, period_key=period_key, node=node).order_by()
    for path, grade in qs.values_list("territory__path", "grade"):
        totals[grade] += 1
        if (pk := by_path.get(path[:width])) is not None:
            rows[pk].counts[grade] = rows[pk].counts.get(grade, 0) + 1
    lowest = min(grades, key=lambda g: g.min_score) if grades else None
    flagged = (
        list(
            result_list(actor=actor, scheme=scheme, period_key=period_key, node=node, grade=lowest.code)[:200]
        )
        if lowest
        else []
    )
    return {"rows": list(rows.values()), "totals": dict(totals), "lowest": lowest, "flagged": flagged}


def public_results(*, node: Territory) -> list[dict]:
    """Group the published board results under the node by scheme, latest period only."""
    groups: dict[int, dict] = {}
    for r in public_board(node=node):
        g = groups.setdefault(r.scheme_id, {"scheme": r.scheme, "period_key": r.period_key, "results": []})
        if r.period_key == g["period_key"]:
            g["results"].append(r)
    return list(groups.values())


def public_selections(*, node: Territory) -> list[tuple[Selection, list[Candidate]]]:
    """List the published selections covering the node or lying under it, with who was selected."""
    ancestors = [node.path[:i] for i in range(Territory.steplen, len(node.path) + 1, Territory.steplen)]
    qs = Selection.objects.filter(state=SelectionState.PUBLISHED).select_related("territory")
    qs = qs.filter(territory__path__in=ancestors) | qs.filter(
        territory__path__range=subtree_bounds(node.path)
    )
    out = []
    for s in qs.order_by("-period_key", "pk")[:10]:
        out.append((s, list(s.candidates.filter(selected=True).order_by("-votes", "-score", "rank"))))
    return out
