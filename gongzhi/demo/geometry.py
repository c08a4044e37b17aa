"""Place generated points (GCJ-02) inside their district's real polygon, one cluster per street."""

from __future__ import annotations

import math
import random

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

# Without polygons, points spread over a disc of this radius (degrees) around the city seat.
_DISC = 0.12
# A building stands within about a hundred metres of its compound's point.
BUILDING_SPREAD = 0.0008


class Placer:
    """Sample points: a street centre inside its district, communities and units clustered around it."""

    def __init__(
        self, rng: random.Random, *, boundaries: dict[str, dict | None], center: tuple[float, float]
    ):
        self.rng = rng
        self.center = center
        self.shapes: dict[str, BaseGeometry] = {}
        for path, geojson in boundaries.items():
            if geojson:
                geom = shape(geojson)
                shapely.prepare(geom)
                self.shapes[path] = geom
        # Districts with no polygon (development zones) borrow the union of the city's districts.
        self.fallback = unary_union(list(self.shapes.values())) if self.shapes else None
        if self.fallback is not None:
            shapely.prepare(self.fallback)
        self.missing = sorted(p for p in boundaries if p not in self.shapes)

    @property
    def has_polygons(self) -> bool:
        return self.fallback is not None

    def area_of(self, district_path: str) -> BaseGeometry | None:
        return self.shapes.get(district_path, self.fallback)

    def inside(self, district_path: str, x: float, y: float) -> bool:
        geom = self.area_of(district_path)
        if geom is None:
            return math.hypot(x - self.center[0], y - self.center[1]) <= _DISC
        return bool(shapely.contains_xy(geom, x, y))

    def spread(self, district_path: str, streets: int) -> float:
        """Return the typical distance (degrees) between street centres in a district."""
        geom = self.area_of(district_path)
        area = geom.area if geom is not None else math.pi * _DISC**2
        return math.sqrt(area / max(1, streets)) / 2

    def anywhere(self, district_path: str) -> tuple[float, float]:
        geom = self.area_of(district_path)
        if geom is None:
            a, d = self.rng.uniform(0, 2 * math.pi), 0.99 * _DISC * math.sqrt(self.rng.random())
            return round(self.center[0] + d * math.cos(a), 6), round(self.center[1] + d * math.sin(a), 6)
        minx, miny, maxx, maxy = geom.bounds
        for _ in range(1000):
            x, y = round(self.rng.uniform(minx, maxx), 6), round(self.rng.uniform(miny, maxy), 6)
            if shapely.contains_xy(geom, x, y):
                return x, y
        p = geom.representative_point()
        return p.x, p.y

    def near(self, district_path: str, origin: tuple[float, float], sigma: float) -> tuple[float, float]:
        """Return a point about `sigma` from `origin` that lies inside the district."""
        for _ in range(30):
            x = round(origin[0] + self.rng.gauss(0, sigma), 6)
            y = round(origin[1] + self.rng.gauss(0, sigma), 6)
            if self.inside(district_path, x, y):
                return x, y
        if self.inside(district_path, *origin):
            return origin
        return self.anywhere(district_path)

    def building(self, district_path: str, origin: tuple[float, float]) -> tuple[float, float]:
        return self.near(district_path, origin, BUILDING_SPREAD)
