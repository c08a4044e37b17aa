"""Assessment pages: the work first, a scheme with its results, one result with its explanation and steps."""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from gongzhi.assessment import selectors, workflow
from gongzhi.assessment.access import is_assessor, parties_of
from gongzhi.assessment.models import Appeal, ManualScore, Source
from gongzhi.assessment.schemes import BRANCH_FIVE_STAR, SECRETARY_CARD
from gongzhi.assessment.scoring import number
from gongzhi.assessment.services import (
    manual_score_enter,
    result_transition,
    results_bulk_transition,
    scheme_run,
)
from gongzhi.assessment.views.common import (
    event_label,
    grade_rules,
    is_assessing,
    line_row,
    node_of,
    page,
    staff_only,
)
from gongzhi.assessment.workflow import State
from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.core.figures import definitions
from gongzhi.core.periods import parse_period
from gongzhi.core.spreadsheet import xlsx_response

PAGE_SIZE = 50


@login_required
def index(request):
    """考评: what to run, review and decide first; then the schemes with their periods and grades."""
    staff_only(request)
    user = request.user
    schemes = list(selectors.scheme_list())
    periods = selectors.periods_with_results()
    assessing = is_assessing(user)
    rows = []
    for s in schemes:
        keys = periods.get(s.pk, [])
        latest = keys[-1] if keys else ""
        counts = selectors.grade_counts(actor=user, scheme=s, period_key=latest) if latest else {}
        version = selectors.version_current(scheme=s)
        grades = [(g.label, counts.get(g.code, 0)) for g in version.grades.all()] if version else []
        rows.append(
            {
                "scheme": s,
                "periods": [parse_period(k) for k in keys],
                "latest": parse_period(latest) if latest else None,
                "grades": grades,
                "due": selectors.due_periods(scheme=s, done=set(keys), back=1) if assessing else [],
                "board": s.code in (BRANCH_FIVE_STAR, SECRETARY_CARD),
            }
        )
    context = {
        "rows": rows,
        "assessing": assessing,
        "waiting": selectors.assessed_waiting(actor=user) if assessing else [],
        "appeals": list(selectors.appeals_waiting(actor=user)[:50]) if assessing else [],
        "mine": list(selectors.my_results(actor=user)[:20]),
        "node": node_of(request),
    }
    return page(request, "assessment/index.html", context)


@login_required
def scheme_detail(request, code: str):
    staff_only(request)
    try:
        scheme = selectors.scheme_get(code=code)
    except NotFound:
        raise Http404("未找到。")
    user = request.user
    node = node_of(request)
    keys = selectors.scheme_periods(scheme=scheme)
    period_key = request.GET.get("period") or (keys[-1] if keys else "")
    if period_key and period_key not in keys:
        period_key = ""
    grade, state = request.GET.get("grade", ""), request.GET.get("state", "")
    qs = (
        selectors.result_list(
            actor=user, scheme=scheme, period_key=period_key, grade=grade, state=state, node=node
        )
        if period_key
        else selectors.result_list(actor=user, scheme=scheme).none()
    )
    if request.GET.get("format") == "xlsx":
        return _export(scheme, period_key, node, qs)
    version = selectors.version_current(scheme=scheme)
    defs = definitions()
    counts = (
        selectors.grade_counts(actor=user, scheme=scheme, period_key=period_key, node=node)
        if period_key
        else {}
    )
    listing = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode(
        {
            k: v
            for k, v in {"period": period_key, "grade": grade, "state": state, "territory": node.pk}.items()
            if v
        }
    )
    context = {
        "scheme": scheme,
        "version": version,
        "versions": list(scheme.versions.order_by("-number")),
        "indicators": [
            {
                "i": i,
                "source": defs[i.figure_key].label
                if i.source == Source.FIGURE and i.figure_key in defs
                else "人工评分",
            }
            for i in (version.indicators.all() if version else [])
        ],
        "grades": list(version.grades.all()) if version else [],
        "grade_cards": [
            {"g": g, "rule": rule, "n": counts.get(g.code, 0)}
            for g, rule in grade_rules(version.grades.all() if version else [])
        ],
        "periods": [parse_period(k) for k in keys],
        "period": parse_period(period_key) if period_key else None,
        "grade": grade,
        "state": state,
        "states": State.choices,
        "counts": selectors.grade_counts(actor=user, scheme=scheme, period_key=period_key, node=node)
        if period_key
        else {},
        "node": node,
        "page": listing,
        "query": query,
        "assessing": is_assessing(user),
        "due": selectors.due_periods(scheme=scheme, done=set(), back=4) if is_assessing(user) else [],
    }
    return page(request, "assessment/scheme.html", context)


def _export(scheme, period_key, node, qs):
    headers = [
        "考核期",
        "考核对象",
        "职务/组织",
        "所在辖区",
        "得分",
        "等级",
        "一票否决",
        "末位",
        "状态",
        "结果版本",
    ]
    rows = (
        [
            r.period_key,
            r.subject_name,
            r.subject_post,
            r.territory.name,
            float(r.score),
            r.grade_label,
            "是" if r.vetoed else "",
            "是" if r.bottom else "",
            r.get_state_display(),
            r.number,
        ]
        for r in qs.iterator(chunk_size=2000)
    )
    label = parse_period(period_key).label if period_key else ""
    return xlsx_response(
        filename=f"{scheme.name}-{label}-{node.name}.xlsx",
        title=f"{scheme.name}{label}",
        headers=headers,
        rows=rows,
    )


@login_required
@require_POST
def scheme_run_view(request, code: str):
    staff_only(request)
    period_key = request.POST.get("period", "")
    try:
        outcome = scheme_run(actor=request.user, scheme_code=code, period_key=period_key)
    except NotFound:
        raise Http404("未找到。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("assessment:scheme", code=code)
    messages.success(
        request, f"{parse_period(outcome.period).label}：{outcome.message}（用时 {outcome.seconds:.1f} 秒）"
    )
    return redirect(reverse("assessment:scheme", args=[code]) + f"?period={outcome.period}")


@login_required
@require_POST
def scheme_bulk_view(request, code: str):
    staff_only(request)
    period_key, action = request.POST.get("period", ""), request.POST.get("action", "")
    try:
        n = results_bulk_transition(
            actor=request.user, scheme_code=code, period_key=period_key, action=action
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        label = workflow.TRANSITIONS[action].label
        messages.success(request, f"已{label} {n} 个结果。" if n else f"没有可{label}的结果。")
    return redirect(reverse("assessment:scheme", args=[code]) + f"?period={period_key}")


@login_required
def result_detail(request, pk: int):
    try:
        r = selectors.result_get(actor=request.user, result_id=pk)
    except NotFound:
        raise Http404("未找到。")
    parties = parties_of(
        request.user,
        kind=r.subject_kind,
        subject_id=r.subject_id,
        territory_id=r.territory_id,
        path=r.territory.path,
    )
    actions = (
        [(a, workflow.TRANSITIONS[a]) for a in workflow.available(r.state, parties)] if r.current else []
    )
    defs = definitions()
    versions = selectors.result_versions(result=r)
    lines = [line_row(ln, defs) for ln in r.lines.all()]
    context = {
        "r": r,
        "lines": lines,
        "total_weight": number(sum(ln.weight for ln in r.lines.all())),
        "score": number(r.score),
        "versions": versions,
        "events": [(e, event_label(e.action)) for e in r.events.all()],
        "appeals": list(
            Appeal.objects.filter(result__in=versions)
            .select_related("line", "appellant", "decided_by")
            .order_by("created_at", "pk")
        ),
        "actions": actions,
        "appeal_lines": [ln for ln in r.lines.all()],
        "open_appeal": next((a for a in r.appeals.all() if a.state == "open"), None),
        "manual_lines": [ln for ln in lines if ln["line"].source == Source.MANUAL]
        if r.current and is_assessor(request.user, r.territory.path)
        else [],
    }
    return page(request, "assessment/result.html", context)


@login_required
@require_POST
def result_step(request, pk: int):
    p = request.POST
    try:
        r = result_transition(
            actor=request.user,
            result_id=pk,
            action=p.get("action", ""),
            reason=p.get("reason", ""),
            line_id=p.get("line_id") or None,
            points=p.get("points") or None,
        )
    except NotFound:
        raise Http404("未找到。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("assessment:result", pk=pk)
    messages.success(request, "已保存。" if r.pk == pk else f"已更正，生成第{r.number}版结果。")
    return redirect("assessment:result", pk=r.pk)


@login_required
@require_POST
def manual_score(request, pk: int):
    """Enter a manual score for one line's indicator, subject and period; the next run reads it."""
    try:
        r = selectors.result_get(actor=request.user, result_id=pk)
    except NotFound:
        raise Http404("未找到。")
    p = request.POST
    try:
        manual_score_enter(
            actor=request.user,
            scheme_code=r.scheme.code,
            indicator_code=p.get("indicator", ""),
            period_key=r.period_key,
            subject_id=r.subject_id,
            value=p.get("value"),
            note=p.get("note", ""),
            evidence=request.FILES.get("evidence"),
        )
    except NotFound:
        raise Http404("未找到。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "人工评分已保存。重新运行本期考评后计入得分。")
    return redirect("assessment:result", pk=pk)


@login_required
def evidence(request, pk: int):
    """Send a manual score's evidence file to someone who may see a result it backs, or its assessor."""
    score = ManualScore.objects.filter(pk=pk).select_related("territory").first()
    user = request.user
    if score is None or not score.evidence:
        raise Http404("未找到。")
    allowed = is_assessor(user, score.territory.path) or (
        selectors.result_visible(actor=user).filter(lines__evidence=score).exists()
    )
    if not allowed:
        raise Http404("未找到。")
    return FileResponse(score.evidence.open("rb"), filename=os.path.basename(score.evidence.name))
