"""What every workforce page shares: the tabs the viewer may open, the node line, the year asked."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.urls import reverse

from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.core.periods import parse_period, period_of, today
from gongzhi.people.nodes import figures_node
from gongzhi.people.scope import in_scope, is_staff_viewer
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory
from gongzhi.territory.selectors import territory_ancestors
from gongzhi.workforce.selectors.access import is_assessor


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    url: str


def tabs(user, node: Territory | None) -> list[Tab]:
    """List the workforce pages `user` may open, each for the same node."""
    q = f"?territory={node.pk}" if node is not None else ""
    out = []
    if is_staff_viewer(user):
        out += [
            Tab("index", "待办", reverse("workforce:index") + q),
            Tab("workers", "社区工作者", reverse("workforce:workers") + q),
            Tab("pay_table", "报酬标准", reverse("workforce:pay_table") + q),
            Tab("staffing", "配备", reverse("workforce:staffing") + q),
        ]
        if is_assessor(user):
            out.append(Tab("reserve", "后备人才库", reverse("workforce:reserve") + q))
        out += [
            Tab("coverage", "驻村覆盖", reverse("workforce:coverage") + q),
            Tab("postings", "驻村力量", reverse("workforce:postings") + q),
            Tab("training", "培训", reverse("workforce:training") + q),
        ]
    out.append(Tab("cards", "党员亮身份", reverse("workforce:cards") + q))
    return out


def page_context(request, node: Territory | None, active: str) -> dict:
    ancestors = [a for a in territory_ancestors(node=node) if in_scope(request.user, a.path)] if node else []
    return {"node": node, "ancestors": ancestors, "tabs": tabs(request.user, node), "active": active}


def drill(node: Territory) -> list[Territory]:
    """Return the children a page lets the viewer step down to (down to the communities)."""
    if node.level in (Level.COMMUNITY, Level.GRID, Level.COMPOUND, Level.NATURAL_VILLAGE, Level.BUILDING):
        return []
    if node.level == Level.HOUSEHOLD:
        return []
    return list(node.get_children().order_by("path")[:300])


def staff_node(request, *, assessors_only: bool = False) -> Territory:
    """Return the page's node (?territory=, else the top of scope); out of scope is 404, a resident 403."""
    if not is_staff_viewer(request.user):
        raise DjangoPermissionDenied("您的角色不能查看队伍台账。")
    if assessors_only and not is_assessor(request.user):
        raise DjangoPermissionDenied("只有街道及以上组织部门可以查看此页。")
    try:
        return figures_node(user=request.user, territory_id=request.GET.get("territory"))
    except NotFound:
        raise Http404("辖区未找到。")


def year_from(raw: str | None, *, default: int) -> tuple[int, str]:
    """Read a year through the product's one period parser; a bad value falls back with the reason."""
    raw = (raw or "").strip()
    if not raw:
        return default, ""
    try:
        period = parse_period(raw, default=period_of("year", today()))
    except ValidationFailed as exc:
        return default, exc.message
    if period.kind != "year":
        return default, f"年度「{raw[:20]}」应写成四位年份，如 2025。"
    return period.start.year, ""


def year_of(request, *, default: int | None = None) -> tuple[int, str]:
    """Read ?year= (default: this year)."""
    return year_from(request.GET.get("year"), default=default if default is not None else today().year)


def year_choices() -> list[int]:
    y = today().year
    return [y + 1, y, y - 1, y - 2]
