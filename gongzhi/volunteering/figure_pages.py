"""The page every operations figure shares: a node and a period, figure cards, a row per child, Excel.

Used by the volunteering, points and property pages; each passes its own selectors and columns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.shortcuts import render

from gongzhi.core.periods import Period, today
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.people.figures import Figure
from gongzhi.people.nodes import node_and_period
from gongzhi.territory.models import Territory
from gongzhi.territory.selectors import territory_ancestors


def fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1%}"
    if isinstance(value, Decimal):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


@dataclass
class Column:
    key: str
    label: str


def period_choices() -> list[tuple[str, str]]:
    y = today().year
    return [("", "近12个月"), (str(y), f"{y}年"), (str(y - 1), f"{y - 1}年")] + [
        (f"{y}-Q{q}", f"{y}年第{q}季度") for q in range(1, 5)
    ]


def figures_page(
    request,
    *,
    template: str,
    title: str,
    cards: Callable[[Territory, Period], list[Figure]],
    children: Callable[[Territory, Period], list[dict]],
    columns: list[Column],
    extra: Callable[[Territory, Period], dict] | None = None,
):
    node, period, problem = node_and_period(request)
    rows = children(node, period)
    if request.GET.get("export") == "xlsx":
        name = f"{title}-{node.name}-{period.label}"
        return xlsx_response(
            filename=f"{name}.xlsx",
            title=title,
            headers=["辖区", *[c.label for c in columns]],
            rows=([r["node"].name, *[_cell(r.get(c.key)) for c in columns]] for r in rows),
        )
    context = {
        "title": title,
        "node": node,
        "ancestors": territory_ancestors(node=node),
        "period": period,
        "period_raw": request.GET.get("period", ""),
        "period_choices": period_choices(),
        "problem": problem,
        "cards": cards(node, period),
        "columns": columns,
        "rows": [{"node": r["node"], "cells": [fmt(r.get(c.key)) for c in columns]} for r in rows],
        **(extra(node, period) if extra else {}),
    }
    return render(request, template, context)


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float):
        return round(value, 4)
    return value
