"""Breadcrumbs start at the highest node the viewer may open: no link above their scope."""

import re

import pytest
from django.urls import reverse

from gongzhi.people.tests.factories import user_with_role

FIGURE_PAGES = [
    "patrols:review",
    "safety:index",
    "mediation:index",
    "points:figures",
    "property:figures",
    "volunteering:figures",
    "demand_rates:index",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", FIGURE_PAGES)
def test_every_breadcrumb_link_on_a_figure_page_opens_for_a_community_worker(client, tree, name):
    client.force_login(user_with_role("community_worker", tree["community_a"]))
    url = reverse(name)
    html = client.get(url, {"territory": tree["grid_a"].pk}).content.decode()
    crumbs = re.findall(r'<li class="breadcrumb-item"><a href="([^"]+)"', html)
    assert crumbs, "the grid's page names the community it belongs to"
    for href in crumbs:
        target = href if href.startswith("/") else url + href
        assert client.get(target.replace("&amp;", "&")).status_code == 200, href
    assert tree["street_a"].name not in re.findall(r'<li class="breadcrumb-item"><a [^>]+>([^<]+)<', html)
