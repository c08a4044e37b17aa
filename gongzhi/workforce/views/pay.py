"""Community workers with grade and pay, the pay table of a year (Excel in for the city or county)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongzhi.core.errors import ApplicationError
from gongzhi.core.periods import today
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.core.validators import mask_id_number, mask_phone
from gongzhi.people.importing import registry_import_file
from gongzhi.workforce.selectors.access import is_assessor_over, sees_phones, sets_pay_tables
from gongzhi.workforce.selectors.pay import (
    pay_figures,
    pay_table,
    performance_rules,
    post_types,
    unpaid_workers,
    worker_list,
    worker_rows,
)
from gongzhi.workforce.views.common import drill, page_context, staff_node, year_choices, year_of

MAX_UPLOAD = 5 * 1024 * 1024


def _money(value) -> str:
    return "" if value is None else f"{value:,.2f}"


@login_required
def workers(request):
    """社区工作者: post type, grade and the year's pay (pay only where the viewer may see it)."""
    node = staff_node(request)
    year, problem = year_of(request, default=today().year - 1)
    qs = worker_list(actor=request.user, node=node, year=year)
    full = sees_phones(request.user, node.path)
    if request.GET.get("format") == "xlsx":
        headers = ["姓名", "所在社区", "岗位", "手机号", "身份证号", "岗位类别", "等级", "定级日期",
                   "在岗月数", "月基本报酬(元)", "基本报酬(元)", "考核等次", "绩效报酬(元)", "年度报酬合计(元)"]  # fmt: skip

        def row(r):
            w, rec = r.worker, r.record
            pay = [rec.months, rec.monthly_base, rec.base_total, rec.get_performance_grade_display(),
                   rec.performance_pay, rec.total] if rec else ([""] * 5 + ["未核算" if r.visible else "无权查看"])  # fmt: skip
            return [
                w.name,
                w.territory.name,
                w.post,
                w.phone if full else mask_phone(w.phone),
                w.id_number if full else mask_id_number(w.id_number),
                r.post_type,
                r.grade or "",
                r.since.isoformat() if r.since else "",
                *[float(v) if hasattr(v, "quantize") else v for v in pay],
            ]

        rows = (row(r) for r in worker_rows(actor=request.user, workers=qs[:20000]))
        return xlsx_response(
            filename=f"社区工作者-{node.name}-{year}.xlsx",
            title=f"社区工作者{year}",
            headers=headers,
            rows=rows,
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    assessor = is_assessor_over(request.user, node.path)
    ctx = page_context(request, node, "workers")
    ctx.update(
        year=year,
        years=year_choices(),
        problem=problem,
        page=page,
        rows=worker_rows(actor=request.user, workers=page),
        assessor=assessor,
        pay=pay_figures(node=node, year=year) if assessor else None,
        unpaid=unpaid_workers(node=node, year=year).count() if assessor else None,
        children=drill(node),
        full=full,
    )
    return render(request, "workforce/workers.html", ctx)


@login_required
def pay_table_view(request):
    """报酬标准: the year's 3岗18级 table in force at the node, and the performance coefficients."""
    node = staff_node(request)
    year, problem = year_of(request)
    setter, cells = pay_table(node=node, year=year)
    types = post_types()
    grid = {(c.post_type_id, c.grade): c.monthly_base for c in cells}
    grades = sorted({c.grade for c in cells}, reverse=True) or list(range(18, 0, -1))
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            filename=f"报酬标准-{year}.xlsx",
            title=f"{year}年报酬标准",
            headers=["等级", *[t.label for t in types]],
            rows=([g, *[float(grid[(t.pk, g)]) if (t.pk, g) in grid else "" for t in types]] for g in grades),
        )
    ctx = page_context(request, node, "pay_table")
    ctx.update(
        year=year,
        years=year_choices(),
        problem=problem,
        setter=setter,
        types=types,
        table=[(g, [_money(grid.get((t.pk, g))) for t in types]) for g in grades] if cells else [],
        rules=performance_rules(node=node, year=year),
        may_import=sets_pay_tables(request.user),
    )
    return render(request, "workforce/pay_table.html", ctx)


@login_required
@require_POST
def pay_table_import(request):
    """Import a pay table file (报酬标准 or 绩效系数), all or nothing; the city's or county's only."""
    registry = "performance-rules" if request.POST.get("what") == "rules" else "pay-scales"
    back = reverse("workforce:pay_table") + f"?territory={request.POST.get('territory', '')}"
    upload = request.FILES.get("file")
    if not sets_pay_tables(request.user):
        messages.error(request, "只有市、区县组织部门可以导入报酬标准。")
        return redirect(back)
    if upload is None or upload.size > MAX_UPLOAD:
        messages.error(request, "请选择不超过 5 MB 的 Excel（.xlsx）或 CSV 文件。")
        return redirect(back)
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        messages.error(request, "只能导入 .xlsx 或 .csv 文件。")
        return redirect(back)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(upload.read())
        try:
            result = registry_import_file(actor=request.user, registry=registry, path=path)
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect(back)
    messages.success(request, f"导入完成：{result.summary()}")
    return redirect(back)
