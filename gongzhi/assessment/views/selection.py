"""十佳书记评选 pages: the selections a viewer organises or votes in, one selection with its steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from gongzhi.assessment import selectors, workflow
from gongzhi.assessment.access import ASSESSOR_ROLES
from gongzhi.assessment.services import (
    selection_add_members,
    selection_create,
    selection_nominate,
    selection_transition,
    selection_vote,
)
from gongzhi.assessment.views.common import is_assessing, node_of, page
from gongzhi.assessment.workflow import SelectionState
from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.core.periods import last_full
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.people.models import User
from gongzhi.people.scope import roles_at


def _organises(user, selection) -> bool:
    return user.is_superuser or bool(roles_at(user, selection.territory.path) & ASSESSOR_ROLES)


@login_required
def selection_list(request):
    selections = list(selectors.selection_visible(actor=request.user).order_by("-period_key", "pk")[:100])
    if not selections and not is_assessing(request.user):
        raise Http404("未找到。")
    context = {
        "selections": selections,
        "assessing": is_assessing(request.user),
        "node": node_of(request) if is_assessing(request.user) else None,
        "year": last_full("year"),
    }
    return page(request, "assessment/selections.html", context)


@login_required
@require_POST
def selection_new(request):
    p = request.POST
    try:
        s = selection_create(
            actor=request.user,
            territory_id=int(p.get("territory") or 0),
            year=p.get("year", ""),
            seats=int(p.get("seats") or 10),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("assessment:selections")
    except ValueError:
        messages.error(request, "名额须是整数。")
        return redirect("assessment:selections")
    messages.success(request, f"已创建「{s.name}」，候选人 {s.candidates.count()} 名。")
    return redirect("assessment:selection", pk=s.pk)


@login_required
def selection_detail(request, pk: int):
    try:
        s = selectors.selection_get(actor=request.user, selection_id=pk)
    except NotFound:
        raise Http404("未找到。")
    candidates = list(s.candidates.all())
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            filename=f"{s.name}.xlsx",
            title=s.name,
            headers=["得分排名", "姓名", "职务", "考核得分", "提名数", "得票", "当选"],
            rows=(
                [c.rank, c.name, c.post, float(c.score), c.nominated, c.votes, "是" if c.selected else ""]
                for c in candidates
            ),
        )
    organises = _organises(request.user, s)
    member = any(m.user_id == request.user.pk for m in s.members.all())
    context = {
        "s": s,
        "candidates": candidates,
        "members": list(s.members.all()),
        "nominations": list(selectors.selection_nominations(selection=s)),
        "events": list(s.events.all()),
        "organises": organises,
        "member": member,
        "voted": selectors.my_votes(actor=request.user, selection=s),
        "actions": [(a, t) for a, t in workflow.SELECTION_TRANSITIONS.items() if s.state in t.frm]
        if organises
        else [],
        "nominating": s.state == SelectionState.NOMINATING,
        "voting": s.state == SelectionState.VOTING,
        "published": s.state == SelectionState.PUBLISHED,
    }
    return page(request, "assessment/selection.html", context)


@login_required
@require_POST
def selection_act(request, pk: int):
    p = request.POST
    what = p.get("what", "")
    try:
        if what == "nominate":
            selection_nominate(
                actor=request.user, candidate_id=int(p.get("candidate") or 0), reason=p.get("reason", "")
            )
            messages.success(request, "已提名。")
        elif what == "vote":
            selection_vote(actor=request.user, candidate_id=int(p.get("candidate") or 0))
            messages.success(request, "已投票。")
        elif what == "members":
            names = [n.strip() for n in p.get("usernames", "").replace("，", ",").split(",") if n.strip()]
            ids = list(User.objects.filter(username__in=names).values_list("pk", flat=True))
            if len(ids) != len(set(names)):
                raise NotFound("有的账号不存在，请检查用户名。")
            n = selection_add_members(actor=request.user, selection_id=pk, user_ids=ids)
            messages.success(request, f"已增加评审委员 {n} 名。")
        else:
            selection_transition(
                actor=request.user, selection_id=pk, action=p.get("action", ""), note=p.get("note", "")
            )
            messages.success(request, "已保存。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    except ValueError:
        messages.error(request, "请选择候选人。")
    return redirect("assessment:selection", pk=pk)
