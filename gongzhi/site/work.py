"""What each person has to do today, for the top of their home page: counts that link to the work."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from gongzhi.demands.queues import queue
from gongzhi.patrols.selectors import due_list
from gongzhi.people.models import GridWorker
from gongzhi.people.roles import Role
from gongzhi.people.scope import is_staff_viewer, roles_of

# The queue tabs a home page counts, in the order the work is done; "danger" ones are shown red.
HOME_TABS = [
    ("mine", False),
    ("intake", False),
    ("to_dispatch", False),
    ("due_soon", True),
    ("overdue", True),
]


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    url: str
    danger: bool = False


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    primary: bool = False


def work_for(user) -> dict:
    """Return the home page's first row: the main actions and the counts waiting for `user`."""
    roles = set(roles_of(user))
    if user.is_superuser:
        roles |= set(Role.values) - {Role.RESIDENT}
    actions: list[Action] = []
    counts: list[Count] = []
    if Role.RESIDENT in roles and not is_staff_viewer(user):
        actions += [
            Action("我要反映", reverse("demands:report"), primary=True),
            Action("我的诉求", reverse("demands:mine")),
        ]
    if Role.GRID_WORKER in roles:
        actions += [
            Action("随手拍", reverse("demands:patrol"), primary=True),
            Action("巡访记录", reverse("patrols:log")),
        ]
        worker = GridWorker.objects.filter(user=user).select_related("territory").first()
        if worker is not None:
            due = due_list(node=worker.territory)
            counts.append(
                Count("今日必访", sum(1 for i in due if i.is_overdue), reverse("patrols:due"), True)
            )
    if Role.COMMUNITY_WORKER in roles:
        actions += [
            Action("窗口登记", reverse("demands:walk_in"), primary=not actions),
            Action("待分拣", reverse("demands:triage")),
        ]
    if is_staff_viewer(user) or user.demand_handlers.exists():
        _rows, summary, _tab = queue(actor=user, tab="mine")
        by_slug = {t["slug"]: t for t in summary}
        queue_url = reverse("demands:queue")
        for slug, danger in HOME_TABS:
            t = by_slug[slug]
            if slug == "mine" or t["count"] or danger:
                counts.append(
                    Count(t["label"], t["count"], f"{queue_url}?tab={slug}", danger and t["count"] > 0)
                )
        if not any(a.primary for a in actions):
            actions.insert(0, Action("处理工单", f"{queue_url}?tab=mine", primary=True))
    return {"actions": actions, "counts": counts}
