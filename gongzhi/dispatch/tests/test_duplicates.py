"""Duplicate suggestions: a paraphrase nearby and recent is suggested; far, old, closed or unseen ones are not."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from gongzhi.demands.models import Demand
from gongzhi.demands.tests.conftest import cast  # noqa: F401  (the demand loop's people)
from gongzhi.demands.tests.factories import submit
from gongzhi.demands.tests.test_api_lifecycle import as_user
from gongzhi.dispatch.duplicates import Record, duplicate_candidates, haversine_m, score_candidates

URL = "/api/v1/dispatch/duplicates/"
LNG, LAT = 117.3886, 32.9165  # 蚌埠, GCJ-02
ORIGINAL = "小区门口的路灯坏了好几天，晚上黑漆漆的很不安全"
PARAPHRASE = "您好，门口那盏路灯一直不亮，晚上走路看不清，请尽快修一下"
OTHER = "小区消防通道被私家车占用，车子乱停乱放"


def test_haversine_measures_metres():
    assert haversine_m(LNG, LAT, LNG, LAT + 0.001) == pytest.approx(111.2, abs=0.5)


def test_pure_scoring_keeps_near_recent_similar_records_only():
    t = datetime(2026, 3, 10, 9)
    new = Record(id=1, text=PARAPHRASE, created_at=t, lng=LNG, lat=LAT)
    pool = [
        Record(id=2, text=ORIGINAL, created_at=t - timedelta(days=2), lng=LNG + 0.001, lat=LAT),
        Record(id=3, text=ORIGINAL, created_at=t, lng=LNG + 0.05, lat=LAT),  # ~4.7 km away
        Record(id=4, text=ORIGINAL, created_at=t - timedelta(days=30), lng=LNG, lat=LAT),  # a month ago
        Record(id=5, text=OTHER, created_at=t, lng=LNG, lat=LAT),  # nearby, different content
    ]
    found = score_candidates(new, pool)
    assert [c.record.id for c in found] == [2]
    assert 80 < found[0].distance_m < 100


pytestmark_db = pytest.mark.django_db


@pytest.fixture
def demands(cast):  # noqa: F811
    """Given an open demand about a street light in community A, and a new one that says the same otherwise."""
    grid = cast["tree"]["grid_a"]
    original = submit(cast["resident"], grid, text=ORIGINAL, lng=LNG, lat=LAT)
    new = submit(cast["resident"], grid, text=PARAPHRASE, lng=LNG + 0.001, lat=LAT + 0.0005)
    return {"original": original, "new": new, "grid": grid}


@pytestmark_db
def test_a_paraphrase_nearby_is_suggested(cast, demands):  # noqa: F811
    found = duplicate_candidates(actor=cast["desk"], demand=demands["new"])
    assert [(d.pk, dist is not None and dist < 300) for d, _, dist in found] == [
        (demands["original"].pk, True)
    ]


@pytestmark_db
def test_the_same_text_far_away_or_long_ago_is_not_suggested(cast, demands):  # noqa: F811
    far = submit(cast["resident"], demands["grid"], text=ORIGINAL, lng=LNG + 0.05, lat=LAT)
    old = submit(cast["resident"], demands["grid"], text=ORIGINAL, lng=LNG, lat=LAT)
    Demand.objects.filter(pk=old.pk).update(created_at=old.created_at - timedelta(days=30))
    demands["original"].delete()

    assert duplicate_candidates(actor=cast["desk"], demand=demands["new"]) == []
    assert far.pk and old.pk


@pytestmark_db
def test_without_a_point_the_same_territory_node_counts_as_nearby(cast, demands):  # noqa: F811
    phoned = submit(cast["resident"], demands["grid"], text="门口路灯不亮，晚上看不清路")
    found = duplicate_candidates(actor=cast["desk"], demand=phoned)
    assert {d.pk for d, _, _ in found} == {demands["original"].pk, demands["new"].pk}
    assert all(dist is None for _, _, dist in found)


@pytestmark_db
def test_a_merged_demand_is_no_longer_suggested(cast, demands):  # noqa: F811
    Demand.objects.filter(pk=demands["original"].pk).update(state="merged")
    assert duplicate_candidates(actor=cast["desk"], demand=demands["new"]) == []


@pytestmark_db
def test_the_api_suggests_in_scope_and_answers_404_out_of_scope(cast, demands):  # noqa: F811
    ok = as_user(cast["desk"]).get(URL, {"demand": demands["new"].pk})
    outside = as_user(cast["outsider"]).get(URL, {"demand": demands["new"].pk})
    missing = as_user(cast["outsider"]).get(URL, {"demand": 987654321})

    assert ok.status_code == 200
    assert [r["id"] for r in ok.json()["results"]] == [demands["original"].pk]
    assert 0 < ok.json()["results"][0]["score"] <= 1
    assert outside.status_code == missing.status_code == 404
    assert outside.json() == missing.json()
