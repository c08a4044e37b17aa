"""Board pages: stars and cards per child territory, and the residents' board of published results."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404

from gongzhi.assessment import boards, selectors
from gongzhi.assessment.views.common import node_of, page, staff_only
from gongzhi.core.errors import NotFound
from gongzhi.core.periods import parse_period
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.people.nodes import resident_communities
from gongzhi.people.scope import in_scope, is_resident_only
from gongzhi.territory.selectors import territory_ancestors


@login_required
def board(request, code: str):
    """星级榜 / 亮牌榜: each child territory's count per grade, and who has the lowest grade."""
    staff_only(request)
    try:
        scheme = selectors.scheme_get(code=code)
    except NotFound:
        raise Http404("未找到。")
    node = node_of(request)
    keys = selectors.scheme_periods(scheme=scheme)
    period_key = (
        request.GET.get("period") if request.GET.get("period") in keys else (keys[-1] if keys else "")
    )
    version = selectors.version_current(scheme=scheme)
    grades = list(version.grades.all()) if version else []
    data = (
        boards.board_for(actor=request.user, scheme=scheme, period_key=period_key, node=node, grades=grades)
        if period_key
        else {"rows": [], "totals": {}, "lowest": None, "flagged": []}
    )
    period = parse_period(period_key) if period_key else None
    if request.GET.get("format") == "xlsx":
        headers = ["辖区", *[g.label for g in grades], "合计"]
        rows = ([r.node.name, *[r.counts.get(g.code, 0) for g in grades], r.total] for r in data["rows"])
        return xlsx_response(
            filename=f"{scheme.name}-{node.name}-{period.label if period else ''}.xlsx",
            title=f"{scheme.name}{node.name}",
            headers=headers,
            rows=rows,
        )
    context = {
        "scheme": scheme,
        "node": node,
        "ancestors": [a for a in territory_ancestors(node=node) if in_scope(request.user, a.path)],
        "periods": [parse_period(k) for k in keys],
        "period": period,
        "grades": grades,
        "rows": [{"row": r, "cells": [r.counts.get(g.code, 0) for g in grades]} for r in data["rows"]],
        "totals": [data["totals"].get(g.code, 0) for g in grades],
        "total": sum(data["totals"].values()),
        "lowest": data["lowest"],
        "flagged": data["flagged"],
    }
    return page(request, "assessment/board.html", context)


@login_required
def public(request):
    """考评公示: published results of the schemes that publish to the residents' board, and the 十佳."""
    if is_resident_only(request.user):
        homes = resident_communities(request.user)
        if not homes:
            raise Http404("未找到您所在的社区。")
        node = homes[0]
    else:
        node = node_of(request)
    groups = boards.public_results(node=node)
    if request.GET.get("format") == "xlsx":
        rows = (
            [
                g["scheme"].name,
                parse_period(g["period_key"]).label,
                r.subject_name,
                r.subject_post,
                r.territory.name,
                r.grade_label,
            ]
            for g in groups
            for r in g["results"]
        )
        return xlsx_response(
            filename=f"考评公示-{node.name}.xlsx",
            title=f"考评公示-{node.name}",
            headers=["方案", "考核期", "姓名/组织", "职务", "所在辖区", "等级"],
            rows=rows,
        )
    context = {
        "node": node,
        "groups": [{**g, "period": parse_period(g["period_key"])} for g in groups],
        "selections": boards.public_selections(node=node),
    }
    return page(request, "assessment/public.html", context)
