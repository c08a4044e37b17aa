"""What the figure pages of patrols, safety and mediation share: node and period from the query, errors, Excel."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.urls import reverse

from gongzhi.core.errors import ApplicationError, NotFound
from gongzhi.core.periods import KINDS, period_from_params
from gongzhi.people.nodes import figures_node
from gongzhi.people.scope import is_staff_viewer
from gongzhi.territory.selectors import territory_ancestors


def where_when(request, *, default_period: str = "month") -> dict:
    """Read ?territory=&period=&date= into the context every figure page needs; out of scope is 404."""
    if not is_staff_viewer(request.user):
        raise DjangoPermissionDenied("您的角色不能查看统计。")
    try:
        node = figures_node(user=request.user, territory_id=request.GET.get("territory"))
        period = period_from_params(request.GET, default=default_period)
    except NotFound:
        raise Http404("未找到。")
    except ApplicationError as exc:
        raise Http404(exc.message)
    return {
        "node": node,
        "period": period,
        "kinds": KINDS.items(),
        "ancestors": territory_ancestors(node=node),
        "prev_query": _query(node, period.previous()),
        "next_query": _query(node, period.next()),
        "this_query": _query(node, period),
    }


def _query(node, period) -> str:
    return f"territory={node.pk}&period={period.kind}&date={period.start.isoformat()}"


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def url_with(name: str, *args, query: str = "") -> str:
    return reverse(name, args=args) + (f"?{query}" if query else "")
