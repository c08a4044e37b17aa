"""Coordinates: we store GCJ-02 (the system of Chinese map data); phones send WGS-84.

Conversion is done by the prcoords library at the edge, never by hand.
"""

from __future__ import annotations

import prcoords
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry


def wgs84_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    """Convert a phone's GPS point to the stored system."""
    lat2, lng2 = prcoords.wgs_gcj((lat, lng))
    return lng2, lat2


def gcj02_to_wgs84(lng: float, lat: float) -> tuple[float, float]:
    lat2, lng2 = prcoords.gcj_wgs_bored((lat, lng))
    return lng2, lat2


def geometry_of(boundary: dict | None) -> BaseGeometry | None:
    return shape(boundary) if boundary else None


def point(lng: float, lat: float) -> Point:
    return Point(lng, lat)
