"""Hotspots: top issues of the month per street, sudden rises flagged to the level above."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client
from django.utils import timezone

from gongzhi.core.periods import today
from gongzhi.demands.models import Demand
from gongzhi.demands.tests.conftest import cast  # noqa: F401  (the demand loop's people)
from gongzhi.demands.tests.factories import submit
from gongzhi.demands.tests.test_api_lifecycle import as_user
from gongzhi.dispatch.hotspots import hotspots, parse_month, shift
from gongzhi.territory.models import Territory

pytestmark = pytest.mark.django_db
URL = "/api/v1/dispatch/hotspots/"


def put(actor, node, month: str, n: int, category: str = "property") -> None:
    """Submit `n` demands of `category` in `node`, dated mid-`month`."""
    y, m = map(int, month.split("-"))
    at = timezone.make_aware(datetime(y, m, 15, 10))
    for _ in range(n):
        d = submit(actor, node, category_code=category)
        Demand.objects.filter(pk=d.pk).update(created_at=at)


def test_top_issues_of_the_month_are_ordered_per_child_of_the_viewers_node(cast):  # noqa: F811
    tree = cast["tree"]
    put(cast["resident"], tree["grid_a"], "2026-03", 4, "property")
    put(cast["resident"], tree["grid_a"], "2026-03", 2, "safety")
    put(cast["resident"], tree["grid_a"], "2026-02", 9, "safety")  # last month does not count
    put(cast["resident"], tree["grid_b"], "2026-03", 1, "safety")

    data = hotspots(node=tree["city"], month="2026-03")

    assert [(r["territory"].name, r["total"]) for r in data["units"]] == [("A区", 6), ("B区", 1)]
    top_a = [t["count"] for t in data["units"][0]["top"]]
    assert top_a == [4, 2] and data["units"][0]["top"][0]["category"] == "物业"
    assert data["unit_level"] == "区县"
    street = hotspots(node=tree["street_a"], month="2026-03")
    assert street["unit_level"] == "社区/行政村" and tree["street_a"] not in [
        r["territory"] for r in street["units"]
    ]


def test_a_sudden_rise_is_flagged_to_the_level_above_and_a_flat_series_is_not(cast):  # noqa: F811
    tree = cast["tree"]
    for month in ("2026-01", "2026-02", "2026-03"):
        put(cast["resident"], tree["grid_a"], month, 1, "property")
        put(cast["resident"], tree["grid_b"], month, 5, "property")
    put(cast["resident"], tree["grid_a"], "2026-04", 6, "property")  # 6 ≥ 2 × 1 and ≥ 5
    put(cast["resident"], tree["grid_b"], "2026-04", 6, "property")  # 6 < 2 × 5: flat

    rises = hotspots(node=tree["city"], month="2026-04")["rises"]

    # A区 rose sixfold; B区 did not, but together the city doubled, which its officials see too.
    assert [(r["territory"].name, r["count"], r["previous"]) for r in rises] == [
        ("测试市", 12, [6, 6, 6]),
        ("A区", 6, [1, 1, 1]),
    ]
    assert rises[0]["flagged_to"] == tree["city"]


def test_few_demands_are_not_a_rise_even_from_nothing(cast):  # noqa: F811
    put(cast["resident"], cast["tree"]["grid_a"], "2026-04", 4)
    assert hotspots(node=cast["tree"]["city"], month="2026-04")["rises"] == []


def test_month_must_read_yyyy_mm():
    from gongzhi.core.errors import ValidationFailed

    assert parse_month("2026-03").isoformat() == "2026-03-01"
    with pytest.raises(ValidationFailed):
        parse_month("2026-13")


def test_the_api_and_page_are_scoped(cast):  # noqa: F811
    tree = cast["tree"]
    put(cast["resident"], tree["grid_a"], "2026-03", 2)
    official = as_user(cast["official"])  # street A

    mine = official.get(URL, {"month": "2026-03"})
    other = official.get(URL, {"territory": tree["street_b"].pk, "month": "2026-03"})
    missing = official.get(URL, {"territory": 987654321, "month": "2026-03"})

    assert mine.status_code == 200 and mine.json()["territory"]["id"] == tree["street_a"].pk
    assert mine.json()["units"][0]["total"] == 2
    assert other.status_code == missing.status_code == 404 and other.json() == missing.json()

    client = Client()
    client.force_login(cast["official"])
    page = client.get("/dispatch/hotspots/", {"month": "2026-03"})
    assert page.status_code == 200 and "<svg" in page.content.decode() and "物业" in page.content.decode()
    assert client.get("/dispatch/hotspots/", {"territory": tree["street_b"].pk}).status_code == 404


def test_a_rise_spread_over_a_communitys_grids_shows_to_its_worker(cast):  # noqa: F811
    tree = cast["tree"]
    for month in ("2026-01", "2026-02", "2026-03"):
        put(cast["resident"], tree["grid_a"], month, 1, "property")
    put(cast["resident"], tree["grid_a"], "2026-04", 6, "property")

    rises = hotspots(node=tree["community_a"], month="2026-04")["rises"]

    assert ("A社区", 6) in [(r["territory"].name, r["count"]) for r in rises]


def test_the_page_opens_on_the_last_full_month_with_a_map_of_the_children(cast):  # noqa: F811
    tree = cast["tree"]
    Territory.objects.filter(pk=tree["community_a"].pk).update(lng=117.38, lat=32.91)
    Territory.objects.filter(pk=tree["village_a"].pk).update(lng=117.40, lat=32.93)
    client = Client()
    client.force_login(cast["official"])
    page = client.get("/dispatch/hotspots/")
    assert page.context["month"] == shift(today().replace(day=1), -1)
    html = page.content.decode()
    assert "各社区/行政村" in html and "<svg" in html
