"""Which territory nodes a viewer's figures and pages are about, as far as their roles reach."""

from __future__ import annotations

from django.http import Http404

from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.core.periods import Period, last_twelve_months, parse_period
from gongzhi.people.scope import get_in_scope, is_resident_only, scope_of
from gongzhi.territory.models import Territory
from gongzhi.territory.rollups import community_of


def figures_node(*, user, territory_id=None) -> Territory:
    """Return the node a viewer's figures are about: the one asked for (id or 12-digit division code),
    else the top of their scope.

    A node out of scope answers exactly like a missing one.
    """
    if is_resident_only(user):
        raise NotFound("辖区未找到。")
    raw = str(territory_id if territory_id is not None else "").strip()
    if raw:
        if len(raw) == 12 and raw.isdigit():
            pk = Territory.objects.filter(division_code=raw).values_list("pk", flat=True).first()
            raw = str(pk) if pk is not None else ""
        if not raw.isdigit() or len(raw) > 18:
            raise NotFound("辖区未找到。")
        try:
            return get_in_scope(Territory.objects.all(), user, int(raw))
        except NotFound:
            raise NotFound("辖区未找到。")
    roots = scope_of(user)
    qs = Territory.objects.filter(depth=1) if roots is None else Territory.objects.filter(path__in=roots)
    node = qs.order_by("path").first()
    if node is None:
        raise NotFound("辖区未找到。")
    return node


def node_and_period(
    request, *, territory=None, default: Period | None = None
) -> tuple[Territory, Period, str]:
    """Read the node (?territory= or the URL's) and ?period= of a figures page.

    Out of scope is a 404 like a missing node; a period nobody can read falls back to `default`
    (the last twelve months when none) with the message that says why, so the page still shows.
    """
    try:
        node = figures_node(user=request.user, territory_id=territory or request.GET.get("territory"))
    except NotFound:
        raise Http404("辖区未找到。")
    try:
        return node, parse_period(request.GET.get("period", ""), default=default), ""
    except ValidationFailed as exc:
        return node, default or last_twelve_months(), exc.message


def resident_communities(user) -> list[Territory]:
    """Return the communities where a user holds a role (a resident: where their household is)."""
    paths = {p for _, p in user.roles.values_list("role", "territory__path")}
    out: dict[int, Territory] = {}
    for p in paths:
        node = Territory.objects.filter(path=p).first()
        community = node and community_of(node)
        if community is not None:
            out[community.pk] = community
    return list(out.values())


def breadcrumb(*, user, node: Territory) -> list[Territory]:
    """Return the node's ancestors the viewer may open, top first: a breadcrumb with no dead end."""
    roots = scope_of(user)
    paths = [node.path[:i] for i in range(Territory.steplen, len(node.path), Territory.steplen)]
    if roots is not None:
        paths = [p for p in paths if any(p.startswith(r) for r in roots)]
    return list(Territory.objects.filter(path__in=paths).order_by("depth")) if paths else []
