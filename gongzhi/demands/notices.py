"""Who hears about a deadline and what they read: reminders, overdue notices, escalations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from gongzhi.demands.models import Demand
from gongzhi.demands.sla import TZ
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
