import json
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from shapely.geometry import box, mapping

from gongzhi.open311.services import apikey_create
from gongzhi.territory.geo import gcj02_to_wgs84

# Grid A is a narrow strip of GCJ-02 map data; a phone inside it reports this WGS-84 point,
# which itself lies a few hundred metres off the strip: only a converted point lands in it.
GRID_A_GCJ = (117.3000, 32.9000, 117.3030, 32.9600)
POINT_GCJ = (117.3015, 32.9300)
POINT_WGS = gcj02_to_wgs84(*POINT_GCJ)


@pytest.fixture
def mapped(tree):
    """Given community A drawn on the map (GCJ-02) with grid A as a narrow strip inside it."""
    shapes = {"community_a": box(117.20, 32.80, 117.40, 33.00), "grid_a": box(*GRID_A_GCJ)}
    for key, geom in shapes.items():
        tree[key].boundary = mapping(geom)
        tree[key].save(update_fields=["boundary", "updated_at"])
    return tree


@pytest.fixture
def api_key(db):
    """Given a key issued to a client app; the raw key as the app would hold it."""
    key, raw = apikey_create(actor=None, name="蚌埠市民App")
    key.raw = raw
    return key


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)


def parse(response):
    """Return a JSON body as Python, an XML body as its root element."""
    if response["Content-Type"].startswith("text/xml"):
        return ET.fromstring(response.content)
    return json.loads(response.content)
