"""Read the inputs of a run: figures for every subject's node (grouped by parent) and manual scores.

A scheme with a thousand subjects must not ask a per-node figure function a thousand times
cold: the nodes are grouped under their parent and each parent is asked once for its
children (`children_figures`, which uses a provider's grouped query where it has one and
the figures cache), only for the areas the scheme's indicators need.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from gongzhi.analytics import selectors as figures
from gongzhi.assessment.access import parent_path
from gongzhi.assessment.models import Indicator, ManualScore
from gongzhi.assessment.subjects import Subject
from gongzhi.core.figures import Value
from gongzhi.core.periods import Period
from gongzhi.territory.models import Territory

Values = dict[str, Value]


def figures_for(subjects: Iterable[Subject], *, period: Period, keys: set[str]) -> dict[int, Values]:
    """Return each subject node's values of `keys` for `period`, by territory id."""
    if not keys:
        return {}
    areas = sorted({k.split(".", 1)[0] for k in keys})
    wanted: dict[str, set[int]] = defaultdict(set)
    for s in subjects:
        wanted[parent_path(s.path)].add(s.territory_id)
    out: dict[int, Values] = {}
    parents = Territory.objects.filter(path__in=[p for p in wanted if p]).order_by("path")
    for parent in parents:
        if parent.level not in figures.DRILL_LEVELS:
            continue
        _children, table = figures.children_figures(node=parent, period=period, areas=areas)
        for pk in wanted[parent.path]:
            if pk in table:
                out[pk] = {k: v for k, v in table[pk].items() if k in keys}
    # A root, a node under a non-drilling level, or one beyond a parent's child limit: ask alone.
    alone = {pk for ids in wanted.values() for pk in ids} - set(out)
    for node in Territory.objects.filter(pk__in=alone).order_by("path"):
        values: Values = {}
        for area in figures.node_figures(node=node, period=period, areas=areas):
            values.update({f.key: f.current for f in area.figures if f.key in keys})
        out[node.pk] = values
    return out


def manual_for(
    indicators: list[Indicator], *, period_key: str, kind: str, subject_ids: Iterable[int]
) -> dict[tuple[int, int], ManualScore]:
    """Return the manual scores entered for these indicators and subjects, by (indicator, subject)."""
    ids = [i.pk for i in indicators]
    if not ids:
        return {}
    # One query for the period, narrowed here: a list of thousands of ids would not fit SQLite's limit.
    wanted = set(subject_ids)
    rows = ManualScore.objects.filter(indicator_id__in=ids, period_key=period_key, subject_kind=kind)
    return {(m.indicator_id, m.subject_id): m for m in rows if m.subject_id in wanted}
