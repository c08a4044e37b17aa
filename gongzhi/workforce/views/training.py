"""Training pages: courses in the area with what is still to do, one course's roll and attendance."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.core.periods import last_full, period_of
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.people.scope import can_edit
from gongzhi.workforce.selectors.access import is_assessor_over
from gongzhi.workforce.selectors.training import (
    council_trained,
    course_get,
    course_list,
    course_roll,
    members_trained,
    red_card_holders,
    training_hours,
)
from gongzhi.workforce.services import attendance_record
from gongzhi.workforce.views.common import drill, page_context, staff_node, year_choices, year_of
from gongzhi.workforce.workflow import CourseKind


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "—"


@login_required
def training(request):
    node = staff_node(request)
    year, problem = year_of(request)
    qs = course_list(actor=request.user, node=node).filter(year=year)
    kind = request.GET.get("kind", "")
    if kind in CourseKind.values:
        qs = qs.filter(kind=kind)
    if request.GET.get("format") == "xlsx":
        headers = ["编号", "名称", "类别", "培训期", "举办单位", "场次", "学员"]
        out = (
            [c.pk, c.name, c.get_kind_display(), c.period_key, c.territory.name, c.n_sessions, c.n_enrolled]
            for c in qs
        )
        return xlsx_response(
            filename=f"培训班-{node.name}-{year}.xlsx", title=f"培训班{year}", headers=headers, rows=out
        )
    period = period_of("year", dt.date(year, 1, 1))
    council, members = council_trained(node=node, period=period), members_trained(node=node, period=period)
    hours = training_hours(node=node, period=period)
    half = last_full("half")
    reds = red_card_holders(node=node, period_key=half.key)
    ctx = page_context(request, node, "training")
    ctx.update(
        year=year,
        years=year_choices(),
        problem=problem,
        courses=list(qs[:300]),
        kinds=CourseKind.choices,
        kind=kind,
        council=(council, _pct(council.trained, council.everyone)),
        members=(members, _pct(members.trained, members.everyone)),
        hours=hours,
        half=half,
        reds=reds,
        red_waiting=[r for r in reds if not r.enrolled],
        assessor=is_assessor_over(request.user, node.path),
        children=drill(node),
    )
    return render(request, "workforce/training.html", ctx)


@login_required
def course(request, pk: int):
    try:
        c = course_get(actor=request.user, course_id=pk)
    except NotFound:
        raise Http404("未找到。")
    sessions, enrolled, present = course_roll(actor=request.user, course=c)
    if request.GET.get("format") == "xlsx":
        headers = [
            "学员编号",
            "姓名",
            "学员类别",
            "所在辖区",
            *[f"{s.date:%m-%d} {s.topic}" for s in sessions],
            "出勤次数",
            "学时",
        ]
        out = (
            [
                f"#{e.pk}",
                e.name,
                e.get_person_kind_display(),
                e.territory.name,
                *["√" if (s.pk, e.pk) in present else "" for s in sessions],
                sum(1 for s in sessions if (s.pk, e.pk) in present),
                float(sum(s.hours for s in sessions if (s.pk, e.pk) in present)),
            ]
            for e in enrolled
        )
        return xlsx_response(filename=f"{c.name}-出勤.xlsx", title="出勤", headers=headers, rows=out)
    chosen = next(
        (s for s in sessions if str(s.pk) == request.GET.get("session")), sessions[-1] if sessions else None
    )
    ctx = page_context(request, c.territory, "training")
    ctx.update(
        c=c,
        sessions=sessions,
        rows=[
            (
                e,
                ["√" if (s.pk, e.pk) in present else "" for s in sessions],
                sum(1 for s in sessions if (s.pk, e.pk) in present),
            )
            for e in enrolled
        ],
        chosen=chosen,
        ticked={e for (s, e) in present if chosen and s == chosen.pk},
        may_edit=can_edit(request.user, c.territory.path),
    )
    return render(request, "workforce/course.html", ctx)


@login_required
@require_POST
def attendance(request, pk: int, session_pk: int):
    try:
        present = {int(v) for v in request.POST.getlist("present")}
        added, removed = attendance_record(actor=request.user, session_id=session_pk, present=present)
    except NotFound:
        raise Http404("未找到。")
    except ValueError:
        messages.error(request, "学员编号不对。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"出勤已保存：新增 {added} 人，取消 {removed} 人。")
    return redirect(reverse("workforce:course", args=[pk]) + f"?session={session_pk}")
