"""Who hears about a deadline and what they read: reminders, overdue notices, escalations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from gongzhi.demands.models import Demand, DemandEvent
from gongzhi.demands.sla import TZ
from gongzhi.notifications.services import notify
from gongzhi.people.models import RoleAssignment, User
from gongzhi.people.roles import Role
from gongzhi.territory.models import Territory

FRONT_DESK = (Role.COMMUNITY_WORKER,)
HANDLER_ROLES = (Role.DEPARTMENT_HANDLER, Role.COMMUNITY_WORKER)
SUPERVISOR_ROLES = (Role.STREET_OFFICIAL, Role.DISTRICT_OFFICIAL, Role.CITY_ADMIN)


@dataclass
class Notice:
    users: list[User]
    title: str
    body: str
    link: str


def nearest_holders(path: str, roles: tuple[str, ...]) -> list[User]:
    """Return the holders of `roles` on the deepest node at or above `path` that has any."""
    step = Territory.steplen
    ancestors = [path[:i] for i in range(step, len(path) + 1, step)]
    rows = (
        RoleAssignment.objects.filter(role__in=roles, territory__path__in=ancestors, user__is_active=True)
        .select_related("user", "territory")
        .order_by("-territory__depth", "user_id")
    )
    out: list[User] = []
    depth = None
    for row in rows:
        if depth is not None and row.territory.depth != depth:
            break
        depth = row.territory.depth
        out.append(row.user)
    return out


def handler_people(demand: Demand) -> list[User]:
    """Return who works the demand: the claimer, else the handler's members, else its nearest staff."""
    if demand.claimed_by_id:
        return [demand.claimed_by]
    if demand.handler_id:
        members = list(demand.handler.members.filter(is_active=True).order_by("pk"))
        if members:
            return members
        return nearest_holders(demand.handler.territory.path, HANDLER_ROLES)
    return []


def demand_link(demand: Demand) -> str:
    try:
        return reverse("demands:detail", args=[demand.pk])
    except NoReverseMatch:
        return f"/api/v1/demands/{demand.pk}/"


def _describe(demand: Demand) -> str:
    what = demand.title or demand.text[:30]
    where = demand.territory.name if demand.territory_id else "未定位"
    category = demand.category.name if demand.category_id else "未分类"
    handler = f"，承办：{demand.handler.name}" if demand.handler_id else ""
    return f"诉求 #{demand.pk}「{what}」（{category}，{where}{handler}）"


def notice_for(*, kind: str, demand: Demand, due_at: dt.datetime, escalate_after: float) -> Notice:
    """Compose the notice of one sweep step (`remind`, `overdue` or `escalate`) and its recipients."""
    due = due_at.astimezone(TZ).strftime("%m月%d日 %H:%M")
    desc = _describe(demand)
    path = demand.territory.path if demand.territory_id else ""
    workers = handler_people(demand)
    if kind == "remind":
        users = workers or (nearest_holders(path, FRONT_DESK) if path else [])
        title = f"诉求即将到期（{due}）"
        body = f"{desc}将于 {due} 到期，请抓紧办理。"
    elif kind == "overdue":
        users = workers + (nearest_holders(path, FRONT_DESK) if path else [])
        title = f"诉求已超期（期限 {due}）"
        body = f"{desc}应于 {due} 前办结，现已超期，请尽快办理并说明情况。"
    else:
        users = (nearest_holders(path, SUPERVISOR_ROLES) if path else []) + workers
        title = f"超期督办：诉求 #{demand.pk}"
        body = f"{desc}期限为 {due}，超期 {escalate_after:g} 个工作小时仍未办结，已升级督办，请督促办理。"
    unique = list({u.pk: u for u in users}.values())
    return Notice(users=unique, title=title, body=body, link=demand_link(demand))


# Merged duplicates share one handling (合并办理): their reporters hear when the demand is merged and
# when the demand they were merged into gets its outcome. They do not rate it themselves: the
# satisfaction is one field of the shared demand that decides close or reopen, and the follow-up call
# (回访) of the shared demand reaches them through "已合并的重复诉求" on its page, where staff see each
# reporter's contact; a dissatisfied reporter is heard there and the shared demand is reopened. Their
# own page and "我的诉求" show the shared outcome and its rating.
OUTCOME_KIND = "demand.outcome"
MERGE_KIND = "demand.merge"
MAX_CHAIN = 10  # a merged demand may itself have taken in duplicates; no real chain is this deep


def merged_into_chain(demand: Demand) -> list[Demand]:
    """Return the demands folded into `demand`, directly or through another duplicate, oldest first."""
    found: list[Demand] = []
    frontier = [demand.pk]
    for _ in range(MAX_CHAIN):
        level = list(
            Demand.objects.filter(merged_into_id__in=frontier).select_related("reporter").order_by("pk")
        )
        if not level:
            break
        found += level
        frontier = [d.pk for d in level]
    return found


def shared_outcome(demand: Demand) -> Demand | None:
    """Follow a merged demand to the demand that is handled for it; None when it is not merged."""
    target = None
    seen = {demand.pk}
    current = demand
    for _ in range(MAX_CHAIN):
        if not current.merged_into_id or current.merged_into_id in seen:
            break
        current = Demand.objects.select_related("handler").get(pk=current.merged_into_id)
        seen.add(current.pk)
        target = current
    return target


def _what(demand: Demand) -> str:
    return f"#{demand.pk}「{(demand.title or demand.text[:20]).strip()}」"


def merge_notify(*, demand: Demand, target: Demand) -> int:
    """Tell the reporters of `demand` (and of what was merged into it) that it is now handled with `target`."""
    reporters = [d.reporter for d in [demand, *merged_into_chain(demand)] if d.reporter_id]
    return notify(
        users=reporters,
        kind=MERGE_KIND,
        title=f"您的诉求已与诉求 #{target.pk} 合并处理",
        body=(
            f"您反映的诉求 {_what(demand)} 与诉求 #{target.pk} 反映的是同一问题，已合并处理，"
            "由同一承办单位统一办理。办理结果出来后会通知您，也可以在「我的诉求」中查看。"
        ),
        link=demand_link(demand),
        dedupe_key=f"demand-merge:{demand.pk}:{target.pk}",
    )


def outcome_notify(*, demand: Demand, action: str, note: str = "") -> int:
    """Tell every reporter of `demand` and of the duplicates merged into it the outcome; once per outcome.

    Runs inside the transition, with the demand locked: the n-th resolve (after a reopen) is a new
    outcome with its own key, and a retried transaction queues nothing twice.
    """
    if action == "resolve":
        n = DemandEvent.objects.filter(demand_id=demand.pk, action="resolve").count() + 1
        key = f"demand-outcome:{demand.pk}:resolve:{n}"
        head, outcome = "已办结", f"已办结。办理结果：{demand.result}"
        rate = "请在「我的诉求」中评价。"
    elif action == "reject":
        key = f"demand-outcome:{demand.pk}:reject"
        head, outcome = "不予受理", f"不予受理。理由：{note}"
        rate = ""
    else:
        return 0
    sent = 0
    told: set[int] = set()
    if demand.reporter_id:
        told.add(demand.reporter_id)
        sent += notify(
            users=[demand.reporter],
            kind=OUTCOME_KIND,
            title=f"您反映的诉求 #{demand.pk} {head}",
            body=f"您反映的诉求 {_what(demand)} {outcome}。{rate}",
            link=demand_link(demand),
            dedupe_key=key,
        )
    for dup in merged_into_chain(demand):
        # One notice per person and outcome: a resident who reported twice hears it once.
        if not dup.reporter_id or dup.reporter_id in told:
            continue
        told.add(dup.reporter_id)
        sent += notify(
            users=[dup.reporter],
            kind=OUTCOME_KIND,
            title=f"您反映的诉求 #{dup.pk} {head}（合并办理）",
            body=(
                f"您反映的诉求 {_what(dup)} 已与诉求 #{demand.pk} 合并办理，现{outcome}。"
                "回访时社区会听取您的意见。"
                if action == "resolve"
                else f"您反映的诉求 {_what(dup)} 已与诉求 #{demand.pk} 合并处理，现{outcome}。"
            ),
            link=demand_link(dup),
            dedupe_key=f"{key}:{dup.pk}",
        )
    return sent
