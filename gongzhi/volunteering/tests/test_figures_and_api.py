"""Volunteering figures by hand, the API and pages by role and scope, the residents' public page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from rest_framework.test import APIClient

from gongzhi.analytics.tests.helpers import figure
from gongzhi.core.periods import parse_period
from gongzhi.people.tests.factories import PartyMemberFactory, user_with_role
from gongzhi.volunteering.models import GovernancePost
from gongzhi.volunteering.selectors import volunteering_children, volunteering_figures
from gongzhi.volunteering.services import (
    activity_transition,
    pledge_publish,
    post_claim,
    post_release,
    signup_create,
    signup_transition,
)
from gongzhi.volunteering.tests.factories import ActivityFactory, PledgeFactory, VolunteerFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(cast, tree):
    """May: an activity in grid A with two who served 2 h and 1.5 h and one no-show, 25 served.

    June: a cancelled activity. 2025: an activity in district B. Two posts, one claim released.
    """
    w = cast["worker"]
    may = cast["activity"]
    may.capacity = 3
    may.save()
    a, b, c = cast["others"]
    for v, hours in ((a, Decimal("2")), (b, Decimal("1.5"))):
        s = signup_create(actor=w, activity_id=may.pk, volunteer_id=v.pk)
        signup_transition(actor=w, sign_up_id=s.pk, action="check_in", at=at("2024-05-01", 9))
        signup_transition(actor=w, sign_up_id=s.pk, action="check_out", hours=hours)
    signup_create(actor=w, activity_id=may.pk, volunteer_id=c.pk)
    activity_transition(actor=w, activity_id=may.pk, action="finish", people_served=25)
    june = ActivityFactory(
        territory=tree["community_a"], starts_at=at("2024-06-01"), ends_at=at("2024-06-01", 11)
    )
    activity_transition(actor=w, activity_id=june.pk, action="cancel")
    ActivityFactory(territory=tree["grid_b"], starts_at=at("2025-01-05"), ends_at=at("2025-01-05", 11))
    VolunteerFactory(territory=tree["community_b"])
    post = GovernancePost.objects.create(name="文明劝导员", territory=tree["community_a"], slots=2)
    post_claim(actor=w, post_id=post.pk, party_member_id=cast["member"].pk, on=dt.date(2024, 3, 1))
    other = PartyMemberFactory(territory=tree["community_a"])
    claim = post_claim(actor=w, post_id=post.pk, party_member_id=other.pk, on=dt.date(2024, 3, 1))
    post_release(actor=w, claim_id=claim.pk, on=dt.date(2024, 4, 1))
    pledge = PledgeFactory(party_member=cast["member"], territory=tree["community_a"], year=2024)
    pledge_publish(actor=w, pledge_id=pledge.pk)
    PledgeFactory(party_member=other, territory=tree["community_a"], year=2024, promise="未公示的承诺")
    return cast


def test_figures_of_a_district_for_a_year_by_hand(year, tree):
    f = volunteering_figures(node=tree["district_a"], period=parse_period("2024"))

    assert f["volunteers"] == 4  # the resident volunteer and three others; the one in B is elsewhere
    assert (f["activities"], f["activities_finished"]) == (1, 1)
    assert (f["sign_ups"], f["attendances"]) == (3, 2)
    assert f["service_hours"] == Decimal("3.5")
    assert f["people_served"] == 25
    assert (f["posts"], f["claims"], f["pledges"], f["pledges_published"]) == (1, 1, 2, 1)
    march = volunteering_figures(node=tree["district_a"], period=parse_period("2024-03"))
    assert march["claims"] == 2 and march["activities"] == 0


def test_children_rows_of_the_city(year, tree):
    rows = {r["node"].name: r for r in volunteering_children(node=tree["city"], period=parse_period("2024"))}
    assert (rows["A区"]["activities"], rows["A区"]["service_hours"], rows["A区"]["people_served"]) == (
        1,
        Decimal("3.5"),
        25,
    )
    assert rows["B区"]["activities"] == 0 and rows["B区"]["volunteers"] == 1


def test_the_api_scopes_lists_and_figures(year, tree):
    client = APIClient()
    client.force_authenticate(user_with_role("street_official", tree["street_a"]))
    titles = {a["title"] for a in client.get("/api/v1/activities/").json()["results"]}
    assert titles and all("grid_b" not in t for t in titles)
    assert len(titles) == 2  # May and June; B's is out of scope
    body = client.get("/api/v1/volunteering/figures/", {"period": "2024"}).json()
    assert body["territory"]["name"] == "A街道" and figure(body, "volunteering.service_hours")["value"] == 3.5
    assert (
        client.get("/api/v1/volunteering/figures/", {"territory": tree["district_b"].pk}).status_code == 404
    )


def test_sign_up_and_check_in_through_the_api(cast):
    client = APIClient()
    client.force_authenticate(cast["worker"])
    made = client.post(
        f"/api/v1/activities/{cast['activity'].pk}/sign-up/", {"volunteer": cast["others"][0].pk}
    )
    assert made.status_code == 201
    moved = client.post(f"/api/v1/sign-ups/{made.json()['id']}/transition/", {"action": "check_out"})
    assert moved.status_code == 409  # not checked in yet
    assert (
        client.post(f"/api/v1/sign-ups/{made.json()['id']}/transition/", {"action": "check_in"}).status_code
        == 200
    )
    outsider = APIClient()
    outsider.force_authenticate(cast["outsider"])
    assert (
        outsider.post(f"/api/v1/activities/{cast['activity'].pk}/sign-up/", {"volunteer": 1}).status_code
        == 404
    )


def test_residents_see_their_communitys_published_pledges_and_posts_only(year, tree):
    client = APIClient()
    client.force_authenticate(year["login"])
    body = client.get("/api/v1/volunteering/public/").json()
    assert [c["community"]["name"] for c in body["communities"]] == ["A社区"]
    pledges = body["communities"][0]["pledges"]
    assert [p["promise"] for p in pledges] == ["每月走访联系户一次"]
    assert [p["post"] for p in body["communities"][0]["posts"]] == ["文明劝导员"]
    page = Client()
    page.force_login(year["login"])
    assert "每月走访联系户一次" in page.get("/volunteering/public/").content.decode()
    assert page.get("/volunteering/").status_code == 403


def test_staff_pages_render_with_figures_and_export_excel(year, tree):
    page = Client()
    page.force_login(year["worker"])
    for url in (
        "/volunteering/",
        "/volunteering/activities/",
        "/volunteering/volunteers/",
        "/volunteering/pledges/",
        "/points/",
        "/points/ledger/",
        "/property/",
    ):
        assert page.get(url, {"period": "2024"}).status_code == 200, url
    xlsx = page.get("/volunteering/", {"period": "2024", "export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert page.get("/volunteering/", {"territory": tree["community_b"].pk}).status_code == 404


def test_the_period_is_picked_from_a_list_that_keeps_a_period_typed_into_the_address(year, tree):
    page = Client()
    page.force_login(year["worker"])
    html = page.get("/volunteering/").content.decode()
    picker = html.split('<select class="form-select form-select-sm" id="period"')[1].split("</select>")[0]
    assert '<option value="" selected>近12个月</option>' in picker and 'value="2024-Q3"' not in picker
    assert "placeholder" not in html.split('id="period"')[1].split(">")[0]
    html = page.get("/volunteering/", {"period": "2019-Q3"}).content.decode()
    assert '<option value="2019-Q3" selected>2019年第3季度</option>' in html
