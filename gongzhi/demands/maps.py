"""What the demand pages draw on their maps: the area to pick a point in, and a demand with its neighbours."""

from __future__ import annotations

import math

from django.urls import reverse

from gongzhi.demands.models import Demand
from gongzhi.demands.selectors import demand_visible
from gongzhi.demands.workflow import OPEN_STATES
from gongzhi.people.nodes import resident_communities
from gongzhi.people.scope import is_staff_viewer, scope_of
from gongzhi.territory import geojson
from gongzhi.territory.models import Territory
from gongzhi.territory.rollups import community_of

NEARBY_METRES = 500
NEARBY_SHOWN = 30
# Children drawn on a picking map; a city's thousands of grids would make the page heavy.
MAX_CHILDREN = 200


def _area_of(node: Territory) -> dict | None:
    children = list(node.get_children().order_by("path")[:MAX_CHILDREN])
    return geojson.area(children, outline=node) if children else geojson.area([node])


def report_area(*, actor) -> dict | None:
    """The area a reporter picks the problem's place in: their community, or the top of their scope."""
    if is_staff_viewer(actor):
        roots = scope_of(actor)
        node = (
            Territory.objects.filter(path=roots[0]).first()
            if roots
            else Territory.objects.filter(depth=1).first()
        )
    else:
        node = next(iter(resident_communities(actor)), None)
    return _area_of(node) if node is not None else None


def _metres(lng1, lat1, lng2, lat2) -> float:
    kx = math.cos(math.radians((lat1 + lat2) / 2)) * 111_320
    return math.hypot((lng2 - lng1) * kx, (lat2 - lat1) * 110_574)


def demand_map(*, actor, demand: Demand) -> dict | None:
    """A demand's pin in its community, with the open demands nearby the viewer may open."""
    if demand.lng is None or demand.lat is None:
        return None
    community = community_of(demand.territory) if demand.territory_id else None
    area = _area_of(community) if community is not None else None
    pins = [{"lng": demand.lng, "lat": demand.lat, "label": f"本诉求 #{demand.pk}", "main": True}]
    # A box of about ±500 m first (an index range), then the real distance.
    dlat = NEARBY_METRES / 110_574
    dlng = NEARBY_METRES / (111_320 * math.cos(math.radians(demand.lat)))
    near = (
        demand_visible(actor=actor)
        .filter(
            state__in=OPEN_STATES,
            lng__range=(demand.lng - dlng, demand.lng + dlng),
            lat__range=(demand.lat - dlat, demand.lat + dlat),
        )
        .exclude(pk=demand.pk)
        .select_related("category")
        .order_by("-created_at")[: NEARBY_SHOWN * 2]
    )
    for d in near:
        if _metres(demand.lng, demand.lat, d.lng, d.lat) <= NEARBY_METRES and len(pins) <= NEARBY_SHOWN:
            label = f"#{d.pk} {d.category.name if d.category else '未分类'}"
            pins.append(
                {"lng": d.lng, "lat": d.lat, "label": label, "url": reverse("demands:detail", args=[d.pk])}
            )
    return {"area": area, "pins": pins, "nearby": len(pins) - 1}
