"""Patrol pages: the review lists (with Excel), the phone form, the due list, one patrol with its findings."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.core.validators import mask_address
from gongzhi.patrols import selectors
from gongzhi.patrols.models import Disposition, Finding, FindingCategory
from gongzhi.patrols.services import finding_to_demand, patrol_log
from gongzhi.people.models import CouncilMember, GridWorker
from gongzhi.people.pagekit import pct, where_when
from gongzhi.people.scope import needs_personal_data, restrict
from gongzhi.territory.selectors import place_labels

CATEGORIES = FindingCategory.choices
FINDING_ROWS = 3


@login_required
def review(request):
    """一周一碰头 (?period=week) / 一月一盘点 (?period=month): one row per grid."""
    ctx = where_when(request, default_period=request.GET.get("period") or "week")
    rows = selectors.patrol_review(node=ctx["node"], period=ctx["period"])
    total = selectors.patrol_figures(node=ctx["node"], period=ctx["period"], rows=rows)
    # 第一网格 repeats in every community: name each grid with the community above it.
    places = place_labels([r.territory for r in rows], below=ctx["node"], depth=1)
    if request.GET.get("format") == "xlsx":
        headers = [
            "网格",
            "网格员",
            "巡访次数",
            "走访户次",
            "走访户数",
            "发现问题",
            *[str(lbl) for _, lbl in CATEGORIES],
            "当场解决",
            "上报转办",
            "已转诉求",
        ]
        data = [
            [
                places[r.territory.pk],
                "、".join(r.grid_workers),
                r.patrols,
                r.visits,
                r.households_visited,
                r.findings,
                *r.by_category.values(),
                r.fixed,
                r.passed_on,
                r.demands,
            ]
            for r in rows
        ]
        title = (
            f"巡访{'周' if ctx['period'].kind == 'week' else ''}盘点-{ctx['node'].name}-{ctx['period'].start}"
        )
        return xlsx_response(filename=f"{title}.xlsx", title=title, headers=headers, rows=data)
    ctx.update(
        rows=[(places[r.territory.pk], r) for r in rows],
        total=total,
        categories=CATEGORIES,
        fixed_rate=pct(total.fixed_rate),
        grid_coverage=pct(total.grid_coverage),
        children=[
            (c, selectors.patrol_figures(node=c, period=ctx["period"]))
            for c in ctx["node"].get_children()[:60]
        ]
        if ctx["node"].level in ("city", "district", "street", "province")
        else [],
    )
    return render(request, "patrols/review.html", ctx)


def _form_context(request) -> dict:
    units = list(selectors.patrol_units(actor=request.user)[:300])
    own = GridWorker.objects.filter(user=request.user).select_related("territory").first()
    unit = None
    wanted = (
        request.GET.get("territory")
        or request.POST.get("territory_id")
        or (own.territory_id if own else None)
    )
    if wanted:
        unit = next((u for u in units if str(u.pk) == str(wanted)), None)
    unit = unit or (units[0] if units else None)
    due = selectors.due_list(node=unit) if unit else []
    due_by = {i.household.pk: i for i in due}
    homes = []
    if unit is not None:
        from gongzhi.territory.models import Territory

        homes = list(Territory.objects.subtree(unit).filter(level="household")[:400])
        homes.sort(key=lambda h: (h.pk not in due_by, h.path))
    workers = restrict(GridWorker.objects.filter(territory=unit), request.user) if unit else []
    members = restrict(CouncilMember.objects.filter(council__territory=unit), request.user) if unit else []
    return {
        "units": units,
        "unit": unit,
        "own": own,
        "homes": [(h, due_by.get(h.pk)) for h in homes],
        "workers": workers,
        "members": members,
        "categories": CATEGORIES,
        "dispositions": Disposition.choices,
        "finding_rows": range(FINDING_ROWS),
        "client_key": uuid.uuid4().hex,
    }


@login_required
def log(request):
    """A form a grid worker fills in on a phone while walking the grid (每日巡、随手做、实时报)."""
    if request.method == "POST":
        p = request.POST
        patroller = p.get("patroller", "")
        findings = []
        for i in range(FINDING_ROWS):
            text = p.get(f"finding_{i}_description", "").strip()
            if text:
                findings.append(
                    {
                        "category": p.get(f"finding_{i}_category"),
                        "description": text,
                        "disposition": p.get(f"finding_{i}_disposition") or Disposition.FIXED,
                        "to_demand": p.get(f"finding_{i}_to_demand") == "on",
                    }
                )
        route = []
        for part in p.get("route", "").split(";"):
            bits = part.split(",")
            if len(bits) == 2:
                route.append([bits[0], bits[1]])
        try:
            patrol, _ = patrol_log(
                actor=request.user,
                territory_id=p.get("territory_id"),
                grid_worker_id=patroller[2:] if patroller.startswith("g-") else None,
                council_member_id=patroller[2:] if patroller.startswith("c-") else None,
                route=route,
                coord_system="wgs84",  # the phone's GPS
                visits=[{"household_id": h} for h in p.getlist("households")],
                findings=findings,
                note=p.get("note", ""),
                client_key=p.get("client_key"),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            ctx = _form_context(request)
            ctx["posted"] = p
            return render(request, "patrols/log.html", ctx, status=400)
        messages.success(request, "巡访已记录。")
        return redirect("patrols:detail", pk=patrol.pk)
    return render(request, "patrols/log.html", _form_context(request))


@login_required
def due(request):
    """必访清单: the duty households of one grid worker, overdue first."""
    if request.GET.get("grid_worker"):
        try:
            worker = selectors.grid_worker_get(actor=request.user, grid_worker_id=request.GET["grid_worker"])
        except NotFound:
            raise Http404("未找到。")
    else:
        worker = GridWorker.objects.filter(user=request.user).select_related("territory").first()
    workers = list(
        restrict(GridWorker.objects.select_related("territory"), request.user).order_by("territory__path")[
            :300
        ]
    )
    items = selectors.due_list(node=worker.territory) if worker else []
    full = worker is not None and needs_personal_data(request.user, worker.territory.path)
    for i in items:
        i.shown_address = i.household.address if full else mask_address(i.household.address)
    overdue = sum(1 for i in items if i.is_overdue)
    return render(
        request,
        "patrols/due.html",
        {"worker": worker, "workers": workers, "items": items, "overdue": overdue},
    )


@login_required
def detail(request, pk: int):
    try:
        patrol = selectors.patrol_get(actor=request.user, patrol_id=pk)
    except NotFound:
        raise Http404("未找到。")
    return render(request, "patrols/detail.html", {"patrol": patrol})


@login_required
@require_POST
def to_demand(request, pk: int):
    """一键转为诉求."""
    try:
        demand = finding_to_demand(actor=request.user, finding_id=pk)
    except NotFound:
        raise Http404("未找到。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
        demand = None
    else:
        messages.success(request, f"已转为诉求 #{demand.pk}。" if demand else "已记录为上报转办。")
    finding = Finding.objects.filter(pk=pk).values_list("patrol_id", flat=True).first()
    return redirect("patrols:detail", pk=finding) if finding else redirect("patrols:review")
