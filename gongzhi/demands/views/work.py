"""The pages that work a demand: the queue, one demand with its timeline and actions, photos, triage."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.demands import notices, routing, workflow
from gongzhi.demands.forms import ActionForm
from gongzhi.demands.maps import demand_map
from gongzhi.demands.merging import merge_suggestions
from gongzhi.demands.models import Category, DemandPhoto, PhotoKind
from gongzhi.demands.photos import demand_resolve
from gongzhi.demands.platforms import member_platforms
from gongzhi.demands.queues import (
    contact_of,
    default_tab,
    dispatch_choices,
    locate_candidates,
    queue,
    sees_personal_data,
    territory_by_name_or_id,
    triage,
)
from gongzhi.demands.selectors import demand_get, demand_visible
from gongzhi.demands.serializers import mask_name
from gongzhi.demands.services import demand_roles, demand_transition
from gongzhi.demands.views.common import PAGE_SIZE, demand_or_404, export, safe_next, works_demands
from gongzhi.demands.workflow import EscalationTarget, Satisfaction

# What each action asks for on the page; an action with no inputs is one button.
ACTION_INPUTS: dict[str, tuple[str, ...]] = {
    "accept": (),
    "reject": ("note",),
    "locate": ("place",),
    "categorize": ("category",),
    "dispatch": ("handler", "deadline", "note"),
    "claim": (),
    "resolve": ("result", "photos"),
    "return": ("note",),
    "escalate": ("to", "note"),
    "supervise": ("note",),
    "follow_up": ("satisfaction", "note"),
    "close": (),
    "reopen": ("note",),
    "merge": ("into", "note"),
}
ACTION_STYLE = {"accept": "success", "claim": "primary", "resolve": "primary", "dispatch": "primary"}
# What the page says about where a suggested category came from.
SUGGESTION_FROM = {"keywords": "关键词规则"}
DANGER = {"reject", "return", "merge"}


@login_required
def queue_page(request):
    if not works_demands(request.user):
        return redirect("demands:mine")
    tab = request.GET.get("tab") or default_tab(actor=request.user)
    rows, summary, chosen = queue(actor=request.user, tab=tab)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "tabs": summary,
        "tab": chosen,
        "now": timezone.now(),
        "open_states": workflow.OPEN_STATES,
        "my_platforms": member_platforms(actor=request.user),
    }
    return render(request, "demands/queue.html", context)


@login_required
def queue_export(request):
    if not works_demands(request.user):
        raise Http404("未找到。")
    rows, _summary, chosen = queue(actor=request.user, tab=request.GET.get("tab") or "all")
    return export(user=request.user, demands=rows, name=f"诉求工单-{chosen.label}")


def _action_forms(user, demand) -> list[dict]:
    names = workflow.available(demand.state, demand_roles(actor=user, demand=demand))
    out = []
    for name in names:
        inputs = ACTION_INPUTS.get(name, ("note",))
        t = workflow.TRANSITIONS[name]
        out.append(
            {
                "name": name,
                "label": t.label,
                "inputs": inputs,
                "required": set(t.requires),
                "style": "danger" if name in DANGER else ACTION_STYLE.get(name, "secondary"),
            }
        )
    return out


def _detail_context(request, demand, *, error: str = "") -> dict:
    user = request.user
    actions = _action_forms(user, demand)
    names = {a["name"] for a in actions}
    photos = list(demand.photos.all())
    context = {
        "demand": demand,
        "contact": contact_of(actor=user, demand=demand),
        "events": _timeline(demand, mask_reporter=not sees_personal_data(actor=user, demand=demand)),
        "actions": actions,
        "report_photos": [p for p in photos if p.kind == PhotoKind.REPORT],
        "result_photos": [p for p in photos if p.kind == PhotoKind.RESULT],
        "error": error,
        "satisfaction": Satisfaction.choices,
        "escalation": EscalationTarget.choices,
    }
    if "dispatch" in names:
        context["handlers"] = dispatch_choices(demand=demand)
        context["planned"] = routing.route(category=demand.category, territory=demand.territory)
    if names & {"accept", "dispatch", "categorize"}:
        context["categories"] = Category.objects.filter(active=True)
    if "locate" in names:
        context["candidates"] = locate_candidates(addresses=[demand.address])[0]
    context.update(_merge_context(user, demand, may_merge="merge" in names))
    context["map_data"] = demand_map(actor=user, demand=demand)
    return context


def _merge_context(user, demand, *, may_merge: bool) -> dict:
    """疑似重复 for who may merge; the duplicates merged into this demand; a merged one's shared outcome."""
    out: dict = {"suggestions": merge_suggestions(actor=user, demand=demand) if may_merge else []}
    # Only the duplicates the viewer may see are listed; a reporter learns just how many there are.
    merged = list(
        demand_visible(actor=user)
        .filter(merged_into=demand)
        .select_related("territory", "category")
        .order_by("created_at", "pk")
    )
    out["merged_here"] = [{"demand": d, "contact": contact_of(actor=user, demand=d)} for d in merged]
    out["merged_count"] = demand.duplicates.count()
    out["merged_hidden"] = out["merged_count"] - len(merged)
    if demand.merged_into_id:
        shared = notices.shared_outcome(demand)
        # The shared demand may be someone else's report: its number and outcome, but a link only if visible.
        seen = set(
            demand_visible(actor=user)
            .filter(pk__in=[demand.merged_into_id, shared.pk if shared else 0])
            .values_list("pk", flat=True)
        )
        out["shared"] = shared
        out["shared_visible"] = shared is not None and shared.pk in seen
        out["merged_into_visible"] = demand.merged_into_id in seen
    return out


def _timeline(demand, *, mask_reporter: bool) -> list[dict]:
    out = []
    for e in demand.events.all():
        t = workflow.TRANSITIONS.get(e.action)
        extra = e.extra or {}
        facts = []
        if extra.get("handler") and e.action == "dispatch":
            facts.append(f"承办单位：{extra['handler']}")
        if extra.get("source"):
            facts.append(f"{extra['source']} 工单 {extra.get('order_no', '')}")
        if extra.get("satisfaction") and e.action == "follow_up":
            facts.append(f"评价：{Satisfaction(extra['satisfaction']).label}")
        if e.action in ("categorize", "accept", "dispatch") and extra.get("category"):
            facts.append(f"分类：{extra['category']}")
        if e.action == "escalate" and extra.get("to"):
            facts.append(f"上报至：{EscalationTarget(extra['to']).label}")
        actor = str(e.actor) if e.actor_id else "系统"
        if mask_reporter and e.action == "submit" and e.actor_id == demand.reporter_id:
            actor = mask_name(actor)
        out.append(
            {
                "event": e,
                "actor": actor,
                "label": t.label if t else {"submit": "提交"}.get(e.action, e.action),
                "from": workflow.state_label(e.from_state) if e.from_state else "",
                "to": workflow.state_label(e.to_state),
                "facts": facts,
            }
        )
    return out


@login_required
def detail(request, pk: int):
    demand = demand_or_404(request.user, pk)
    return render(request, "demands/detail.html", _detail_context(request, demand))


def _apply(request, pk: int, action: str, form: ActionForm):
    extra = form.extra()
    note = form.cleaned_data.get("note", "")
    if action == "resolve":
        return demand_resolve(
            actor=request.user,
            demand_id=pk,
            result=extra.get("result", ""),
            note=note,
            photos=form.cleaned_data.get("photos") or [],
        )
    if action == "locate":
        extra["territory_id"] = territory_by_name_or_id(text=form.cleaned_data.get("place", "")).pk
    return demand_transition(actor=request.user, demand_id=pk, action=action, note=note, **extra)


@login_required
@require_POST
def act(request, pk: int, action: str):
    """Apply one workflow action from a button; a refusal comes back on the page in Chinese."""
    if action not in workflow.TRANSITIONS:
        raise Http404("未找到。")
    demand_or_404(request.user, pk)  # out of scope answers like missing, before anything is parsed
    form = ActionForm(request.POST, request.FILES)
    error = ""
    if not form.is_valid():
        error = "；".join(str(m) for msgs in form.errors.values() for m in msgs)
        status = 400
    else:
        try:
            _apply(request, pk, action, form)
        except ApplicationError as exc:
            error, status = exc.message, exc.status
    if not error:
        messages.success(request, f"已{workflow.TRANSITIONS[action].label}。")
        try:
            demand_get(actor=request.user, demand_id=pk)
        except NotFound:
            # Sending an order back or up can take it out of a handler member's sight.
            return redirect("demands:queue")
        return redirect(safe_next(request, reverse("demands:detail", args=[pk])))
    demand = demand_or_404(request.user, pk)
    context = _detail_context(request, demand, error=error)
    context["failed_action"] = action
    return render(request, "demands/detail.html", context, status=status)


@login_required
def photo(request, pk: int):
    """Serve one photo to someone who may see its demand; out of scope answers like missing."""
    item = DemandPhoto.objects.filter(pk=pk).first()
    if item is None:
        raise Http404("未找到。")
    demand_or_404(request.user, item.demand_id)
    try:
        response = FileResponse(item.file.open("rb"), content_type=item.content_type)
    except FileNotFoundError:
        raise Http404("照片文件不存在。")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def suggestion_from(source: str) -> str:
    if source.startswith("model:"):
        return f"模型 {source.removeprefix('model:')}"
    return SUGGESTION_FROM.get(source, source)


@login_required
def triage_page(request):
    qs = triage(actor=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    demands = list(page.object_list)
    unlocated = [d for d in demands if not d.territory_id]
    places = locate_candidates(addresses=[d.address for d in unlocated])
    by_demand = {d.pk: c for d, c in zip(unlocated, places, strict=True)}
    rows = [
        {
            "demand": d,
            "contact": contact_of(actor=request.user, demand=d),
            "candidates": by_demand.get(d.pk, []),
            "suggestion_from": suggestion_from(d.suggestion_source),
        }
        for d in demands
    ]
    context = {"page": page, "rows": rows, "categories": routing.categories()}
    return render(request, "demands/triage.html", context)


@login_required
def triage_export(request):
    return export(user=request.user, demands=triage(actor=request.user), name="待分拣诉求")
