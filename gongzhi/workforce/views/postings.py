"""驻村强基 pages: coverage per village (with a map), the postings, one posting's days on site."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.core.periods import period_of, today
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.core.validators import mask_phone
from gongzhi.people.scope import can_edit
from gongzhi.territory.svgmap import territory_svg
from gongzhi.workforce.selectors.access import sees_phones
from gongzhi.workforce.selectors.postings import (
    COVERAGE_KINDS,
    applies,
    coverage,
    coverage_summary,
    onsite_days,
    posting_get,
    posting_list,
)
from gongzhi.workforce.selectors.tree import Owners
from gongzhi.workforce.services import onsite_day_log
from gongzhi.workforce.views.common import drill, page_context, staff_node
from gongzhi.workforce.workflow import STATIONED_KINDS, PostingKind

COVERED, MISSING, PARTLY = "#66bb6a", "#ef5350", "#ffca28"


def _day(request) -> dt.date:
    raw = (request.GET.get("date") or "").strip()
    try:
        return min(dt.date.fromisoformat(raw), today()) if raw else today()
    except ValueError:
        return today()


@login_required
def coverage_view(request):
    """Which villages and communities have their first secretary, cadre, police and leader; the gaps first."""
    node = staff_node(request)
    day = _day(request)
    rows = coverage(node=node, day=day)
    missing_kind = request.GET.get("missing", "")
    if missing_kind in PostingKind.values:
        rows = [r for r in rows if applies(missing_kind, r.node) and not r.has(missing_kind)]
    rows.sort(key=lambda r: (-len(r.missing()), r.node.path))
    labels = dict(PostingKind.choices)
    if request.GET.get("format") == "xlsx":
        headers = ["村(社区)", "类型", *[str(labels[k]) for k in COVERAGE_KINDS], "缺少"]
        out = (
            [
                r.node.name,
                "行政村" if r.village else "社区",
                *[
                    ("、".join(r.people.get(k, [])) or "无") if applies(k, r.node) else "不适用"
                    for k in COVERAGE_KINDS
                ],
                "、".join(str(labels[k]) for k in r.missing()),
            ]
            for r in rows
        )
        return xlsx_response(
            filename=f"驻村覆盖-{node.name}-{day}.xlsx", title="驻村覆盖", headers=headers, rows=out
        )
    summary = coverage_summary(coverage(node=node, day=day)) if missing_kind else coverage_summary(rows)
    ctx = page_context(request, node, "coverage")
    ctx.update(
        day=day,
        rows=[(r, [_cell(r, k) for k in COVERAGE_KINDS]) for r in rows[:500]],
        total=len(rows),
        kinds=[(k, labels[k]) for k in COVERAGE_KINDS],
        summary=[(labels[k], *summary.share(k)) for k in COVERAGE_KINDS],
        missing_kind=missing_kind,
        missing_label=labels.get(missing_kind, ""),
        children=drill(node),
        svg=_map(node, day),
    )
    return render(request, "workforce/coverage.html", ctx)


def _cell(row, kind: str) -> tuple[str, str]:
    if not applies(kind, row.node):
        return "na", ""
    names = row.people.get(kind, [])
    return ("ok", "、".join(names)) if names else ("missing", "")


def _map(node, day):
    """Colour the children: green when every village and community below has its first secretary
    (villages) and police officer, red when none has, amber in between."""
    children = drill(node)
    if not children:
        return ""
    owners = Owners(children)
    need: dict[int, list[int]] = {c.pk: [0, 0] for c in children}
    for r in coverage(node=node, day=day):
        child = owners.of(r.node.path)
        if child is None:
            continue
        need[child.pk][0] += 1
        need[child.pk][1] += 0 if r.missing() else 1
    counts = {pk: v for pk, v in need.items() if v[0]}

    def fill(c):
        total, full = counts.get(c.pk, (0, 0))
        if not total:
            return "#e0e0e0"
        return COVERED if full == total else MISSING if full == 0 else PARTLY

    def title(c):
        total, full = counts.get(c.pk, (0, 0))
        return f"{c.name}：{full}/{total} 个村(社区)驻村力量齐全"

    return territory_svg(
        node=node,
        children=children,
        url_for=lambda c: reverse("workforce:coverage") + f"?territory={c.pk}",
        fill_for=fill,
        title_for=title,
    )


@login_required
def postings(request):
    node = staff_node(request)
    qs = posting_list(actor=request.user, node=node)
    kind = request.GET.get("kind", "")
    if kind in PostingKind.values:
        qs = qs.filter(kind=kind)
    if request.GET.get("active") == "1":
        day = today()
        qs = qs.filter(start__lte=day).exclude(end__lt=day)
    full = sees_phones(request.user, node.path)
    year = period_of("year", today())
    if request.GET.get("format") == "xlsx":
        items = list(qs[:20000])
        days = onsite_days(postings=items, period=year)
        headers = [
            "编号",
            "类别",
            "姓名",
            "手机号",
            "派出单位",
            "原职务",
            "驻点村(社区)",
            "开始日期",
            "结束日期",
            f"{year.label}在岗天数",
        ]
        out = (
            [p.pk, p.get_kind_display(), p.person_name, p.phone if full else mask_phone(p.phone), p.from_unit, p.title,
             p.territory.name, p.start.isoformat(), p.end.isoformat() if p.end else "", days.get(p.pk, 0)]
            for p in items
        )  # fmt: skip
        return xlsx_response(
            filename=f"驻村力量-{node.name}.xlsx", title="驻村力量", headers=headers, rows=out
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    days = onsite_days(postings=list(page), period=year)
    ctx = page_context(request, node, "postings")
    ctx.update(
        page=page,
        rows=[
            (p, p.phone if full else mask_phone(p.phone), days.get(p.pk, 0), p.kind in STATIONED_KINDS)
            for p in page
        ],
        kinds=PostingKind.choices,
        kind=kind,
        active_only=request.GET.get("active") == "1",
        year=year,
        children=drill(node),
    )
    return render(request, "workforce/postings.html", ctx)


@login_required
def posting_detail(request, pk: int):
    try:
        p = posting_get(actor=request.user, posting_id=pk)
    except NotFound:
        raise Http404("未找到。")
    year = period_of("year", today())
    dates = list(p.days.filter(date__gte=year.start, date__lt=year.end).values_list("date", flat=True))
    per_month: dict[int, int] = {}
    for d in dates:
        per_month[d.month] = per_month.get(d.month, 0) + 1
    first = max(p.start, year.start).month if max(p.start, year.start) < year.end else 13
    last = min(today(), p.end or today(), year.last_day).month
    months = [(f"{year.start.year}年{m}月", per_month.get(m, 0)) for m in range(first, last + 1)]
    recent = list(p.days.order_by("-date")[:30])
    ctx = page_context(request, p.territory, "postings")
    ctx.update(
        p=p,
        phone=p.phone if sees_phones(request.user, p.territory.path) else mask_phone(p.phone),
        months=months,
        recent=recent,
        may_log=p.kind in STATIONED_KINDS and can_edit(request.user, p.territory.path),
        today=today(),
    )
    return render(request, "workforce/posting.html", ctx)


@login_required
@require_POST
def log_day(request, pk: int):
    try:
        day = dt.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        messages.error(request, "日期格式不对，应写成 2026-05-01。")
        return redirect("workforce:posting", pk=pk)
    try:
        _, created = onsite_day_log(
            actor=request.user, posting_id=pk, day=day, note=request.POST.get("note", "")
        )
    except NotFound:
        raise Http404("未找到。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"已登记 {day:%Y-%m-%d} 在岗。" if created else f"{day:%Y-%m-%d} 已登记过，未重复登记。"
        )
    return redirect("workforce:posting", pk=pk)
