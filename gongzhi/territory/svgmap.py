"""Draw a node and its children as an inline SVG map, from their own polygons and points.

No tile server: the page must work on an intranet with no internet. Coordinates are
GCJ-02 as stored; an equirectangular projection corrected by cos(latitude) is
accurate enough at the scale of a city.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from gongzhi.territory.models import Territory

WIDTH = 600
MAX_LABELS = 40
PALETTE = ["#f4cccc", "#fce5cd", "#fff2cc", "#d9ead3", "#d0e0e3", "#cfe2f3", "#d9d2e9", "#ead1dc"]


# Official names end in the committee's title; on a map the place is enough (东风社区居民委员会 → 东风社区).
_SUFFIXES = (
    ("社区居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("居民委员会", "社区"),
    ("村民委员会", "村"),
    ("村委会", "村"),
)


def short_name(name: str) -> str:
    """Return the name a map label shows: without the committee's title."""
    for long, short in _SUFFIXES:
        if name.endswith(long) and len(name) > len(long):
            return name[: -len(long)] + ("" if name[: -len(long)].endswith(short) else short)
    return name


def _geometry(boundary) -> BaseGeometry | None:
    if not boundary:
        return None
    try:
        geom = shape(boundary)
    except Exception:  # a malformed boundary must not break the page; it is just not drawn
        return None
    return None if geom.is_empty else geom


class _Projection:
    """Map lng/lat into a WIDTH-wide box, leaving MARGIN pixels around for points and labels."""

    def __init__(self, bounds: tuple[float, float, float, float], margin: int):
        minx, miny, maxx, maxy = bounds
        self.kx = math.cos(math.radians((miny + maxy) / 2))
        span_x = max((maxx - minx) * self.kx, 1e-6)
        span_y = max(maxy - miny, 1e-6)
        inner = WIDTH - 2 * margin
        self.scale = inner / span_x
        inner_h = max(120, min(span_y * self.scale, inner * 1.5))
        if span_y * self.scale > inner_h:  # very tall shapes: fit the height instead
            self.scale = inner_h / span_y
        self.height = int(inner_h) + 2 * margin
        self.margin = margin
        # Centre horizontally when the height was the binding side.
        self.offset_x = margin + (inner - span_x * self.scale) / 2
        self.minx, self.maxy = minx, maxy

    def xy(self, lng: float, lat: float) -> tuple[float, float]:
        x = self.offset_x + (lng - self.minx) * self.kx * self.scale
        y = self.margin + (self.maxy - lat) * self.scale
        return round(x, 1), round(y, 1)


def _path_d(geom: BaseGeometry, proj: _Projection) -> str:
    parts: list[str] = []
    polygons = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    for poly in polygons:
        if poly.geom_type != "Polygon":
            continue
        for ring in [poly.exterior, *poly.interiors]:
            pts = [proj.xy(x, y) for x, y, *_ in ring.coords]
            if len(pts) >= 3:
                parts.append("M" + "L".join(f"{x},{y}" for x, y in pts) + "Z")
    return "".join(parts)


def territory_svg(
    *,
    node: Territory,
    children: Sequence[Territory],
    url_for: Callable[[Territory], str],
    fill_for: Callable[[Territory], str] | None = None,
    title_for: Callable[[Territory], str] | None = None,
    pale: set[int] | None = None,
) -> SafeString:
    """Return an SVG of `node`'s outline with its children's polygons and points, or "" if none has any.

    `fill_for` colours each child (a choropleth), drawn half-transparent when its id is in `pale`;
    `title_for` gives its hover text.
    """
    title_for = title_for or (lambda c: c.name)
    outline = _geometry(node.boundary)
    shapes = [(c, _geometry(c.boundary)) for c in children]
    points = [c for c, g in shapes if g is None and c.lng is not None and c.lat is not None]
    polys = [(c, g) for c, g in shapes if g is not None]
    if not polys and not points and outline is None:
        return mark_safe("")
    xs: list[float] = []
    ys: list[float] = []
    for g in [outline, *(g for _, g in polys)]:
        if g is not None:
            minx, miny, maxx, maxy = g.bounds
            xs += [minx, maxx]
            ys += [miny, maxy]
    for c in points:
        xs.append(c.lng)
        ys.append(c.lat)
    minx, miny, maxx, maxy = min(xs), min(ys), max(xs), max(ys)
    # A single point (or points on one line) still needs an area around it, about 100 m.
    if maxx - minx < 1e-3:
        minx, maxx = minx - 5e-4, maxx + 5e-4
    if maxy - miny < 1e-3:
        miny, maxy = miny - 5e-4, maxy + 5e-4
    proj = _Projection((minx, miny, maxx, maxy), 10 if not points else 36)
    # Simplify to about a pixel: DataV outlines carry thousands of vertices per district.
    tolerance = 1 / proj.scale
    out = [
        f'<svg viewBox="0 0 {WIDTH} {proj.height}" '
        f'class="territory-map" role="img" aria-label="{escape(node.name)}地图">'
    ]
    if outline is not None:
        d = _path_d(outline.simplify(tolerance, preserve_topology=True), proj)
        out.append(f'<path d="{d}" class="map-outline"><title>{escape(node.name)}</title></path>')
    labels: list[str] = []
    for i, (c, g) in enumerate(polys):
        d = _path_d(g.simplify(tolerance, preserve_topology=True), proj)
        out.append(
            f'<a href="{escape(url_for(c))}"><path d="{d}" class="map-area{" map-pale" if pale and c.pk in pale else ""}" '
            f'fill="{fill_for(c) if fill_for else PALETTE[i % len(PALETTE)]}">'
            f"<title>{escape(title_for(c))}</title></path></a>"
        )
        if len(polys) <= MAX_LABELS:
            p = g.representative_point()
            x, y = proj.xy(p.x, p.y)
            labels.append(f'<text x="{x}" y="{y}" class="map-label">{escape(short_name(c.name))}</text>')
    for c in points:
        x, y = proj.xy(c.lng, c.lat)
        out.append(
            f'<a href="{escape(url_for(c))}"><circle cx="{x}" cy="{y}" r="10" class="map-point"'
            f"{f' style={chr(34)}fill:{fill_for(c)}{chr(34)}' if fill_for else ''}>"
            f"<title>{escape(title_for(c))}</title></circle></a>"
        )
        if len(points) <= MAX_LABELS:
            labels.append(f'<text x="{x}" y="{y - 15}" class="map-label">{escape(short_name(c.name))}</text>')
    out += labels
    out.append("</svg>")
    return mark_safe("".join(out))
