"""Which territory nodes a viewer's figures and pages are about, as far as their roles reach."""

from __future__ import annotations

from gongzhi.core.errors import NotFound
from gongzhi.people.scope import get_in_scope, is_resident_only, scope_of
from gongzhi.territory.models import Territory
from gongzhi.territory.rollups import community_of


def figures_node(*, user, territory_id=None) -> Territory:
    """Return the node a viewer's figures are about: the one asked for, else the top of their scope.

    A node out of scope answers exactly like a missing one.
    """
    if is_resident_only(user):
        raise NotFound("辖区未找到。")
    if territory_id not in (None, ""):
        return get_in_scope(Territory.objects.all(), user, territory_id)
    roots = scope_of(user)
    qs = Territory.objects.filter(depth=1) if roots is None else Territory.objects.filter(path__in=roots)
    node = qs.order_by("path").first()
    if node is None:
        raise NotFound("辖区未找到。")
    return node


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
