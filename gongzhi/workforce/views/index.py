"""The workforce index: what needs doing in the viewer's area first, then the figures."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.core.figures import providers
from gongzhi.core.periods import date_range, today
from gongzhi.people.scope import is_staff_viewer
from gongzhi.workforce.indicators import for_node
from gongzhi.workforce.selectors.access import is_assessor_over
from gongzhi.workforce.selectors.pay import own_pay
from gongzhi.workforce.selectors.todo import todo_for
from gongzhi.workforce.services import pay_compute, red_card_class_enrol
from gongzhi.workforce.views.common import drill, page_context, staff_node

SHOWN = 10


def _figures(node) -> list[tuple[str, str, str]]:
    """Return the area's figures for this year so far as (label, value, note)."""
    provider = next(p for p in providers(["workforce"]))
    values = for_node(node=node, period=date_range(dt.date(today().year, 1, 1), today()))
    out = []
    for d in provider.definitions:
        v = values.get(d.key)
        if v is None or v.value is None:
            shown = "—"
        elif d.is_rate:
            shown = f"{v.value:.1%}"
        elif isinstance(v.value, float) and not v.value.is_integer():
            shown = f"{v.value:,.1f}"
        else:
            shown = f"{int(v.value):,}"
        note = "" if v is None or v.denominator is None else f"{v.numerator:,.0f} / {v.denominator:,.0f}"
        out.append((d.label, f"{shown} {d.unit if not d.is_rate and shown != '—' else ''}".strip(), note))
    return out


@login_required
def index(request):
    if not is_staff_viewer(request.user):
        return redirect("workforce:cards")
    node = staff_node(request)
    todo = todo_for(actor=request.user, node=node)
    ctx = page_context(request, node, "index")
    ctx.update(
        todo=todo,
        shown=SHOWN,
        children=drill(node),
        figures=_figures(node),
        year=today().year,
        own=own_pay(actor=request.user),
        assessor=is_assessor_over(request.user, node.path),
    )
    return render(request, "workforce/index.html", ctx)


@login_required
@require_POST
def pay_run(request):
    """核算 a year's pay for a node (street officials and above)."""
    territory = request.POST.get("territory")
    try:
        run = pay_compute(actor=request.user, year=int(request.POST.get("year") or 0), territory_id=territory)
    except NotFound:
        raise Http404("未找到。")
    except (ApplicationError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", "年度应为四位年份。"))
    else:
        note = (
            f"，其中 {len(run.without_result)} 人尚无公布的考核等次，绩效报酬暂按 0 计"
            if run.without_result
            else ""
        )
        messages.success(
            request, f"已核算 {run.year} 年度报酬：{run.workers} 人，合计 {run.total:,.2f} 元{note}。"
        )
    return redirect(reverse("workforce:workers") + f"?territory={territory}&year={request.POST.get('year')}")


@login_required
@require_POST
def red_card_enrol(request):
    territory = request.POST.get("territory")
    try:
        done = red_card_class_enrol(
            actor=request.user, period_key=request.POST.get("period", ""), territory_id=territory
        )
    except NotFound:
        raise Http404("未找到。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("workforce:index") + f"?territory={territory}")
    messages.success(
        request, f"已编入「{done.course.name}」{done.enrolled} 人（此前已编入 {done.already} 人）。"
    )
    return redirect("workforce:course", pk=done.course.pk)
