"""The command centre page: figures, a map coloured by the chosen figure, ranked children, alerts, drill-down."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client

from gongzhi.analytics.tests.test_figures_api import resolved, this_month  # noqa: F401
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[117.0, 32.0], [117.2, 32.0], [117.2, 32.2], [117.0, 32.2], [117.0, 32.0]]],
}


def page_client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_city_admin_sees_cards_a_coloured_map_ranked_children_and_alerts(resolved):  # noqa: F811
    t = resolved["tree"]
    for i, d in enumerate([t["district_a"], t["district_b"]]):
        ring = [[x + 0.2 * i, y] for x, y in SQUARE["coordinates"][0]]
        d.boundary = {"type": "Polygon", "coordinates": [ring]}
        d.save(update_fields=["boundary"])
    admin = user_with_role(Role.CITY_ADMIN, t["city"], username="cityadmin")
    r = page_client(admin).get(
        f"/dashboard/{t['city'].division_code}/", {"period": this_month(), "figure": "demands.submitted"}
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "测试市 · 指挥中心" in html and "办结率" in html and "满意率" in html
    assert html.count('class="map-area"') == 2  # one coloured polygon per district
    assert f"/dashboard/{t['district_a'].division_code}/?period={this_month()}" in html  # drill-down link
    rows = r.context["rows"]
    assert [(row["node"].name, row["rank"]) for row in rows] == [("A区", 1), ("B区", 2)]
    assert rows[0]["colour"] != rows[1]["colour"]
    assert r.context["overdue_count"] == 0
    screen = page_client(admin).get(f"/dashboard/{t['city'].pk}/screen/")
    assert screen.status_code == 200 and 'http-equiv="refresh"' in screen.content.decode()


def test_the_street_official_opens_on_their_own_street_and_cannot_open_another(resolved):  # noqa: F811
    t = resolved["tree"]
    c = page_client(resolved["official"])
    r = c.get("/dashboard/")
    assert r.status_code == 200 and r.context["node"] == t["street_a"]
    # The breadcrumb starts at the viewer's own node: nothing above it is linked.
    assert [a.name for a in r.context["ancestors"]] == []
    other = c.get(f"/dashboard/{t['district_b'].division_code}/")
    missing = c.get("/dashboard/999999999999/")
    assert other.status_code == missing.status_code == 404
    assert page_client(resolved["resident"]).get("/dashboard/").status_code == 404


def test_a_bad_period_says_so_and_shows_the_last_full_month(resolved):  # noqa: F811
    r = page_client(resolved["official"]).get("/dashboard/", {"period": "明年"})
    assert r.status_code == 200
    assert "看不懂" in r.content.decode()


def test_the_children_table_exports_to_excel(resolved):  # noqa: F811
    t = resolved["tree"]
    admin = user_with_role(Role.CITY_ADMIN, t["city"], username="cityadmin")
    r = page_client(admin).get(
        f"/dashboard/{t['city'].pk}/",
        {"period": this_month(), "figure": "demands.submitted", "export": "xlsx"},
    )
    assert r.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:4] == ("排名", "区县", "样本数", "诉求量（件）")
    assert values[1][:2] == (1, "A区") and values[1][3] == 2
