"""The territory's own polygons as GeoJSON for the in-page maps (Leaflet, no tiles).

Coordinates stay GCJ-02 as stored: every layer on the map uses the same system, so nothing
is shifted. Polygons are simplified to keep a phone's page light.
"""

from __future__ import annotations

from collections.abc import Iterable

from shapely.geometry import mapping

from gongzhi.territory.models import Territory
from gongzhi.territory.svgmap import _geometry, short_name

# About 10 m at China's latitudes: invisible at a community's scale, halves a district's points.
SIMPLIFY_DEGREES = 0.0001


def feature(node: Territory, **properties) -> dict | None:
    """Return `node` as a GeoJSON feature (its polygon, else its point), or None if it has neither."""
    geom = _geometry(node.boundary)
    if geom is not None:
        geometry = mapping(geom.simplify(SIMPLIFY_DEGREES, preserve_topology=True))
    elif node.lng is not None and node.lat is not None:
        geometry = {"type": "Point", "coordinates": [node.lng, node.lat]}
    else:
        return None
    props = {"id": node.pk, "name": short_name(node.name), "level": node.level, **properties}
    return {"type": "Feature", "geometry": geometry, "properties": props}


def area(nodes: Iterable[Territory], *, outline: Territory | None = None) -> dict | None:
    """Return a FeatureCollection of `nodes` (and the outline they lie in), or None if none can be drawn."""
    features = [f for n in nodes if (f := feature(n)) is not None]
    if outline is not None and (f := feature(outline, outline=True)) is not None:
        features.insert(0, f)
    return {"type": "FeatureCollection", "features": features} if features else None
