import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongzhi.core.tests.test_pages import assert_no_external_assets
from gongzhi.people.models import RoleAssignment
from gongzhi.people.tests.factories import ResidentFactory, UserFactory, user_with_role
from gongzhi.territory.importing import territory_import_file
from gongzhi.territory.models import Territory
from gongzhi.territory.tests.factories import node

DIVISIONS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "divisions"


def detail(n: Territory) -> str:
    return reverse("territory:detail", args=[n.pk])


def square(x: float, y: float, size: float = 0.01) -> dict:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.mark.django_db
def test_the_bengbu_city_page_counts_87_streets_and_1157_communities(client):
    territory_import_file(path=DIVISIONS / "bengbu-3403.csv")
    bengbu = Territory.objects.get(division_code="340300000000")
    client.force_login(user_with_role("city_admin", bengbu))
    response = client.get(detail(bengbu))
    html = response.content.decode()
    figures = {f.label: f.value for f in response.context["level_figures"]}
    assert figures["街道/乡镇"] == "87"
    assert figures["社区/行政村"] == "1,157"
    assert "1,157" in html
    # Every district is a row with its own counts, and the rows add up to the city.
    table = response.context["table"]
    assert len(table["rows"]) == Territory.objects.filter(level="district").count()
    street_col = table["columns"].index("街道/乡镇")
    assert sum(r["counts"][street_col] for r in table["rows"]) == 87
    assert "龙子湖区" in html
    assert_no_external_assets(html)


@pytest.mark.django_db
def test_a_node_out_of_scope_answers_404_like_a_missing_one(client, tree):
    client.force_login(user_with_role("street_official", tree["street_a"]))
    assert client.get(detail(tree["community_a"])).status_code == 200
    assert client.get(detail(tree["community_b"])).status_code == 404
    assert client.get(reverse("territory:detail", args=[999999])).status_code == 404
    export = reverse("territory:children-export", args=[tree["community_b"].pk])
    assert client.get(export).status_code == 404


@pytest.mark.django_db
def test_the_breadcrumb_stops_at_the_top_of_the_scope(client, tree):
    client.force_login(user_with_role("street_official", tree["street_a"]))
    response = client.get(detail(tree["grid_a"]))
    assert [a.name for a in response.context["ancestors"]] == ["A街道", "A社区"]
    assert "测试市" not in response.content.decode()


@pytest.mark.django_db
def test_one_can_drill_down_from_the_city_to_a_household(client, tree):
    client.force_login(user_with_role("city_admin", tree["city"]))
    ResidentFactory(household=tree["household_a"], name="王小明")
    path = ["city", "district_a", "street_a", "community_a", "grid_a", "building_a", "household_a"]
    for here, child in zip(path, path[1:], strict=False):
        html = client.get(detail(tree[here])).content.decode()
        assert f'href="{detail(tree[child])}"' in html
    building = client.get(detail(tree["building_a"]))
    assert building.context["table"]["rows"][0]["residents"] == 1
    assert "王小明" in client.get(detail(tree["household_a"])).content.decode()


@pytest.mark.django_db
def test_household_addresses_are_masked_for_a_street_official_but_not_a_community_worker(client, tree):
    client.force_login(user_with_role("street_official", tree["street_a"]))
    html = client.get(detail(tree["building_a"])).content.decode()
    assert "A路****" in html
    assert "A路8号1栋101室" not in html
    client.force_login(user_with_role("community_worker", tree["community_a"]))
    assert "A路8号1栋101室" in client.get(detail(tree["building_a"])).content.decode()


@pytest.mark.django_db
def test_the_territory_index_goes_to_the_one_scope_root_or_lists_several(client, tree):
    client.force_login(user_with_role("street_official", tree["street_a"]))
    response = client.get(reverse("territory:index"))
    assert response.status_code == 302 and response.url == detail(tree["street_a"])
    user = user_with_role("community_worker", tree["community_a"])
    RoleAssignment.objects.create(user=user, role="community_worker", territory=tree["community_b"])
    client.force_login(user)
    html = client.get(reverse("territory:index")).content.decode()
    assert "A社区" in html and "B社区" in html


@pytest.mark.django_db
def test_search_finds_nodes_only_within_scope(client, tree):
    client.force_login(user_with_role("district_official", tree["district_a"]))
    response = client.get(reverse("territory:search"), {"q": "社区"})
    names = [r["node"].name for r in response.context["results"]]
    assert names == ["A社区"]
    htmx = client.get(reverse("territory:search"), {"q": "第一网格"}, headers={"HX-Request": "true"})
    assert "<html" not in htmx.content.decode()
    assert "A第一网格" in htmx.content.decode()


@pytest.mark.django_db
def test_the_children_table_downloads_as_excel_with_the_same_columns(client, tree):
    client.force_login(user_with_role("city_admin", tree["city"]))
    page = client.get(detail(tree["street_a"])).context["table"]
    response = client.get(reverse("territory:children-export", args=[tree["street_a"].pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("名称", "层级", "区划代码", *page["columns"], "户", "居民")
    assert [r[0] for r in rows[1:]] == ["A社区", "甲村"]
    assert rows[1][3 : 3 + len(page["columns"])] == tuple(page["rows"][0]["counts"])


@pytest.mark.django_db
def test_the_map_draws_children_polygons_and_points_as_inline_svg(client, tree):
    for i, key in enumerate(["community_a", "village_a"]):
        n = tree[key]
        n.boundary = square(117.30 + i * 0.01, 32.90)
        n.save()
    grid = tree["grid_a"]
    grid.lng, grid.lat = 117.301, 32.901
    grid.save()
    client.force_login(user_with_role("city_admin", tree["city"]))
    html = client.get(detail(tree["street_a"])).content.decode()
    assert "<svg" in html and html.count('class="map-area"') == 2
    assert f'<a href="{detail(tree["village_a"])}">' in html
    html = client.get(detail(tree["community_a"])).content.decode()
    assert 'class="map-outline"' in html and 'class="map-point"' in html
    # A node whose children have neither polygons nor points gets no map.
    assert "<svg" not in client.get(detail(tree["building_a"])).content.decode()


def _wide_street(children: int) -> Territory:
    street = Territory.objects.get(name="A街道")
    for i in range(children):
        community = node(street, "community", f"宽社区{i}")
        grid = node(community, "grid")
        node(node(grid, "building"), "household", address="X路1号")
    return street


@pytest.mark.django_db
@pytest.mark.parametrize("children", [2, 40])
def test_the_browser_page_needs_the_same_queries_for_2_or_40_children(
    client, tree, children, django_assert_max_num_queries
):
    street = _wide_street(children)
    client.force_login(UserFactory(is_superuser=True))
    with django_assert_max_num_queries(24):
        response = client.get(detail(street))
    assert len(response.context["table"]["rows"]) == children + 2
