"""Maps on the demand pages: pick the place on the report form, see the pin and its neighbours."""

import json
import re

import pytest

from gongzhi.demands.models import Demand
from gongzhi.demands.tests.factories import submit
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role
from gongzhi.territory.models import Territory

pytestmark = pytest.mark.django_db
SQUARE = {"type": "Polygon", "coordinates": [[[117.0, 32.0], [117.01, 32.0], [117.01, 32.01], [117.0, 32.0]]]}


def map_data(html: str, map_id: str) -> dict:
    return json.loads(
        re.search(rf'<script id="{map_id}" type="application/json">(.*?)</script>', html, re.S)[1]
    )


@pytest.fixture
def placed(tree):
    Territory.objects.filter(pk=tree["grid_a"].pk).update(boundary=SQUARE)
    Territory.objects.filter(pk=tree["community_a"].pk).update(lng=117.005, lat=32.005)
    return tree


def test_a_resident_picks_the_place_on_a_map_of_their_own_community(client, placed):
    resident = user_with_role(Role.RESIDENT, placed["household_a"])
    client.force_login(resident)
    html = client.get("/demands/new/").content.decode()
    data = map_data(html, "gz-report-map")
    names = [f["properties"]["name"] for f in data["area"]["features"]]
    assert names == ["A社区", "A第一网格"] and data["area"]["features"][0]["properties"]["outline"]
    assert data["pick"] == {
        "lng": "lng",
        "lat": "lat",
        "system": "coord_system",
        "status": "gz-locate-status",
    }
    assert "leaflet/leaflet.js" in html and "core/map.js" in html


def test_a_point_picked_on_the_map_is_kept_as_gcj02(client, placed):
    resident = user_with_role(Role.RESIDENT, placed["household_a"])
    client.force_login(resident)
    form = client.get("/demands/new/").context["form"]
    response = client.post(
        "/demands/new/",
        {
            "idempotency_key": form.initial.get("idempotency_key") or form["idempotency_key"].value(),
            "text": "路灯不亮，晚上很黑",
            "lng": "117.004000",
            "lat": "32.003000",
            "coord_system": "gcj02",
            "contact_name": "王秀英",
            "contact_phone": "13912345678",
        },
    )
    assert response.status_code == 302
    demand = Demand.objects.get()
    assert (round(demand.lng, 6), round(demand.lat, 6)) == (117.004, 32.003)  # no shift: the map's own system
    assert demand.territory_id == placed["grid_a"].pk  # and the point places it in the grid


def test_the_demand_page_pins_it_and_the_open_demands_nearby_the_viewer_may_open(client, placed):
    resident = user_with_role(Role.RESIDENT, placed["household_a"])
    here = submit(resident, placed["grid_a"], lng=117.004, lat=32.003, coord_system="gcj02")
    near = submit(resident, placed["grid_a"], lng=117.006, lat=32.004, coord_system="gcj02")
    far = submit(resident, placed["grid_a"], lng=117.03, lat=32.003, coord_system="gcj02")  # ~2.4 km
    Demand.objects.filter(pk__in=[here.pk, near.pk, far.pk]).update(state="accepted")
    other = user_with_role(Role.RESIDENT, placed["household_b"], username="other")
    hidden = submit(other, placed["grid_b"], lng=117.0041, lat=32.0031, coord_system="gcj02")
    Demand.objects.filter(pk=hidden.pk).update(state="accepted")
    client.force_login(user_with_role(Role.COMMUNITY_WORKER, placed["community_a"]))
    html = client.get(f"/demands/{here.pk}/").content.decode()
    pins = map_data(html, "gz-demand-map-data")["pins"]
    assert pins[0]["main"] and (pins[0]["lng"], pins[0]["lat"]) == (117.004, 32.003)
    assert [p["url"] for p in pins[1:]] == [f"/demands/{near.pk}/"]  # not the far one, not district B's
    assert "(GCJ-02)" not in html and "附近 500 米内 1 件未办结的诉求" in html
