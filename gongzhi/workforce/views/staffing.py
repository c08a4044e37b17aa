"""配备: shortfalls first, then every community and street against 18 per 10,000 urban residents."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gongzhi.core.periods import today
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.territory.models import Territory
from gongzhi.workforce.selectors.staffing import PER_10K, staffing_report
from gongzhi.workforce.views.common import drill, page_context, staff_node, year_choices, year_of


def _cells(s) -> list:
    return [s.workers, s.population, s.required, s.shortfall, s.ratio if s.ratio is not None else ""]


@login_required
def staffing(request):
    node = staff_node(request)
    year, problem = year_of(request, default=today().year)
    report = staffing_report(node=node, year=year)
    if request.GET.get("format") == "xlsx":
        headers = [
            "街道/乡镇",
            "社区",
            "社区工作者",
            "城镇常住人口",
            "应配人数",
            "缺口",
            "每万人配备",
            "人口来源",
        ]
        streets = {s.node.path: s.node.name for s in report.streets}
        rows = (
            [
                streets.get(c.node.path[: -Territory.steplen], ""),
                c.node.name,
                *_cells(c),
                "居民登记人数（估算）" if c.estimated else f"{c.population_year}年统计",
            ]
            for c in sorted(report.communities, key=lambda c: (-c.shortfall, c.node.path))
        )
        return xlsx_response(
            filename=f"社区工作者配备-{node.name}-{year}.xlsx",
            title=f"配备{year}",
            headers=headers,
            rows=rows,
        )
    ctx = page_context(request, node, "staffing")
    ctx.update(
        year=year,
        years=year_choices(),
        problem=problem,
        report=report,
        per_10k=PER_10K,
        communities=sorted(report.communities, key=lambda c: (-c.shortfall, c.node.path)),
        children=drill(node),
    )
    return render(request, "workforce/staffing.html", ctx)
