"""Read every registered figure for a node and period: values, the previous period, children, rankings.

Read-only: the layer never writes a domain table. A provider computes values; everything else
(trend against the previous period, per-child rows, rankings with a minimum size) is done
here once for every figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from gongzhi.core.figures import Definition, Provider, Value, providers
from gongzhi.core.periods import Period, today
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory

T = TypeVar("T")
NO_VALUE = Value(None)
# Levels whose children a map or table breaks a figure down into; below a grid there are only homes.
DRILL_LEVELS = {Level.PROVINCE, Level.CITY, Level.DISTRICT, Level.STREET, Level.COMMUNITY}
MAX_CHILDREN = 200


@dataclass
class Figure:
    """One figure of one node and period, with the previous period's value beside it."""

    definition: Definition
    current: Value
    previous: Value | None = None

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def value(self):
        return self.current.value

    @property
    def change(self) -> float | None:
        if self.previous is None or self.value is None or self.previous.value is None:
            return None
        return round(self.value - self.previous.value, 4)

    @property
    def trend(self) -> str:
        """Say whether the figure moved the good way: "better", "worse", "same" or "" (no comparison)."""
        change = self.change
        if change is None:
            return ""
        # Below what the pages show (0.1 percentage point, 0.1 of a unit) is no change at all.
        if abs(change) < (0.0005 if self.definition.is_rate else 0.05):
            return "same"
        if self.definition.higher_is_better is None:
            return "up" if change > 0 else "down"
        return "better" if (change > 0) == self.definition.higher_is_better else "worse"

    def as_dict(self) -> dict:
        d = self.definition
        out = {
            "key": d.key,
            "area": d.area,
            "label": d.label,
            "label_en": d.label_en,
            "value": self.current.value,
            "numerator": self.current.numerator,
            "denominator": self.current.denominator,
            "unit": d.unit,
            "definition": d.definition,
            "higher_is_better": d.higher_is_better,
        }
        if self.previous is not None:
            out["previous"] = self.previous.value
            out["change"] = self.change
            out["trend"] = self.trend
        return out


@dataclass
class AreaFigures:
    provider: Provider
    figures: list[Figure] = field(default_factory=list)


def cache_seconds(period: Period) -> int:
    """Return how long a period's figures are kept: longer once the period has ended.

    A finished period still moves a little (a late rating counts in the month the demand came
    in), so even its figures are only kept for a while, never for good.
    """
    seconds = int(getattr(settings, "GONGZHI_FIGURES_CACHE_SECONDS", 0))
    if seconds and period.end <= today():
        return max(seconds, int(getattr(settings, "GONGZHI_FIGURES_CACHE_PAST_SECONDS", 0)))
    return seconds


def kept(key: str, period: Period, compute: Callable[[], T]) -> T:
    """Return what `compute()` gives, kept in the cache under `key` as long as the period allows."""
    seconds = cache_seconds(period)
    if seconds and (hit := cache.get(key)) is not None:
        return hit
    value = compute()
    if seconds:
        cache.set(key, value, seconds)
    return value


def _values(provider: Provider, node: Territory, period: Period) -> dict[str, Value]:
    return kept(
        f"figures:{provider.area}:{node.pk}:{node.path}:{period.key}",
        period,
        lambda: provider.for_node(node=node, period=period),
    )


def _children_values(
    provider: Provider, node: Territory, period: Period, children: list[Territory]
) -> dict[int, dict[str, Value]]:
    def compute() -> dict[int, dict[str, Value]]:
        if provider.for_children is not None:
            return provider.for_children(node=node, period=period, children=children)
        return {c.pk: _values(provider, c, period) for c in children}

    return kept(
        f"figures-children:{provider.area}:{node.pk}:{node.path}:{period.key}:{len(children)}",
        period,
        compute,
    )


def node_figures(*, node: Territory, period: Period, areas: list[str] | None = None) -> list[AreaFigures]:
    """Return every registered figure of `node` for `period`, grouped by area, with the previous period.

    A stock (organisation coverage, a count as of today) has no previous period to compare with.
    """
    previous = period.previous()
    out = []
    for p in providers(areas):
        now = _values(p, node, period)
        before = None if p.extra.get("stock") else _values(p, node, previous)
        out.append(
            AreaFigures(
                provider=p,
                figures=[
                    Figure(
                        d, now.get(d.key, NO_VALUE), None if before is None else before.get(d.key, NO_VALUE)
                    )
                    for d in p.definitions
                ],
            )
        )
    return out


def children_of(node: Territory) -> list[Territory]:
    """Return the units a node's figures break down into (none below a community's grids)."""
    if node.level not in DRILL_LEVELS:
        return []
    return list(node.get_children().order_by("path")[:MAX_CHILDREN])


def children_figures(
    *, node: Territory, period: Period, areas: list[str] | None = None
) -> tuple[list[Territory], dict[int, dict[str, Value]]]:
    """Return the children of `node` and each child's values of every figure."""
    children = children_of(node)
    table: dict[int, dict[str, Value]] = {c.pk: {} for c in children}
    if not children:
        return children, table
    for p in providers(areas):
        for pk, values in _children_values(p, node, period, children).items():
            if pk in table:
                table[pk].update(values)
    return children, table


def rankable(definition: Definition, value: Value) -> bool:
    """Say whether a unit may rank on a figure: it has a value and, for a sized figure, enough cases."""
    if value.value is None:
        return False
    if definition.min_size and value.denominator is not None:
        return value.denominator >= definition.min_size
    return True


def rank(
    *, children: list[Territory], table: dict[int, dict[str, Value]], definition: Definition
) -> list[dict]:
    """Rank the children on one figure, best first; too small or empty units follow, unranked."""
    rows = []
    for c in children:
        v = table.get(c.pk, {}).get(definition.key, NO_VALUE)
        rows.append({"node": c, "value": v, "eligible": rankable(definition, v)})
    sign = -1 if definition.higher_is_better is not False else 1
    rows.sort(
        key=lambda r: (
            not r["eligible"],
            sign * r["value"].value if r["eligible"] else 0,
            r["node"].path,
        )
    )
    for i, r in enumerate(rows, start=1):
        r["rank"] = i if r["eligible"] else None
    return rows


def find_definition(key: str) -> Definition | None:
    for p in providers():
        if d := p.definition(key):
            return d
    return None
