"""Points pages: figures and star households per node and period, the ledger, the shop, the red and black lists."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from gongzhi.core.errors import ApplicationError
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.people.figures import Figure
from gongzhi.people.nodes import resident_communities
from gongzhi.people.pagekit import Column, figures_page, fmt, node_and_period
from gongzhi.people.scope import is_resident_only, needs_personal_data, restrict
from gongzhi.points import rolls, selectors
from gongzhi.points.models import PointEntry, ShopItem
from gongzhi.territory.levels import Level
from gongzhi.territory.rollups import in_subtree

COLUMNS = [
    Column("awarded", "加分"),
    Column("deducted", "扣分"),
    Column("redeemed", "兑换积分"),
    Column("star_households", "星级文明户"),
]


def _staff_only(request) -> None:
    if is_resident_only(request.user):
        raise PermissionDenied("居民请查看本社区红黑榜。")


def _cards(node, period) -> list[Figure]:
    f = selectors.points_figures(node=node, period=period)
    cards = [Figure(label, fmt(f[key])) for key, label in selectors.FIGURE_LABELS.items()]
    cards += [Figure("★" * stars, fmt(f["stars"][stars]), "户") for stars, _ in selectors.STAR_THRESHOLDS]
    return cards


def _extra(node, period) -> dict:
    items = in_subtree(ShopItem.objects.filter(active=True), node, "territory").select_related("territory")
    return {
        "shop_items": list(items.order_by("territory__path", "cost")[:30]),
        "is_community": node.level == Level.COMMUNITY,
    }


@login_required
def figures(request):
    _staff_only(request)
    if request.method == "POST":
        return _publish(request)
    return figures_page(
        request,
        template="points/figures.html",
        title="积分制",
        cards=_cards,
        children=lambda n, p: selectors.points_children(node=n, period=p),
        columns=COLUMNS,
        extra=_extra,
    )


def _publish(request):
    node, period, problem = node_and_period(request)
    try:
        lines = rolls.roll_publish(actor=request.user, community_id=node.pk, period=period)
        messages.success(request, f"已公示 {node.name} {period.label} 红黑榜，共 {len(lines)} 条。")
    except ApplicationError as exc:
        messages.warning(request, exc.message)
    return redirect(request.get_full_path())


@login_required
def ledger(request):
    _staff_only(request)
    node, period, _ = node_and_period(request)
    full = needs_personal_data(request.user, node.path)
    qs = (
        in_subtree(restrict(PointEntry.objects.all(), request.user), node, "account__territory")
        .filter(occurred_on__gte=period.start, occurred_on__lt=period.end)
        .select_related("account__household", "account__volunteer", "rule")
        .order_by("-occurred_on", "-id")
    )
    # Who and how many points first: on a phone the columns after the third are off-screen.
    headers = ["积分户/志愿者", "分值", "日期", "类型", "规则", "事由"]

    def row(e):
        return [
            selectors.account_label(e.account, full=full),
            f"{e.points:+d}",
            e.occurred_on,
            e.get_kind_display(),
            e.rule.name if e.rule else "",
            e.reason,
        ]

    title = f"积分流水-{node.name}-{period.label}"
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=f"{title}.xlsx",
            title=title,
            headers=headers,
            rows=(row(e) for e in qs.iterator(chunk_size=2000)),
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "volunteering/list.html",
        {
            "title": "积分流水",
            "node": node,
            "period": period,
            "headers": headers,
            "rows": [row(e) for e in page],
            "page": page,
            "tabs": "points/tabs.html",
        },
    )


@login_required
def public(request):
    """The red and black lists residents of a community see (surnames only)."""
    sections = [
        {"community": c, **selectors.public_rolls(community=c)} for c in resident_communities(request.user)
    ]
    return render(request, "points/public.html", {"sections": sections})
