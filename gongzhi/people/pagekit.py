"""The one page kit of the figure pages: node and period from the query, cards, a row per child, Excel.

Every area's own figures page (patrols, safety, mediation, volunteering, points, property) reads
its node and period and renders through these few functions; the figures themselves come from
each app's selectors, and the same figures reach the command centre through the analytics layer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.core.periods import KINDS, Period, period_choices, period_from_params
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.people.figures import Figure
from gongzhi.people.nodes import breadcrumb, figures_node, node_and_period
from gongzhi.people.scope import is_staff_viewer
from gongzhi.territory.models import Territory

__all__ = ["Column", "figures_page", "fmt", "node_and_period", "pct", "url_with", "where_when"]


def where_when(request, *, default_period: str = "month") -> dict:
    """Read ?territory=&period=&date= into the context every figure page needs; out of scope is 404."""
    if not is_staff_viewer(request.user):
        raise DjangoPermissionDenied("您的角色不能查看统计。")
    try:
        node = figures_node(user=request.user, territory_id=request.GET.get("territory"))
        period = period_from_params(request.GET, default=default_period)
    except NotFound:
        raise Http404("未找到。")
    except ApplicationError as exc:
        raise Http404(exc.message)
    return {
        "node": node,
        "period": period,
        "kinds": KINDS.items(),
        "ancestors": breadcrumb(user=request.user, node=node),
        "prev_query": _query(node, period.previous()),
        "next_query": _query(node, period.next()),
        "this_query": _query(node, period),
    }


def _query(node, period) -> str:
    return f"territory={node.pk}&period={period.key}"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def url_with(name: str, *args, query: str = "") -> str:
    return reverse(name, args=args) + (f"?{query}" if query else "")


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
        "ancestors": breadcrumb(user=request.user, node=node),
        "period": period,
        "period_raw": request.GET.get("period", ""),
        # The picker: the layer's recent periods; a period typed into the address stays selectable.
        "period_choices": [("", "近12个月"), *period_choices()],
        "period_key": "" if problem or not request.GET.get("period") else period.key,
        "period_keys": {k for k, _ in period_choices()},
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
