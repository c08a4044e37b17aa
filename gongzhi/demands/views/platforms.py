"""The 一中心四平台 pages: a street's 调度中心 board of its four platforms, and each platform's board."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.core.periods import last_full, parse_period, period_choices
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.demands import platforms
from gongzhi.demands.views.common import PAGE_SIZE, export

RATE_COLUMNS = (
    ("resolution_rate", "办结率"),
    ("response_rate", "按时响应率"),
    ("satisfaction_rate", "满意率"),
)
COUNT_COLUMNS = (
    ("waiting", "待接单"),
    ("working", "办理中"),
    ("soon", "即将超期"),
    ("overdue", "已超期"),
)


def _percent(v) -> str:
    return "—" if v is None else f"{100 * v:.1f}%"


def _street_and_period(request):
    """Read the street and the period of the request; out of scope or missing answers 404 alike."""
    try:
        street = platforms.board_street(actor=request.user, territory_id=request.GET.get("territory"))
    except NotFound:
        raise Http404("未找到。")
    period = parse_period(request.GET.get("period"), default=last_full("month"))
    return street, period


def _periods(period) -> list[tuple[str, str]]:
    """Offer the picker's periods, and the one asked for when the picker does not list it."""
    choices = period_choices()
    if period.key not in dict(choices):
        choices.insert(0, (period.key, period.label))
    return choices


@login_required
def board_page(request):
    """Show a street's four platforms side by side, or let an official above pick the street."""
    try:
        street, period = _street_and_period(request)
    except ValidationFailed as exc:
        street, period, error = None, last_full("month"), exc.message
    else:
        error = ""
    context = {"period": period, "periods": _periods(period), "error": error, "street": street}
    if error:
        return render(request, "demands/platforms.html", context, status=400)
    if street is None:
        context["streets"] = platforms.street_choices(actor=request.user)
        return render(request, "demands/platforms.html", context)
    rows = platforms.board(actor=request.user, street=street, period=period)
    for row in rows:
        rates = row["rates"] or {}
        row["rate_cells"] = [(label, _percent(rates.get(k))) for k, label in RATE_COLUMNS]
        row["count_cells"] = [(k, label, getattr(row["counts"], k)) for k, label in COUNT_COLUMNS]
    # The link to pick another street, for those who watch more than the street they landed on.
    switch = bool(request.GET.get("territory")) and platforms.board_street(actor=request.user) is None
    context.update(
        {
            "can_switch": switch,
            "rows": rows,
            "missing": [r["label"] for r in rows if r["handler"] is None],
            "query": urlencode({"territory": street.pk, "period": period.key}),
        }
    )
    return render(request, "demands/platforms.html", context)


@login_required
def board_export(request):
    """Download the street's board: counts and rates of each platform, one row each."""
    try:
        street, period = _street_and_period(request)
    except ValidationFailed as exc:
        raise Http404(exc.message)
    if street is None:
        raise Http404("请先选择镇（街）。")
    rows = platforms.board(actor=request.user, street=street, period=period)
    headers = [
        "平台",
        "承办单位",
        *[label for _, label in COUNT_COLUMNS],
        *[label for _, label in RATE_COLUMNS],
        "交办",
        "按时响应",
        "办结",
        "应办结",
        "已评价",
        "满意与基本满意",
    ]

    def line(r):
        f = r["rates"] or {}
        return [
            r["label"],
            r["handler"].name if r["handler"] else "（未设立）",
            *[getattr(r["counts"], k) for k, _ in COUNT_COLUMNS],
            *[f.get(k) for k, _ in RATE_COLUMNS],
            f.get("dispatched"),
            f.get("responded_on_time"),
            f.get("resolved"),
            f.get("resolvable"),
            f.get("rated"),
            (f.get("satisfied") or 0) + (f.get("basically_satisfied") or 0) if f else None,
        ]

    stamp = timezone.localdate().strftime("%Y%m%d")
    return xlsx_response(
        filename=f"{street.name}一中心四平台-{period.key}-{stamp}.xlsx",
        title="一中心四平台",
        headers=headers,
        rows=[line(r) for r in rows],
    )


def _platform_or_404(request, pk: int):
    try:
        return platforms.platform_get(actor=request.user, handler_id=pk)
    except NotFound:
        raise Http404("未找到。")


@login_required
def platform_page(request, pk: int):
    """List a platform's open demands, the most urgent first, each deadline counting down."""
    handler = _platform_or_404(request, pk)
    now = timezone.now()
    qs = platforms.open_demands(actor=request.user, handler=handler)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for d in page.object_list:
        text, urgency = platforms.countdown(d.due_at, now=now)
        rows.append({"demand": d, "countdown": text, "urgency": urgency})
    counts = platforms.counts(actor=request.user, handlers=[handler], now=now)[handler.pk]
    context = {
        "handler": handler,
        "label": handler.choice_label,
        "page": page,
        "rows": rows,
        "count_cells": [(k, label, getattr(counts, k)) for k, label in COUNT_COLUMNS],
        "watches": platforms.watches(request.user, handler.territory.path),
    }
    return render(request, "demands/platform.html", context)


@login_required
def platform_export(request, pk: int):
    handler = _platform_or_404(request, pk)
    demands = platforms.open_demands(actor=request.user, handler=handler)
    return export(user=request.user, demands=demands, name=f"{handler.choice_label}-在办工单")
