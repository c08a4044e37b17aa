"""Safe-household pages: figures per node and period with the list (and Excel), one assessment with its steps."""

from __future__ import annotations

from itertools import islice

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.people.pagekit import pct, where_when
from gongzhi.people.scope import roles_at
from gongzhi.safety import selectors, workflow
from gongzhi.safety.services import assessment_transition
from gongzhi.safety.workflow import Criterion, State
from gongzhi.territory.selectors import place_labels


@login_required
def index(request):
    ctx = where_when(request)
    node, period = ctx["node"], ctx["period"]
    qs = selectors.assessment_list(actor=request.user).within([node.path])
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    if request.GET.get("format") == "xlsx":
        headers = [
            "编号",
            "户",
            "来源",
            "申请人/推荐人",
            "状态",
            "牌匾",
            "授牌日期",
            "下次复核日期",
            "摘牌/不通过原因",
        ]

        def rows_of(assessments):
            labels = place_labels([a.household for a in assessments], below=node)
            for a in assessments:
                yield [
                    a.pk,
                    labels[a.household_id],
                    a.get_origin_display(),
                    a.applicant_name,
                    a.get_state_display(),
                    a.get_plaque_display(),
                    a.awarded_on,
                    a.next_recheck_on,
                    a.lost_reason,
                ]

        def chunks(size=2000):
            it = qs.select_related("household").iterator(chunk_size=size)
            while chunk := list(islice(it, size)):
                yield chunk

        rows = (row for chunk in chunks() for row in rows_of(chunk))
        return xlsx_response(
            filename=f"平安家庭-{node.name}.xlsx", title=f"平安家庭-{node.name}", headers=headers, rows=rows
        )
    figures = selectors.safety_figures(node=node, period=period)
    page = Paginator(qs.select_related("household"), 50).get_page(request.GET.get("page"))
    labels = place_labels([a.household for a in page], below=node)
    for a in page:
        a.place = labels[a.household_id]
    ctx.update(
        figures=figures,
        compliance=pct(figures.compliance_rate),
        coverage=pct(figures.coverage_rate),
        children=[
            (c, f, pct(f.compliance_rate))
            for c, f in selectors.safety_figures_by_child(node=node, period=period)
        ][:60]
        if node.level in ("city", "district", "street", "community", "province")
        else [],
        page=page,
        states=State.choices,
        state=state,
    )
    return render(request, "safety/index.html", ctx)


@login_required
def detail(request, pk: int):
    try:
        a = selectors.assessment_get(actor=request.user, assessment_id=pk)
    except NotFound:
        raise Http404("未找到。")
    roles = (
        roles_at(request.user, a.household.path)
        if not request.user.is_superuser
        else set(workflow.DESK | workflow.CHECKERS | workflow.REVIEWERS)
    )
    actions = [(name, workflow.TRANSITIONS[name]) for name in workflow.available(a.state, roles)]
    return render(request, "safety/detail.html", {"a": a, "actions": actions, "criteria": Criterion.choices})


@login_required
@require_POST
def transition(request, pk: int):
    criteria = None
    if request.POST.get("action") in ("grid_check", "recheck"):
        criteria = {c: request.POST.get(c) == "on" for c in workflow.five_no_criteria}
    try:
        assessment_transition(
            actor=request.user,
            assessment_id=pk,
            action=request.POST.get("action", ""),
            note=request.POST.get("note", ""),
            criteria=criteria,
        )
    except NotFound:
        raise Http404("未找到。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已保存。")
    return redirect("safety:detail", pk=pk)
