"""The pages that bring a demand in (resident, grid patrol, talk point, council) and "my demands"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse

from gongzhi.core.errors import ApplicationError
from gongzhi.demands import platforms, workflow
from gongzhi.demands.forms import ReportForm
from gongzhi.demands.maps import report_area
from gongzhi.demands.models import Channel
from gongzhi.demands.photos import demand_report
from gongzhi.demands.queues import my_demands, place_choices
from gongzhi.demands.selectors import TRIAGE_ROLES
from gongzhi.demands.services import demand_roles
from gongzhi.demands.views.common import (
    PAGE_SIZE,
    can_use_channel,
    export,
    is_front_desk,
    require_channel,
    works_demands,
)
from gongzhi.demands.workflow import Satisfaction, State
from gongzhi.people.models import Resident
from gongzhi.people.scope import roles_of

CHANNEL_PAGES = {
    Channel.SELF_REPORT: ("我要反映", "身边有什么问题，告诉我们，社区会尽快处理。", "demands:report"),
    Channel.PATROL: ("网格员随手报", "巡查中发现的问题，一屏报完。", "demands:patrol"),
    Channel.WALK_IN: ("说事点登记", "群众在议事说事点当面反映的问题。", "demands:walk_in"),
    Channel.COUNCIL: ("议事会成员报事", "议事会成员收集到的群众诉求。", "demands:council"),
}


@login_required
def index(request):
    """The starting page: what this user can do with demands."""
    user = request.user
    entries = [
        (title, lead, reverse(url))
        for ch, (title, lead, url) in CHANNEL_PAGES.items()
        if can_use_channel(user, ch)
    ]
    context = {
        "entries": entries,
        "works": works_demands(user),
        "front_desk": is_front_desk(user),
        "triage": user.is_superuser or bool(roles_of(user) & TRIAGE_ROLES),
        "watches_platforms": platforms.may_watch_any(user),
        "my_platforms": platforms.member_platforms(actor=user),
    }
    return render(request, "demands/index.html", context)


def _initial_contact(user) -> dict:
    # The problem may be anywhere, so only who to call back is filled in, not the home address.
    resident = Resident.objects.filter(user=user).first()
    if resident is None:
        return {"contact_name": getattr(user, "display_name", "") or ""}
    return {"contact_name": resident.name, "contact_phone": resident.phone}


def _report(request, channel: str):
    require_channel(request.user, channel)
    title, lead, _url = CHANNEL_PAGES[channel]
    places = None if channel == Channel.SELF_REPORT else place_choices(actor=request.user)
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, channel=channel, places=places)
        if form.is_valid():
            try:
                demand, created = demand_report(
                    actor=request.user, photos=form.cleaned_data.get("photos") or [], **form.submit_fields()
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                if created:
                    messages.success(
                        request, f"已提交，诉求编号 {demand.pk}。我们会尽快处理，进展可在「我的诉求」查看。"
                    )
                else:
                    messages.info(request, f"这条诉求已经提交过（编号 {demand.pk}），没有重复提交。")
                return redirect("demands:detail", pk=demand.pk)
    else:
        initial = _initial_contact(request.user) if channel == Channel.SELF_REPORT else {}
        if places and len(places) == 1:
            initial["place"] = places[0][0]
        form = ReportForm(channel=channel, places=places, initial=initial)
    area = report_area(actor=request.user)
    pick = {"lng": "lng", "lat": "lat", "system": "coord_system", "status": "gz-locate-status"}
    context = {
        "form": form,
        "title": title,
        "lead": lead,
        "channel": channel,
        "map_data": {"area": area, "pick": pick} if area else None,
    }
    return render(request, "demands/report.html", context)


@login_required
def report(request):
    return _report(request, Channel.SELF_REPORT)


@login_required
def patrol(request):
    return _report(request, Channel.PATROL)


@login_required
def walk_in(request):
    return _report(request, Channel.WALK_IN)


@login_required
def council(request):
    return _report(request, Channel.COUNCIL)


@login_required
def mine(request):
    # A merged demand shows the outcome of the demand it is handled with.
    qs = my_demands(actor=request.user).select_related("merged_into", "merged_into__handler")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for d in page.object_list:
        # Only a resolved demand can be rated; ask the workflow rather than guess.
        can_rate = d.state == State.RESOLVED and "follow_up" in workflow.available(
            d.state, demand_roles(actor=request.user, demand=d)
        )
        rows.append({"demand": d, "can_rate": can_rate})
    context = {"page": page, "rows": rows, "satisfaction": Satisfaction.choices}
    return render(request, "demands/mine.html", context)


@login_required
def mine_export(request):
    return export(user=request.user, demands=my_demands(actor=request.user), name="我的诉求")
