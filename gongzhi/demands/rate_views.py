"""Pages of the demand rates: one node's figures, the 赛马 ranking of the units below it, Excel export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.demands.models import Category
from gongzhi.demands.rates import rates_node, rates_period, rates_ranking
from gongzhi.people.nodes import breadcrumb

RATE_COLUMNS = (
    ("acceptance_rate", "受理率"),
    ("response_rate", "响应率"),
    ("resolution_rate", "办结率"),
    ("satisfaction_rate", "满意率"),
)
COUNT_COLUMNS = (
    ("submitted", "诉求数"),
    ("accepted", "受理"),
    ("rejected", "不予受理"),
    ("dispatched", "交办"),
    ("responded_on_time", "按时响应"),
    ("resolved", "办结"),
    ("rated", "已评价"),
    ("satisfied", "满意"),
    ("basically_satisfied", "基本满意"),
    ("dissatisfied", "不满意"),
    ("overdue", "超期"),
    ("reopened", "重启"),
    ("merged", "合并"),
    ("returned", "退单"),
    ("escalated", "上报"),
)


def _percent(v) -> str:
    return "—" if v is None else f"{100 * v:.2f}%"


def _hours(v) -> str:
    if v is None:
        return "—"
    return "> 8760" if v == float("inf") else f"{v:g}"


def _query(request) -> dict:
    q = request.GET
    try:
        period = rates_period(start=q.get("start"), end=q.get("end"))
        by = q.get("by") or "children"
        node, figures = rates_node(
            actor=request.user, territory_id=q.get("territory"), period=period, category=q.get("category")
        )
        _, rows = rates_ranking(
            actor=request.user, territory_id=node.pk, period=period, by=by, category=q.get("category")
        )
    except NotFound:
        raise Http404("未找到。")
    return {"period": period, "by": by, "node": node, "figures": figures, "rows": rows}


def bar_chart(rows: list[dict], *, value: str = "score", label: str = "赛马得分") -> str:
    """Draw horizontal bars of `value` (0–100) per unit as inline SVG; it scales to the screen width."""
    shown = [r for r in rows if r.get(value) is not None][:30]
    if not shown:
        return ""
    bar_h, gap, left, width = 18, 6, 130, 480
    height = len(shown) * (bar_h + gap) + 24
    bars = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#c0392b" rx="2"><title>{}：{}</title></rect>'
        '<text x="{}" y="{}" font-size="11" fill="#333">{}</text>',
        (
            (
                left - 6,
                24 + i * (bar_h + gap) + bar_h - 5,
                r["unit"].name[:9],
                left,
                24 + i * (bar_h + gap),
                round((width - left - 50) * r[value] / 100, 1),
                bar_h,
                r["unit"].name,
                r[value],
                left + round((width - left - 50) * r[value] / 100, 1) + 4,
                24 + i * (bar_h + gap) + bar_h - 5,
                f"{r[value]:.1f}",
            )
            for i, r in enumerate(shown)
        ),
    )
    return format_html(
        '<svg viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}" class="gz-bars">'
        '<text x="0" y="14" font-size="12" fill="#666">{}</text>{}</svg>',
        width,
        height,
        label,
        label,
        bars,
    )


@login_required
def rates_page(request):
    try:
        ctx = _query(request)
    except ValidationFailed as exc:
        return render(
            request, "demands/rates.html", {"error": exc.message, "categories": _categories()}, status=400
        )
    node = ctx["node"]
    params = {k: v for k, v in request.GET.items() if k in ("start", "end", "category", "by", "territory")}
    ctx.update(
        {
            "ancestors": breadcrumb(user=request.user, node=node),
            "cards": [(label, _percent(ctx["figures"][k])) for k, label in RATE_COLUMNS],
            "avg_hours": _hours(ctx["figures"]["avg_resolve_hours"]),
            "p90_hours": _hours(ctx["figures"]["p90_resolve_hours"]),
            "table": [
                {
                    "row": r,
                    "rates": [_percent(r[k]) for k, _ in RATE_COLUMNS],
                    "p90": _hours(r["p90_resolve_hours"]),
                }
                for r in ctx["rows"]
            ],
            "chart": bar_chart(ctx["rows"]),
            "categories": _categories(),
            "params": params,
            "export_query": urlencode({**params, "territory": node.pk}),
            "rate_labels": [label for _, label in RATE_COLUMNS],
        }
    )
    return render(request, "demands/rates.html", ctx)


def _categories():
    return list(
        Category.objects.filter(active=True).order_by("sort_order", "code").values_list("code", "name")
    )


@login_required
def rates_export(request):
    try:
        ctx = _query(request)
    except ValidationFailed as exc:
        raise Http404(exc.message)
    node, period = ctx["node"], ctx["period"]
    headers = [
        "名次",
        "单位",
        "赛马得分",
        *[label for _, label in RATE_COLUMNS],
        "按期率",
        "平均办结时长(小时)",
        "90分位办结时长(小时)",
        *[label for _, label in COUNT_COLUMNS],
    ]
    rows = [
        [
            r["rank"] or "",
            r["unit"].name,
            r["score"],
            *[r[k] for k, _ in RATE_COLUMNS],
            r["on_time_rate"],
            r["avg_resolve_hours"],
            None if r["p90_resolve_hours"] == float("inf") else r["p90_resolve_hours"],
            *[r[k] for k, _ in COUNT_COLUMNS],
        ]
        for r in [*ctx["rows"], {**ctx["figures"], "rank": None, "unit": node}]
    ]
    rows[-1][1] = f"{node.name}（合计）"
    title = f"{node.name}诉求指标{period.start:%Y%m%d}-{period.last:%Y%m%d}"
    return xlsx_response(filename=f"{title}.xlsx", title="诉求指标赛马", headers=headers, rows=rows)
