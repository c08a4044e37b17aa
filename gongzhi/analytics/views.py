"""The command centre (城市智慧大脑 / 一中心): every area's key figures for a node, its map, its children.

`/dashboard/` opens on the viewer's own node; `/dashboard/<division code or id>/` on any node in
scope; `/dashboard/<…>/screen/` is the same for the centre's wall (1920×1080, dark, refreshing).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from gongzhi.analytics import alerts, selectors
from gongzhi.analytics.formatting import NO_DATA, cell, colour_of, colour_scale, show, show_change
from gongzhi.core.periods import last_full, period_choices
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.people.nodes import breadcrumb, node_and_period
from gongzhi.territory.levels import Level
from gongzhi.territory.svgmap import territory_svg

DEFAULT_FIGURE = "demands.resolution_rate"
TABLE_COLUMNS = 6  # headline figures shown beside the ranked figure in the children's table


def _link(node, **query) -> str:
    return reverse("analytics:node", args=[node.division_code or node.pk]) + "?" + urlencode(query)


def _area_link(page: str, node, period) -> str:
    try:
        return reverse(page) + "?" + urlencode({"territory": node.pk, "period": period.key})
    except NoReverseMatch:
        return ""


def dashboard_context(request, territory=None) -> dict:
    node, period, problem = node_and_period(request, territory=territory, default=last_full("month"))
    areas = selectors.node_figures(node=node, period=period)
    all_figures = [f for a in areas for f in a.figures]
    definitions = {f.key: f.definition for f in all_figures}
    figure_key = request.GET.get("figure") or DEFAULT_FIGURE
    if figure_key not in definitions:
        figure_key = DEFAULT_FIGURE if DEFAULT_FIGURE in definitions else next(iter(definitions), "")
    chosen = definitions.get(figure_key)
    query = {"period": period.key, "figure": figure_key}

    children, table = selectors.children_figures(node=node, period=period)
    ranking = selectors.rank(children=children, table=table, definition=chosen) if chosen and children else []
    # Every unit with a value is coloured; one with too few cases to rank is drawn pale (and not ranked).
    values = [r["value"].value for r in ranking if r["value"].value is not None]
    breaks, colours = colour_scale(chosen, values) if chosen else ([], [])
    fill = {r["node"].pk: colour_of(r["value"].value, breaks, colours) for r in ranking}
    pale = {r["node"].pk for r in ranking if r["value"].value is not None and not r["eligible"]}
    headline = [f for f in all_figures if f.definition.headline]
    columns = [f.definition for f in headline if f.key != figure_key][:TABLE_COLUMNS]
    rows = [
        {
            "node": r["node"],
            "link": _link(r["node"], **query),
            "rank": r["rank"],
            "value": show(chosen, r["value"]),
            "basis": r["value"].denominator,
            "eligible": r["eligible"],
            "colour": fill[r["node"].pk],
            "cells": [show(d, table[r["node"].pk].get(d.key)) for d in columns],
            "raw": [cell(chosen, r["value"]), *(cell(d, table[r["node"].pk].get(d.key)) for d in columns)],
        }
        for r in ranking
    ]
    small = "（样本不足，不排名）"
    titles = {
        r["node"].pk: f"{r['node'].name}：{chosen.label} {r['value']}" + ("" if r["eligible"] else small)
        for r in rows
    }
    svg = (
        territory_svg(
            node=node,
            children=children,
            url_for=lambda c: _link(c, **query),
            fill_for=lambda c: fill.get(c.pk, NO_DATA),
            pale=pale,
            title_for=lambda c: titles.get(c.pk, c.name),
        )
        if children
        else ""
    )
    overdue_count, overdue = alerts.overdue_demands(node=node, user=request.user)
    legend = []
    if chosen and breaks:
        edges = [None, *breaks, None]
        for i, colour in enumerate(colours):
            low, high = edges[i], edges[i + 1]
            if low is None:
                text = f"低于 {show(chosen, high)}"
            elif high is None:
                text = f"{show(chosen, low)} 及以上"
            else:
                text = f"{show(chosen, low)} – {show(chosen, high)}"
            legend.append({"colour": colour, "text": text})
    choices = period_choices()
    ancestors = breadcrumb(user=request.user, node=node)
    return {
        "node": node,
        "ancestors": ancestors,
        "period": period,
        "previous": period.previous(),
        "problem": problem,
        "period_choices": choices,
        "period_choices_keys": {k for k, _ in choices},
        "period_key": period.key,
        "prev_link": _link(node, period=period.previous().key, figure=figure_key),
        "next_link": _link(node, period=period.next().key, figure=figure_key),
        "figure_key": figure_key,
        "chosen": chosen,
        "figure_choices": [
            (a.provider.label, [(f.key, f.definition.label) for f in a.figures]) for a in areas
        ],
        "headline": [_card(f) for f in headline],
        "areas": [
            {
                "provider": a.provider,
                "link": _area_link(a.provider.page, node, period) if a.provider.page else "",
                "figures": [_card(f) for f in a.figures],
            }
            for a in areas
        ],
        "children_level": str(Level(children[0].level).label) if children else "",
        "rows": rows,
        "columns": columns,
        "svg": svg,
        "legend": legend,
        "no_data_colour": NO_DATA,
        "overdue_count": overdue_count,
        "overdue": overdue,
        "rises": alerts.rises(node=node, period=period),
        "screen_link": reverse("analytics:screen", args=[node.division_code or node.pk])
        + "?"
        + urlencode(query),
        "page_link": _link(node, **query),
        "export_link": _link(node, export="xlsx", **query),
    }


def _card(f) -> dict:
    d = f.definition
    return {
        "key": d.key,
        "label": d.label,
        "definition": d.definition,
        "value": show(d, f.current),
        "numerator": f.current.numerator,
        "denominator": f.current.denominator,
        "is_rate": d.is_rate,
        "stock": f.previous is None,
        "unit": "" if d.is_rate else d.unit,
        "previous": show(d, f.previous) if f.previous is not None else "",
        "change": show_change(d, f.change),
        "trend": f.trend,
    }


@login_required
def dashboard(request, territory=None):
    context = dashboard_context(request, territory)
    if request.GET.get("export") == "xlsx":
        return _export(context)
    return render(request, "analytics/dashboard.html", context)


@login_required
def screen(request, territory=None):
    return render(request, "analytics/screen.html", dashboard_context(request, territory))


def _export(context: dict):
    node, period, chosen = context["node"], context["period"], context["chosen"]
    figures = [chosen, *context["columns"]] if chosen else []
    headers = ["排名", context["children_level"] or "辖区", "样本数"]
    headers += [f"{d.label}（%）" if d.is_rate else f"{d.label}（{d.unit}）" for d in figures]
    rows = ([r["rank"] or "样本不足", r["node"].name, r["basis"], *r["raw"]] for r in context["rows"])
    return xlsx_response(
        filename=f"指挥中心-{node.name}-{period.label}.xlsx",
        title=f"{node.name}{period.label}下级排名",
        headers=headers,
        rows=rows,
    )
