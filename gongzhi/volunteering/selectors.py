"""Reads of volunteering: figures per territory node and period, and what residents may see.

Definitions (every count is of rows under the node, the node included):

* 志愿者 volunteers: registered to a community under the node;
  党员志愿者 those linked to a party member, 在职党员 those whose member is 双报到.
* 活动 activities: starting inside the period and not cancelled; 已结束 of them, finished.
* 报名 sign-ups: to those activities, cancelled ones left out; 参与 attendances: checked out.
* 服务时长 service hours: the sum of the checked-out sign-ups' hours.
* 服务人次 people served: the sum over finished activities.
* 岗位认领 claims: claims held at the end of the period (claimed by then, not released before).
* 亮诺 pledges: of the years the period touches; 已公示 of them, published.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gongzhi.core.periods import Period
from gongzhi.territory.models import Territory
from gongzhi.territory.rollups import in_subtree, per_child
from gongzhi.volunteering.models import (
    Activity,
    GovernancePost,
    Pledge,
    PostClaim,
    SignUp,
    Volunteer,
    VolunteerTeam,
)
from gongzhi.volunteering.workflow import SEAT_STATES, ActivityState, SignUpState

FIGURE_LABELS = {
    "volunteers": "志愿者",
    "party_member_volunteers": "党员志愿者",
    "in_service_volunteers": "在职党员志愿者",
    "teams": "志愿队伍",
    "activities": "志愿活动",
    "activities_finished": "已结束活动",
    "sign_ups": "报名人次",
    "attendances": "参与人次",
    "service_hours": "服务时长(小时)",
    "people_served": "服务群众(人次)",
    "posts": "治理岗位",
    "claims": "岗位认领(人)",
    "pledges": "亮诺",
    "pledges_published": "已公示亮诺",
}


def _activities(node: Territory, period: Period) -> QuerySet[Activity]:
    start, end = period.bounds()
    qs = Activity.objects.order_by().filter(starts_at__gte=start, starts_at__lt=end)
    return in_subtree(qs, node, "territory").exclude(state=ActivityState.CANCELLED)


def volunteering_figures(*, node: Territory, period: Period) -> dict:
    """Compute the volunteering figures of `node`'s subtree for `period`."""
    volunteers = in_subtree(Volunteer.objects.order_by(), node, "territory").filter(
        Q(registered_on__isnull=True) | Q(registered_on__lt=period.end)
    )
    v = volunteers.aggregate(
        volunteers=Count("id"),
        party_member_volunteers=Count("id", filter=Q(party_member__isnull=False)),
        in_service_volunteers=Count("id", filter=Q(party_member__registered_in_service=True)),
    )
    activities = _activities(node, period)
    a = activities.aggregate(
        activities=Count("id"),
        activities_finished=Count("id", filter=Q(state=ActivityState.FINISHED)),
        people_served=Sum("people_served", filter=Q(state=ActivityState.FINISHED)),
    )
    s = (
        SignUp.objects.order_by()
        .filter(activity__in=activities.values("id"))
        .exclude(state=SignUpState.CANCELLED)
        .aggregate(
            sign_ups=Count("id"),
            attendances=Count("id", filter=Q(state=SignUpState.CHECKED_OUT)),
            service_hours=Sum("service_hours", filter=Q(state=SignUpState.CHECKED_OUT)),
        )
    )
    claims = in_subtree(PostClaim.objects.order_by(), node, "post__territory").filter(
        Q(released_on__isnull=True) | Q(released_on__gte=period.end), claimed_on__lt=period.end
    )
    years = range(period.start.year, period.last_day.year + 1)
    pledges = in_subtree(Pledge.objects.order_by(), node, "territory").filter(year__in=years)
    return {
        **v,
        "teams": in_subtree(VolunteerTeam.objects.order_by(), node, "territory").count(),
        "activities": a["activities"],
        "activities_finished": a["activities_finished"],
        "sign_ups": s["sign_ups"],
        "attendances": s["attendances"],
        "service_hours": s["service_hours"] or Decimal(0),
        "people_served": a["people_served"] or 0,
        "posts": in_subtree(GovernancePost.objects.order_by(), node, "territory").count(),
        "claims": claims.count(),
        "pledges": pledges.count(),
        "pledges_published": pledges.filter(published_at__isnull=False).count(),
    }


def volunteering_children(*, node: Territory, period: Period) -> list[dict]:
    """One row per child of `node`: volunteers, activities, hours and people served under it."""
    start, end = period.bounds()
    acts = Activity.objects.filter(starts_at__gte=start, starts_at__lt=end).exclude(
        state=ActivityState.CANCELLED
    )
    by_acts = per_child(
        acts,
        node,
        "territory",
        activities=Count("id"),
        people_served=Sum("people_served", filter=Q(state=ActivityState.FINISHED)),
    )
    hours = per_child(
        SignUp.objects.filter(
            state=SignUpState.CHECKED_OUT, activity__starts_at__gte=start, activity__starts_at__lt=end
        ),
        node,
        "activity__territory",
        service_hours=Sum("service_hours"),
    )
    vols = per_child(Volunteer.objects.all(), node, "territory", volunteers=Count("id"))
    rows = []
    for child in node.get_children().order_by("path"):
        p = child.path
        rows.append(
            {
                "node": child,
                "volunteers": vols.get(p, {}).get("volunteers", 0),
                "activities": by_acts.get(p, {}).get("activities", 0),
                "service_hours": hours.get(p, {}).get("service_hours") or Decimal(0),
                "people_served": by_acts.get(p, {}).get("people_served") or 0,
            }
        )
    return rows


def public_pledges(*, community: Territory) -> QuerySet[Pledge]:
    """The pledges published to a community's residents, newest year first."""
    return (
        Pledge.objects.filter(territory=community, published_at__isnull=False)
        .select_related("party_member")
        .order_by("-year", "party_member__name")
    )


def public_claims(*, community: Territory) -> QuerySet[PostClaim]:
    """The posts party members hold in a community now (认领岗位), for its residents to see."""
    return (
        in_subtree(PostClaim.objects.filter(released_on__isnull=True), community, "post__territory")
        .select_related("post", "party_member")
        .order_by("post__name", "party_member__name")
    )


def open_activities(*, community: Territory, now) -> QuerySet[Activity]:
    """Activities of a community a resident may still sign up for, soonest first."""
    return (
        in_subtree(
            Activity.objects.filter(state=ActivityState.OPEN, ends_at__gte=now), community, "territory"
        )
        .annotate(taken=Count("sign_ups", filter=Q(sign_ups__state__in=SEAT_STATES)))
        .order_by("starts_at")
    )
