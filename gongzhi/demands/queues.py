"""Reads behind the demand pages: the work queue's tabs, "my demands", the triage queue, and pickers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.core.validators import mask_address, mask_phone
from gongzhi.demands.models import Demand, Handler, Platform
from gongzhi.demands.routing import ADDRESS_LEVELS, short_name
from gongzhi.demands.selectors import demand_list
from gongzhi.demands.serializers import mask_name
from gongzhi.demands.workflow import OPEN_STATES, State
from gongzhi.people.roles import Role
from gongzhi.people.scope import needs_personal_data, roles_of, scope_of
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_q

# Places a staff member may pick when they report what they found (not buildings or households).
PICKABLE_LEVELS = (Level.COMMUNITY, Level.GRID, Level.COMPOUND, Level.NATURAL_VILLAGE)
PICKER_LIMIT = 300


@dataclass(frozen=True)
class Tab:
    slug: str
    label: str
    q: Q


# An open demand whose deadline falls within this many hours is "about to be overdue".
DUE_SOON_HOURS = 24


def tabs(*, actor) -> list[Tab]:
    """The work queue's tabs, in the order a front desk works them."""
    mine = Q(claimed_by=actor) | Q(handler__members=actor, state__in=[State.DISPATCHED, State.REOPENED])
    now = timezone.now()
    return [
        Tab("mine", "我的工单", mine & ~Q(state__in=[State.CLOSED, State.MERGED, State.REJECTED])),
        Tab("intake", "待受理", Q(state=State.SUBMITTED)),
        Tab(
            "to_dispatch",
            "待交办",
            Q(state__in=[State.ACCEPTED, State.RETURNED, State.ESCALATED, State.REOPENED]),
        ),
        Tab("dispatched", "待接单", Q(state=State.DISPATCHED)),
        Tab("claimed", "办理中", Q(state=State.CLAIMED)),
        Tab("resolved", "待回访", Q(state=State.RESOLVED)),
        Tab("followed_up", "待归档", Q(state=State.FOLLOWED_UP)),
        Tab(
            "due_soon",
            "即将超期",
            Q(state__in=OPEN_STATES, due_at__gte=now, due_at__lt=now + dt.timedelta(hours=DUE_SOON_HOURS)),
        ),
        Tab("overdue", "超期", Q(state__in=OPEN_STATES, due_at__lt=now)),
        Tab("done", "已结束", Q(state__in=[State.CLOSED, State.REJECTED, State.MERGED])),
        Tab("all", "全部", Q()),
    ]


def queue(*, actor, tab: str) -> tuple[QuerySet[Demand], list[dict], Tab]:
    """Return the demands under one tab, every tab with its count, and the tab chosen."""
    all_tabs = tabs(actor=actor)
    by_slug = {t.slug: t for t in all_tabs}
    chosen = by_slug.get(tab, by_slug["intake"])
    base = demand_list(actor=actor)
    # One query counts every tab; "mine" joins the handler members, so it is counted on its own.
    counts = base.order_by().aggregate(
        **{t.slug: Count("id", filter=t.q) for t in all_tabs if t.slug != "mine"}
    )
    counts["mine"] = base.filter(by_slug["mine"].q).order_by().values("id").distinct().count()
    rows = base.filter(chosen.q)
    if chosen.slug == "mine":
        rows = rows.distinct()
    summary = [{"slug": t.slug, "label": t.label, "count": counts[t.slug]} for t in all_tabs]
    return rows, summary, chosen


def default_tab(*, actor) -> str:
    """Handlers start at their own orders; the front desk at the intake queue."""
    roles = roles_of(actor)
    if not actor.is_superuser and roles <= {Role.DEPARTMENT_HANDLER, Role.RESIDENT}:
        return "mine"
    return "intake"


def my_demands(*, actor) -> QuerySet[Demand]:
    """What the user reported or brought in themselves, newest first."""
    return demand_list(actor=actor).filter(Q(reporter=actor) | Q(submitted_by=actor))


TRIAGE_STATES = (State.SUBMITTED, State.ACCEPTED, State.RETURNED)


def triage(*, actor) -> QuerySet[Demand]:
    """Demands still to be sorted: unlocated, or without a category (the classifier was not sure).

    They wait here until someone places them in the tree and gives them a category.
    """
    return (
        demand_list(actor=actor)
        .filter(Q(territory__isnull=True) | Q(category__isnull=True), state__in=TRIAGE_STATES)
        .select_related("suggested_category")
    )


def sees_personal_data(*, actor, demand: Demand) -> bool:
    if demand.reporter_id == actor.pk or demand.claimed_by_id == actor.pk:
        return True
    return needs_personal_data(actor, demand.territory.path if demand.territory_id else None)


def contact_of(*, actor, demand: Demand) -> dict:
    """The reporter's name, phone and address, masked for viewers whose work does not need them."""
    if sees_personal_data(actor=actor, demand=demand):
        return {"name": demand.contact_name, "phone": demand.contact_phone, "address": demand.address}
    return {
        "name": mask_name(demand.contact_name),
        "phone": mask_phone(demand.contact_phone),
        "address": mask_address(demand.address),
    }


EXPORT_HEADERS = [
    "编号",
    "标题",
    "诉求内容",
    "状态",
    "渠道",
    "分类",
    "所在辖区",
    "地址",
    "联系人",
    "联系电话",
    "承办单位",
    "接单人",
    "办理期限",
    "提交时间",
    "满意度",
    "办理结果",
]


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def export_rows(*, actor, demands):
    """Yield one spreadsheet row per demand, personal data masked as on the page."""
    for d in demands:
        c = contact_of(actor=actor, demand=d)
        yield [
            d.pk,
            d.title,
            d.text,
            d.get_state_display(),
            d.get_channel_display(),
            d.category.name if d.category_id else "",
            d.territory.name if d.territory_id else "（待分拣）",
            c["address"],
            c["name"],
            c["phone"],
            d.handler.name if d.handler_id else "",
            str(d.claimed_by) if d.claimed_by_id else "",
            _local(d.due_at),
            _local(d.created_at),
            d.get_satisfaction_display() if d.satisfaction else "",
            d.result,
        ]


def place_choices(*, actor) -> list[tuple[int, str]]:
    """The communities, grids, compounds and villages a staff member may report from, deepest last."""
    paths = scope_of(actor)
    qs = Territory.objects.filter(level__in=PICKABLE_LEVELS)
    if paths is not None:
        qs = qs.filter(subtree_q(paths))
    return [(pk, name) for pk, name in qs.order_by("path").values_list("id", "name")[:PICKER_LIMIT]]


def dispatch_choices(*, demand: Demand) -> list[Handler]:
    """Handlers that serve the demand's place: on its territory, below it or above it.

    Deepest first; on each level a street's four platforms come first, in their fixed order,
    so the front desk finds 综合治理、公共服务、综合执法、应急管理 together.
    """
    if not demand.territory_id:
        return []
    path = demand.territory.path
    step = Territory.steplen
    ancestors = [path[:i] for i in range(step, len(path) + 1, step)]
    platform_order = Case(
        *(When(platform=p, then=Value(i)) for i, p in enumerate(Platform.values)),
        default=Value(len(Platform.values)),
    )
    return list(
        Handler.objects.filter(active=True)
        .filter(Q(territory__path__in=ancestors) | Q(territory__path__startswith=path))
        .select_related("territory")
        .order_by("-territory__depth", platform_order, "name")[:PICKER_LIMIT]
    )


def locate_candidates(*, addresses: list[str], limit: int = 5) -> list[list[Territory]]:
    """For each address, the places whose name or short name appears in it, deepest first."""
    if not any((a or "").strip() for a in addresses):
        return [[] for _ in addresses]
    nodes = [
        (n, short_name(n.name))
        for n in Territory.objects.filter(level__in=ADDRESS_LEVELS).only("id", "name", "path", "level")
    ]
    out = []
    for address in addresses:
        text = (address or "").strip()
        found = [n for n, short in nodes if text and (n.name in text or (len(short) >= 2 and short in text))]
        found.sort(key=lambda n: (-len(n.path), n.path))
        out.append(found[:limit])
    return out


def territory_by_name_or_id(*, text: str) -> Territory:
    """Find the place a person typed: its id, or a name that only one place carries."""
    text = (text or "").strip()
    if not text:
        raise ValidationFailed("请填写辖区名称或编号。")
    if text.isdigit():
        node = Territory.objects.filter(pk=int(text)).first()
        if node is None:
            raise NotFound(f"没有编号为 {text} 的辖区。")
        return node
    nodes = list(Territory.objects.filter(name=text).order_by("path")[:6])
    if not nodes:
        raise NotFound(f"没有名为「{text}」的辖区，请填写完整名称或编号。")
    if len(nodes) > 1:
        ids = "、".join(f"{n.pk}" for n in nodes[:5])
        raise ValidationFailed(f"有多个名为「{text}」的辖区，请改填编号：{ids}。")
    return nodes[0]
