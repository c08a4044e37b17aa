"""Deliberation pages: topics and their steps, meetings with a printable record, the public board, figures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.deliberation import board, records, workflow
from gongzhi.deliberation.board_apis import parse_period
from gongzhi.deliberation.figures import deliberation_figures
from gongzhi.deliberation.models import Reminder
from gongzhi.deliberation.selectors import (
    ancestors_or_self,
    board_list,
    home_paths,
    lives_under,
    meeting_get,
    meeting_visible,
    publication_get,
    publication_versions,
    topic_get,
    topic_list,
)
from gongzhi.deliberation.services import TOPIC_LEVELS, topic_advance, topic_raise, topic_roles
from gongzhi.people.scope import get_in_scope, is_staff_viewer, scope_of
from gongzhi.territory.models import Territory

PAGE_SIZE = 30


def _or_404(fn, **kw):
    try:
        return fn(**kw)
    except NotFound:
        raise Http404("未找到。")


def _raise_places(user) -> list[Territory]:
    """The nodes a person may raise a topic at: the community, grid or compound they live or work in."""
    paths = {a for p in home_paths(user) for a in ancestors_or_self(p)}
    return list(Territory.objects.filter(path__in=paths, level__in=TOPIC_LEVELS).order_by("path"))


@login_required
def topic_index(request):
    qs = topic_list(actor=request.user)
    step, procedure, q = (
        request.GET.get("step", ""),
        request.GET.get("procedure", ""),
        request.GET.get("q", "").strip(),
    )
    if step:
        qs = qs.filter(step=step)
    if procedure:
        qs = qs.filter(procedure=procedure)
    if q:
        qs = qs.filter(title__icontains=q)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "steps": workflow.Step.choices,
        "procedures": workflow.Procedure.choices,
        "step": step,
        "procedure": procedure,
        "q": q,
        "query": params.urlencode(),
        "places": _raise_places(request.user),
        "staff": is_staff_viewer(request.user),
    }
    return render(request, "deliberation/topic_list.html", context)


@login_required
@require_POST
def topic_create(request):
    try:
        topic = topic_raise(
            actor=request.user,
            territory=request.POST.get("territory_id"),
            title=request.POST.get("title", ""),
            text=request.POST.get("text", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("deliberation:index")
    messages.success(request, "议题已提出。")
    return redirect("deliberation:topic", pk=topic.pk)


@login_required
def topic_detail(request, pk: int):
    topic = _or_404(topic_get, actor=request.user, topic_id=pk)
    proc = workflow.procedure_of(topic.procedure)
    here = proc.index(topic.step)
    due = workflow.due(topic.procedure, topic.step)
    allowed = workflow.available(topic.procedure, topic.step, topic_roles(actor=request.user, topic=topic))
    context = {
        "topic": topic,
        "steps": [{"def": s, "done": i <= here, "current": i == here} for i, s in enumerate(proc.steps)],
        "due": due,
        "can_advance": bool(allowed),
        "events": [
            (
                e,
                workflow.event_label(topic.procedure, e.action),
                workflow.step_label(topic.procedure, e.to_step),
            )
            for e in topic.events.all()
        ],
        "votes": topic.votes.select_related("meeting").order_by("id"),
        "publications": board_list(actor=request.user, current_only=False).filter(topic=topic),
    }
    return render(request, "deliberation/topic_detail.html", context)


@login_required
@require_POST
def topic_step(request, pk: int):
    try:
        topic_advance(
            actor=request.user,
            topic_id=pk,
            action=request.POST.get("action", ""),
            note=request.POST.get("note", ""),
            decision=request.POST.get("decision", ""),
        )
        messages.success(request, "已完成此步骤。")
    except NotFound:
        raise Http404("未找到。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("deliberation:topic", pk=pk)


@login_required
def resolutions_export(request):
    if not is_staff_viewer(request.user):
        raise PermissionDenied("您的角色不能导出。")
    headers, rows = records.resolution_rows(topics=topic_list(actor=request.user).exclude(decision=""))
    return xlsx_response(filename="议事决议.xlsx", title="议事决议", headers=headers, rows=rows)


@login_required
def meeting_index(request):
    qs = meeting_visible(actor=request.user).select_related("territory").order_by("-scheduled_at", "-id")
    if request.GET.get("state"):
        qs = qs.filter(state=request.GET["state"])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "deliberation/meeting_list.html", {"page": page, "state": request.GET.get("state", "")}
    )


@login_required
def meeting_detail(request, pk: int):
    meeting = _or_404(meeting_get, actor=request.user, meeting_id=pk)
    return render(request, "deliberation/meeting_detail.html", records.meeting_context(meeting))


@login_required
def meeting_print(request, pk: int):
    meeting = _or_404(meeting_get, actor=request.user, meeting_id=pk)
    return render(request, "deliberation/meeting_print.html", records.meeting_context(meeting))


@login_required
def meeting_export(request, pk: int):
    meeting = _or_404(meeting_get, actor=request.user, meeting_id=pk)
    return records.meeting_workbook_response(meeting)


@login_required
def board_index(request):
    qs = board_list(actor=request.user)
    if request.GET.get("kind"):
        qs = qs.filter(kind=request.GET["kind"])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "deliberation/board.html",
        {"page": page, "kinds": workflow.PublicationKind.choices, "kind": request.GET.get("kind", "")},
    )


@login_required
def board_detail(request, pk: int):
    pub = _or_404(publication_get, actor=request.user, publication_id=pk)
    if request.method == "POST":
        try:
            board.publication_comment(
                actor=request.user,
                publication_id=pk,
                text=request.POST.get("text", ""),
                rating=request.POST.get("rating") or None,
            )
            messages.success(request, "评论已发表。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("deliberation:notice", pk=pk)
    context = {
        "pub": pub,
        "versions": publication_versions(publication=pub),
        "comments": pub.comments.select_related("author").order_by("created_at", "id"),
        "can_comment": pub.is_current and lives_under(request.user, pub.territory),
    }
    return render(request, "deliberation/notice.html", context)


@login_required
def figures_page(request):
    if not is_staff_viewer(request.user):
        raise PermissionDenied("您的角色不能查看统计。")
    roots = scope_of(request.user)
    try:
        if request.GET.get("territory"):
            node = get_in_scope(Territory.objects.all(), request.user, request.GET["territory"])
        else:
            node = (
                Territory.objects.filter(path__in=roots).first()
                if roots is not None
                else Territory.get_first_root_node()
            )
        start, end = parse_period(request.GET)
    except NotFound:
        raise Http404("未找到。")
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("deliberation:figures")
    if node is None:
        raise Http404("未找到。")
    rows = [deliberation_figures(node=node, start=start, end=end)]
    rows += [deliberation_figures(node=c, start=start, end=end) for c in node.get_children()[:100]]
    context = {"node": node, "rows": rows, "first": rows[0], "start": start, "end": end}
    return render(request, "deliberation/figures.html", context)


@login_required
def inbox(request):
    rows = (
        Reminder.objects.filter(user=request.user)
        .select_related("meeting")
        .order_by("-created_at", "-id")[:200]
    )
    return render(request, "deliberation/inbox.html", {"rows": rows})
