"""The demand page suggests duplicates to whoever may merge, merges in one click, and lists what was merged."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.demands.models import Demand
from gongzhi.demands.services import demand_transition
from gongzhi.demands.tests.conftest import cast  # noqa: F401  (the demand loop's people)
from gongzhi.demands.tests.factories import submit
from gongzhi.demands.tests.test_pages import login
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

LNG, LAT = 117.3886, 32.9165
ORIGINAL = "小区门口的路灯坏了好几天，晚上黑漆漆的很不安全"
PARAPHRASE = "您好，门口那盏路灯一直不亮，晚上走路看不清，请尽快修一下"


def page(user, demand) -> tuple[int, str]:
    response = login(user).get(f"/demands/{demand.pk}/")
    return response.status_code, response.content.decode()


def candidates(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-candidate="(\d+)"', html)]


@pytest.fixture
def scene(cast):  # noqa: F811
    """Given an accepted demand about a street light in community A, a paraphrase of it just in, and one across
    the district line in community B, 60 m away."""
    tree = cast["tree"]
    original = submit(
        cast["resident"], tree["grid_a"], text=ORIGINAL, lng=LNG, lat=LAT, category_code="property"
    )
    demand_transition(actor=cast["desk"], demand_id=original.pk, action="accept")
    new = submit(
        cast["resident"], tree["grid_a"], text=PARAPHRASE, lng=LNG + 0.0005, lat=LAT, category_code="property"
    )
    across = submit(cast["resident"], tree["grid_b"], text=ORIGINAL, lng=LNG + 0.0006, lat=LAT)
    admin = user_with_role(Role.CITY_ADMIN, tree["city"], username="admin_city")
    return {"original": original, "new": new, "across": across, "admin": admin}


def test_the_front_desk_sees_the_original_suggested_and_never_an_out_of_scope_one(cast, scene):  # noqa: F811
    status, html = page(cast["desk"], scene["new"])

    assert status == 200 and 'id="gz-duplicates"' in html
    assert candidates(html) == [scene["original"].pk]  # community B's demand is outside the desk's scope
    assert "相似度" in html and "相距约" in html and "合并到此诉求" in html
    assert f'name="into_id" value="{scene["original"].pk}"' in html


def test_who_sees_both_sees_both(cast, scene):  # noqa: F811
    _, html = page(scene["admin"], scene["new"])
    assert sorted(candidates(html)) == sorted([scene["original"].pk, scene["across"].pk])


@pytest.mark.parametrize("who", ["resident", "worker1"])
def test_who_may_not_merge_sees_no_suggestions(cast, scene, who):  # noqa: F811
    # The reporter sees their own demand; a handler member sees nothing of merging either.
    demand_transition(actor=cast["desk"], demand_id=scene["new"].pk, action="accept")
    demand_transition(actor=cast["desk"], demand_id=scene["new"].pk, action="dispatch")
    status, html = page(cast[who], scene["new"])
    assert status == 200
    assert 'id="gz-duplicates"' not in html and candidates(html) == []


def test_an_outsider_gets_not_found(cast, scene):  # noqa: F811
    status, _ = page(cast["outsider"], scene["new"])
    assert status == 404


def test_merging_from_the_page_folds_the_new_demand_into_the_original(cast, scene):  # noqa: F811
    client = login(cast["desk"])
    response = client.post(
        f"/demands/{scene['new'].pk}/act/merge/", {"into_id": scene["original"].pk, "note": "疑似重复"}
    )

    assert response.status_code == 302
    scene["new"].refresh_from_db()
    assert scene["new"].state == "merged" and scene["new"].merged_into_id == scene["original"].pk
    html = client.get(f"/demands/{scene['original'].pk}/").content.decode()
    assert 'id="gz-merged"' in html and f'data-merged="{scene["new"].pk}"' in html
    merged_page = client.get(f"/demands/{scene['new'].pk}/").content.decode()
    assert 'id="gz-shared"' in merged_page and f'href="/demands/{scene["original"].pk}/"' in merged_page


def test_the_later_demand_can_be_taken_in_from_the_original(cast, scene):  # noqa: F811
    _, html = page(cast["desk"], scene["original"])
    assert candidates(html) == [scene["new"].pk] and 'data-action="take-in"' in html

    response = login(cast["desk"]).post(
        f"/demands/{scene['new'].pk}/act/merge/",
        {"into_id": scene["original"].pk, "next": f"/demands/{scene['original'].pk}/"},
    )
    assert response.status_code == 302 and response["Location"] == f"/demands/{scene['original'].pk}/"
    assert Demand.objects.get(pk=scene["new"].pk).merged_into_id == scene["original"].pk


@pytest.mark.parametrize(
    ("into", "status", "message"),
    [
        ("across", 404, "要合并到的诉求未找到。"),  # out of the desk's scope: like a missing one
        ("new", 409, "不能把诉求合并到它自己。"),
        ("merged", 409, "请合并到仍在办理的诉求"),
    ],
)
def test_a_refused_merge_says_why_in_chinese(cast, scene, into, status, message):  # noqa: F811
    if into == "merged":
        other = submit(cast["resident"], cast["tree"]["grid_a"], text=PARAPHRASE, lng=LNG, lat=LAT)
        demand_transition(
            actor=cast["desk"], demand_id=other.pk, action="merge", into_id=scene["original"].pk
        )
        target = other
    else:
        target = scene[into]
    response = login(cast["desk"]).post(f"/demands/{scene['new'].pk}/act/merge/", {"into_id": target.pk})

    assert response.status_code == status
    assert message in response.content.decode()
    assert Demand.objects.get(pk=scene["new"].pk).state == "submitted"


def test_a_street_official_sees_merged_reporters_masked(cast, scene):  # noqa: F811
    demand_transition(
        actor=cast["desk"], demand_id=scene["new"].pk, action="merge", into_id=scene["original"].pk
    )
    _, official = page(cast["official"], scene["original"])
    _, desk = page(cast["desk"], scene["original"])

    merged = official.split('id="gz-merged"')[1]
    assert "王**" in merged and "139****5678" in merged and "王秀英" not in merged
    assert "王秀英 13912345678" in desk.split('id="gz-merged"')[1]  # the community worker calls them back


def test_the_page_costs_the_same_queries_with_more_candidates_and_merged(cast, scene):  # noqa: F811
    def count() -> int:
        client = login(cast["desk"])
        client.get(f"/demands/{scene['original'].pk}/")  # warm the session and caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/demands/{scene['original'].pk}/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(3):
        submit(
            cast["resident"], cast["tree"]["grid_a"], text=PARAPHRASE + "！" * i, lng=LNG, lat=LAT + 0.0001
        )
        dup = submit(cast["resident"], cast["tree"]["grid_a"], text=ORIGINAL + "。" * i, lng=LNG, lat=LAT)
        demand_transition(actor=cast["desk"], demand_id=dup.pk, action="merge", into_id=scene["original"].pk)
    _, html = page(cast["desk"], scene["original"])
    assert len(candidates(html)) == 4 and html.count("data-merged=") == 3

    assert count() == few
