"""后备人才库: each community's pool in 递补 order; 递补 and 退出 (street officials and above)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.territory.models import Territory
from gongzhi.workforce.selectors.reserve import reserve_list, reserve_ranking
from gongzhi.workforce.services import reserve_promote, reserve_withdraw
from gongzhi.workforce.views.common import drill, page_context, staff_node
from gongzhi.workforce.workflow import ReserveState

MAX_ROWS = 20000
COMMUNITIES_PER_PAGE = 20


@login_required
def reserve(request):
    node = staff_node(request, assessors_only=True)
    qs = reserve_list(actor=request.user, node=node)
    if request.GET.get("format") == "xlsx":
        rows = reserve_ranking(qs[:MAX_ROWS])
        headers = ["社区", "递补顺序", "姓名", "性别", "出生年份", "学历", "考试年度", "资格考试成绩", "面试成绩",
                   "综合成绩", "状态", "递补日期", "递补岗位", "备注"]  # fmt: skip
        out = (
            [
                r.candidate.territory.name,
                r.rank or "",
                r.candidate.name,
                r.candidate.get_gender_display(),
                r.candidate.birth_year,
                r.candidate.get_education_display(),
                r.candidate.exam_year,
                float(r.candidate.exam_score),
                float(r.candidate.interview_score) if r.candidate.interview_score is not None else "",
                float(r.candidate.total),
                r.candidate.get_state_display(),
                r.candidate.promoted_on.isoformat() if r.candidate.promoted_on else "",
                r.candidate.promoted_to,
                r.candidate.note,
            ]
            for r in rows
        )
        return xlsx_response(
            filename=f"两委后备人才库-{node.name}.xlsx", title="后备人才库", headers=headers, rows=out
        )
    communities = Paginator(
        Territory.objects.filter(pk__in=qs.values("territory_id")).order_by("path"), COMMUNITIES_PER_PAGE
    ).get_page(request.GET.get("page"))
    groups: dict[int, dict] = {c.pk: {"community": c, "rows": []} for c in communities}
    for r in reserve_ranking(qs.filter(territory__in=list(groups))):
        groups[r.candidate.territory_id]["rows"].append(r)
    counts = dict(qs.order_by().values_list("state").annotate(n=Count("id")))
    ctx = page_context(request, node, "reserve")
    ctx.update(
        groups=list(groups.values()),
        page=communities,
        children=drill(node),
        in_pool=counts.get(ReserveState.IN_POOL, 0),
        promoted=counts.get(ReserveState.PROMOTED, 0),
    )
    return render(request, "workforce/reserve.html", ctx)


@login_required
@require_POST
def promote(request):
    back = reverse("workforce:reserve") + f"?territory={request.POST.get('back', '')}"
    try:
        c = reserve_promote(
            actor=request.user,
            territory_id=request.POST.get("territory"),
            post=request.POST.get("post", ""),
            note=request.POST.get("note", ""),
        )
    except NotFound:
        raise Http404("未找到。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已由 {c.name}（综合成绩 {c.total}）递补为{c.promoted_to}。")
    return redirect(back)


@login_required
@require_POST
def withdraw(request, pk: int):
    back = reverse("workforce:reserve") + f"?territory={request.POST.get('back', '')}"
    try:
        c = reserve_withdraw(actor=request.user, candidate_id=pk, note=request.POST.get("note", ""))
    except NotFound:
        raise Http404("未找到。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{c.name} 已退出后备人才库。")
    return redirect(back)
