"""Mediation pages: figures per node and period with the case list (and Excel), one case with its steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.mediation import selectors, workflow
from gongzhi.mediation.services import dispute_transition
from gongzhi.mediation.workflow import ReferralTarget, Source, State
from gongzhi.people.pagekit import pct, where_when


@login_required
def index(request):
    ctx = where_when(request)
    node, period = ctx["node"], ctx["period"]
    qs = selectors.dispute_list(actor=request.user).filter(territory__path__startswith=node.path)
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    if request.GET.get("format") == "xlsx":
        headers = ["编号", "发生辖区", "来源", "纠纷类型", "受理时间", "状态", "调解员", "当事人"]
        rows = (
            [
                d.pk,
                d.territory.name,
                d.get_source_display(),
                d.get_kind_display(),
                d.received_at.strftime("%Y-%m-%d %H:%M"),
                d.get_state_display(),
                d.mediator.name if d.mediator else "",
                _parties(request.user, d),
            ]
            for d in qs[:20000]
        )
        return xlsx_response(
            filename=f"矛盾纠纷-{node.name}.xlsx", title=f"矛盾纠纷-{node.name}", headers=headers, rows=rows
        )
    figures = selectors.mediation_figures(node=node, period=period)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    ctx.update(
        figures=figures,
        success=pct(figures.success_rate),
        sources=[(str(lbl), figures.by_source.get(v, 0)) for v, lbl in Source.choices],
        children=[
            (c, f, pct(f.success_rate))
            for c, f in selectors.mediation_figures_by_child(node=node, period=period)
        ][:60]
        if node.level in ("city", "district", "street", "province")
        else [],
        page=page,
        rows=[(d, _parties(request.user, d)) for d in page],
        states=State.choices,
        state=state,
    )
    return render(request, "mediation/index.html", ctx)


def _parties(user, dispute) -> str:
    full = selectors.sees_parties(actor=user, dispute=dispute)
    return "、".join(selectors.party_view(p, full=full)["name"] for p in dispute.parties.all())


@login_required
def detail(request, pk: int):
    try:
        d = selectors.dispute_get(actor=request.user, dispute_id=pk)
    except NotFound:
        raise Http404("未找到。")
    parties = selectors.case_parties(actor=request.user, dispute=d)
    full = selectors.sees_parties(actor=request.user, dispute=d)
    actions = [(name, workflow.TRANSITIONS[name]) for name in workflow.available(d.state, parties)]
    mediators = (
        list(selectors.mediator_choices(actor=request.user, dispute=d)[:100])
        if workflow.DESK in parties or workflow.SUPERVISOR in parties
        else []
    )
    return render(
        request,
        "mediation/detail.html",
        {
            "d": d,
            "parties": [selectors.party_view(p, full=full) for p in d.parties.all()],
            "full": full,
            "actions": actions,
            "mediators": mediators,
            "targets": ReferralTarget.choices,
        },
    )


@login_required
@require_POST
def transition(request, pk: int):
    p = request.POST
    extra = {k: p[k] for k in ("mediator_id", "agreement", "referral_target", "place") if p.get(k)}
    try:
        dispute_transition(
            actor=request.user, dispute_id=pk, action=p.get("action", ""), note=p.get("note", ""), **extra
        )
    except NotFound:
        raise Http404("未找到。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已保存。")
    return redirect("mediation:detail", pk=pk)
