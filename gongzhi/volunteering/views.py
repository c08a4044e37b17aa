"""Volunteering pages: figures per node and period, activity and volunteer lists, the residents' page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.core.validators import mask_phone
from gongzhi.people.figures import Figure
from gongzhi.people.nodes import resident_communities
from gongzhi.people.pagekit import Column, figures_page, fmt, node_and_period
from gongzhi.people.scope import is_resident_only, needs_personal_data, restrict
from gongzhi.territory.rollups import in_subtree
from gongzhi.volunteering import selectors
from gongzhi.volunteering.models import Activity, Pledge, Volunteer
from gongzhi.volunteering.workflow import SEAT_STATES

COLUMNS = [
    Column("volunteers", "志愿者"),
    Column("activities", "活动"),
    Column("service_hours", "服务时长(小时)"),
    Column("people_served", "服务人次"),
]


def _cards(node, period) -> list[Figure]:
    f = selectors.volunteering_figures(node=node, period=period)
    return [Figure(label, fmt(f[key])) for key, label in selectors.FIGURE_LABELS.items()]


def _staff_only(request) -> None:
    if is_resident_only(request.user):
        raise PermissionDenied("居民请查看本社区公示页。")


@login_required
def figures(request):
    _staff_only(request)
    return figures_page(
        request,
        template="volunteering/figures.html",
        title="志愿服务",
        cards=_cards,
        children=lambda n, p: selectors.volunteering_children(node=n, period=p),
        columns=COLUMNS,
    )


def _rows_page(request, qs, headers, row, title):
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            filename=f"{title}.xlsx",
            title=title,
            headers=headers,
            rows=(row(o) for o in qs.iterator(chunk_size=2000)),
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return page, [row(o) for o in page.object_list]


@login_required
def activities(request):
    _staff_only(request)
    node, period, _ = node_and_period(request)
    start, end = period.bounds()
    qs = (
        in_subtree(restrict(Activity.objects.all(), request.user), node, "territory")
        .filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("territory", "team")
        .annotate(
            taken=Count("sign_ups", filter=Q(sign_ups__state__in=SEAT_STATES)),
            hours=Count("sign_ups", filter=Q(sign_ups__state="checked_out")),
        )
        .order_by("-starts_at", "-id")
    )
    headers = ["活动名称", "类别", "辖区", "开始时间", "报名/名额", "参与", "服务人次", "状态"]

    def row(a):
        local = timezone.localtime(a.starts_at)
        return [
            a.title,
            a.get_category_display(),
            a.territory.name,
            f"{local:%Y-%m-%d %H:%M}",
            f"{a.taken}/{a.capacity}",
            a.hours,
            a.people_served,
            a.get_state_display(),
        ]

    out = _rows_page(request, qs, headers, row, f"志愿活动-{node.name}-{period.label}")
    if not isinstance(out, tuple):
        return out
    page, rows = out
    return render(
        request,
        "volunteering/list.html",
        {"title": "志愿活动", "node": node, "period": period, "headers": headers, "rows": rows, "page": page},
    )


@login_required
def volunteers(request):
    _staff_only(request)
    node, period, _ = node_and_period(request)
    full = needs_personal_data(request.user, node.path)
    qs = (
        in_subtree(restrict(Volunteer.objects.all(), request.user), node, "territory")
        .select_related("territory", "team", "party_member")
        .order_by("territory__path", "name")
    )
    headers = ["姓名", "手机号", "注册社区", "所在队伍", "党员", "在职党员双报到"]

    def row(v):
        member = v.party_member
        return [
            v.name,
            v.phone if full else mask_phone(v.phone),
            v.territory.name,
            v.team.name if v.team else "",
            "是" if member else "否",
            "是" if member and member.registered_in_service else "否",
        ]

    out = _rows_page(request, qs, headers, row, f"志愿者-{node.name}")
    if not isinstance(out, tuple):
        return out
    page, rows = out
    return render(
        request,
        "volunteering/list.html",
        {"title": "志愿者", "node": node, "period": period, "headers": headers, "rows": rows, "page": page},
    )


@login_required
def pledges(request):
    _staff_only(request)
    node, period, _ = node_and_period(request)
    qs = (
        in_subtree(restrict(Pledge.objects.all(), request.user), node, "territory")
        .filter(year__gte=period.start.year, year__lte=period.last_day.year)
        .select_related("party_member", "territory")
        .order_by("-year", "territory__path", "party_member__name")
    )
    headers = ["党员", "社区", "年度", "承诺(亮诺)", "成效(亮绩)", "公示"]

    def row(p):
        return [
            p.party_member.name,
            p.territory.name,
            p.year,
            p.promise,
            p.result,
            "已公示" if p.published_at else "未公示",
        ]

    out = _rows_page(request, qs, headers, row, f"亮诺亮绩-{node.name}")
    if not isinstance(out, tuple):
        return out
    page, rows = out
    return render(
        request,
        "volunteering/list.html",
        {"title": "亮诺亮绩", "node": node, "period": period, "headers": headers, "rows": rows, "page": page},
    )


@login_required
def public(request):
    """What the residents of a community see: pledges, claimed posts, activities open for sign-up."""
    sections = [
        {
            "community": c,
            "pledges": list(selectors.public_pledges(community=c)[:200]),
            "claims": list(selectors.public_claims(community=c)[:200]),
            "activities": list(selectors.open_activities(community=c, now=timezone.now())[:20]),
        }
        for c in resident_communities(request.user)
    ]
    return render(request, "volunteering/public.html", {"sections": sections})
