"""Pages of smart dispatch: hotspots (每月一题 and sudden rises) under /dispatch/."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.html import format_html, format_html_join

from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.demands.selectors import territory_in_scope
from gongzhi.dispatch.hotspots import hotspots, shift
from gongzhi.people.scope import scope_of
from gongzhi.territory.models import Territory
from gongzhi.territory.svgmap import short_name, territory_svg


def node_for(actor, territory_id) -> Territory:
    """The asked node inside the actor's subtrees, or the first root of their scope; NotFound otherwise."""
    if territory_id:
        return territory_in_scope(actor=actor, territory_id=territory_id)
    roots = scope_of(actor)
    qs = Territory.objects.order_by("path")
    node = qs.filter(depth=1).first() if roots is None else qs.filter(path__in=roots).first()
    if node is None:
        raise NotFound("辖区未找到。")
    return node


def bar_chart(units: list[dict], *, caption: str) -> str:
    """Horizontal bars of each unit's demands in the month, its top issue named; inline SVG that scales."""
    shown = [r for r in units if r["total"]][:30]
    if not shown:
        return ""
    peak = max(r["total"] for r in shown)
    bar_h, gap, left, width = 18, 6, 110, 480
    span = width - left - 120
    height = len(shown) * (bar_h + gap) + 24

    def y(i):
        return 24 + i * (bar_h + gap)

    bars = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#c0392b" rx="2"><title>{}：{} 件</title></rect>'
        '<text x="{}" y="{}" font-size="11" fill="#333">{} · {}</text>',
        (
            (
                left - 6,
                y(i) + bar_h - 5,
                short_name(r["territory"].name)[:8],
                left,
                y(i),
                round(span * r["total"] / peak, 1),
                bar_h,
                r["territory"].name,
                r["total"],
                left + round(span * r["total"] / peak, 1) + 4,
                y(i) + bar_h - 5,
                r["total"],
                r["top"][0]["category"] if r["top"] else "",
            )
            for i, r in enumerate(shown)
        ),
    )
    return format_html(
        '<svg viewBox="0 0 {} {}" width="100%" style="max-width: 40rem" role="img" aria-label="{}" class="gz-bars">'
        '<text x="0" y="14" font-size="12" fill="#666">{} · 第一位问题</text>{}</svg>',
        width,
        height,
        caption,
        caption,
        bars,
    )


# Five reds from few to many demands; a unit with none is grey.
SHADES = ["#fee5d9", "#fcbba1", "#fc9272", "#fb6a4a", "#de2d26"]
NONE = "#f1f3f5"


def hotspot_map(node, data: dict, *, month: str) -> str:
    """The children coloured by their demands this month, each titled with its top issue and linked."""
    units = [r for r in data["units"] if r["territory"] != node]
    if not units:
        return ""
    most = max(r["total"] for r in units) or 1
    fill = {
        r["territory"].pk: SHADES[min(len(SHADES) - 1, r["total"] * len(SHADES) // (most + 1))]
        if r["total"]
        else NONE
        for r in units
    }
    titles = {
        r["territory"].pk: f"{r['territory'].name}：{r['total']} 件"
        + (f"，最多：{r['top'][0]['category']}" if r["top"] else "")
        for r in units
    }
    return territory_svg(
        node=node,
        children=[r["territory"] for r in units],
        url_for=lambda c: f"?territory={c.pk}&month={month}",
        fill_for=lambda c: fill.get(c.pk, NONE),
        title_for=lambda c: titles.get(c.pk, c.name),
    )


@login_required
def hotspots_page(request):
    try:
        node = node_for(request.user, request.GET.get("territory"))
        data = hotspots(node=node, month=request.GET.get("month"))
    except NotFound:
        raise Http404("未找到。")
    except ValidationFailed as exc:
        return render(request, "dispatch/hotspots.html", {"error": exc.message}, status=400)
    children = list(node.get_children().order_by("path"))
    return render(
        request,
        "dispatch/hotspots.html",
        {
            **data,
            "children": children,
            "month_value": f"{data['month']:%Y-%m}",
            "prev_month": f"{shift(data['month'], -1):%Y-%m}",
            "next_month": f"{shift(data['month'], 1):%Y-%m}",
            "chart": bar_chart(data["units"], caption=f"各{data['unit_level']}{data['month'].month}月诉求数"),
            "map": hotspot_map(node, data, month=f"{data['month']:%Y-%m}"),
        },
    )
