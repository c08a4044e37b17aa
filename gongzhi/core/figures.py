"""The figures contract: each domain app registers what it measures; the analytics layer does the rest.

An app describes its figures once (key, labels, unit, definition, which way is better) and
gives a provider that computes their values for a territory node and a period. Periods,
per-child breakdowns, rankings, trends, pages, API, Excel and the command centre are the
analytics layer's work, for every figure alike. The registry lives here, at the bottom, so
that a domain app registers in its AppConfig.ready() without importing anything above it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

# Units a figure may carry; the pages format each its own way.
RATE = "%"
COUNT = "件"
PEOPLE = "人"
HOUSEHOLDS = "户"
HOURS = "小时"
POINTS = "分"
DAYS = "天"
UNITS = "个"


@dataclass(frozen=True)
class Definition:
    """What one figure means: stable key, labels, unit, definition, and which way is better."""

    key: str  # "<area>.<name>", never renamed: reports and assessment schemes refer to it
    label: str
    label_en: str
    unit: str
    definition: str  # one line in Chinese that says how it is counted
    higher_is_better: bool | None = True  # None: neither (a volume)
    min_size: int = 0  # a unit whose denominator is below this is not ranked on this figure
    headline: bool = False  # shown on the command centre's front row

    @property
    def area(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def is_rate(self) -> bool:
        return self.unit == RATE


@dataclass(frozen=True)
class Value:
    """A computed value; a rate keeps its numerator and denominator so it can be checked."""

    value: float | int | None
    numerator: float | int | None = None
    denominator: float | int | None = None


def rate(numerator, denominator) -> Value:
    """Return numerator/denominator, or no value when the denominator is zero."""
    numerator, denominator = numerator or 0, denominator or 0
    return Value(round(numerator / denominator, 4) if denominator else None, numerator, denominator)


def amount(value) -> Value:
    if value is None:
        return Value(None)
    if not isinstance(value, int):
        value = round(float(value), 2)
    return Value(value)


Values = dict[str, Value]
NodeFn = Callable[..., Values]  # (*, node, period) -> {key: Value}
ChildrenFn = Callable[..., dict[int, Values]]  # (*, node, period, children) -> {child pk: {key: Value}}


@dataclass
class Provider:
    """One area's figures: its definitions and how to compute them for a node (and its children)."""

    area: str
    label: str
    label_en: str
    order: int
    definitions: list[Definition]
    for_node: NodeFn
    for_children: ChildrenFn | None = None  # grouped queries; without it each child is asked alone
    page: str = ""  # URL name of the area's own page, which takes ?territory=&period=
    extra: dict[str, Any] = field(default_factory=dict)

    def definition(self, key: str) -> Definition | None:
        return next((d for d in self.definitions if d.key == key), None)


_registry: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    """Register an area's provider; registering the same area again replaces it (reloads, tests)."""
    for d in provider.definitions:
        if d.area != provider.area:
            raise ValueError(f"figure {d.key} does not belong to area {provider.area}")
    _registry[provider.area] = provider


def providers(areas: Iterable[str] | None = None) -> list[Provider]:
    """Return the registered providers in display order, optionally only those of `areas`."""
    wanted = set(areas) if areas else None
    return sorted(
        (p for p in _registry.values() if wanted is None or p.area in wanted), key=lambda p: p.order
    )


def definitions() -> dict[str, Definition]:
    return {d.key: d for p in providers() for d in p.definitions}
