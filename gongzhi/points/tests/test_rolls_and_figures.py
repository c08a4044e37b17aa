"""Red and black lists and the points figures, computed by hand on a small fixture."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from rest_framework.test import APIClient

from gongzhi.analytics.tests.helpers import figure
from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.core.periods import parse_period
from gongzhi.people.tests.factories import ResidentFactory, user_with_role
from gongzhi.points.rolls import roll_publish
from gongzhi.points.selectors import points_children, points_figures
from gongzhi.points.services import account_for, points_apply_rule, points_redeem
from gongzhi.territory.tests.factories import node

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(shop, tree):
    """Household A: +8 +8 −3 in May, +8 in July, spends 10; household A2: −3 −3 in May; B: +5 in May."""
    second = node(tree["building_a"], "household", "102室")
    ResidentFactory(household=second, name="李小花", is_head=True)
    a2 = account_for(household=second)
    may, july = dt.date(2024, 5, 10), dt.date(2024, 7, 1)
    k = shop["keeper"]
    for code, day in (("help", may), ("help", may), ("litter", may), ("help", july)):
        points_apply_rule(actor=k, account_id=shop["home"].pk, rule_code=code, occurred_on=day)
    for _ in range(2):
        points_apply_rule(
            actor=k, account_id=a2.pk, rule_code="litter", occurred_on=may, reason="楼道乱扔垃圾"
        )
    points_apply_rule(actor=None, account_id=shop["far_home"].pk, rule_code="help", occurred_on=may)
    points_redeem(actor=k, account_id=shop["home"].pk, item_id=shop["soap"].pk)
    return {**shop, "a2": a2}


def test_the_quarter_lists_rank_by_net_points_and_name_the_latest_deduction(ledger, tree):
    lines = roll_publish(
        actor=ledger["keeper"], community_id=tree["community_a"].pk, period=parse_period("2024-Q2")
    )

    honour = [(line.account_id, line.points) for line in lines if line.roll == "honour"]
    warning = [(line.account_id, line.points, line.reason) for line in lines if line.roll == "warning"]
    assert honour == [(ledger["home"].pk, 13)]
    assert warning == [(ledger["a2"].pk, -6, "楼道乱扔垃圾"), (ledger["home"].pk, -3, "乱扔垃圾")]


def test_publishing_again_replaces_the_lists_and_only_editors_in_scope_publish(ledger, tree):
    q2 = parse_period("2024-Q2")
    roll_publish(actor=ledger["keeper"], community_id=tree["community_a"].pk, period=q2)
    again = roll_publish(actor=ledger["keeper"], community_id=tree["community_a"].pk, period=q2)
    assert len(again) == 3
    with pytest.raises(NotFound):
        roll_publish(actor=ledger["outsider"], community_id=tree["community_a"].pk, period=q2)
    with pytest.raises(PermissionDenied):
        roll_publish(actor=ledger["viewer"], community_id=tree["community_a"].pk, period=q2)


def test_residents_see_their_own_communitys_lists_with_surnames_only(ledger, tree):
    roll_publish(actor=ledger["keeper"], community_id=tree["community_a"].pk, period=parse_period("2024-Q2"))
    roll_publish(actor=None, community_id=tree["community_b"].pk, period=parse_period("2024-Q2"))
    client = APIClient()
    client.force_authenticate(user_with_role("resident", tree["household_a"]))

    body = client.get("/api/v1/points/public/").json()

    assert [c["community"]["name"] for c in body["communities"]] == ["A社区"]
    honour = body["communities"][0]["honour"]
    assert honour[0]["name"] == "张**家（A1栋101室）"
    assert "大山" not in str(body)


def test_the_figures_of_a_district_and_a_period_add_up_by_hand(ledger, tree):
    f = points_figures(node=tree["district_a"], period=parse_period("2024-Q2"))

    assert (f["awarded"], f["deducted"], f["redeemed"], f["redemptions"]) == (16, 9, 0, 0)
    assert f["households_with_account"] == 2
    # The redemption happened today, after the quarter: balances at the quarter's end are 13 and −6.
    assert f["balance"] == 7
    assert f["stars"] == {5: 0, 4: 0, 3: 0, 2: 0, 1: 1}
    whole = points_figures(node=tree["city"], period=parse_period("2024-01-01..2099-12-31"))
    assert (whole["awarded"], whole["redeemed"], whole["balance"]) == (16 + 8 + 5, 10, 29 - 9 - 10)


def test_children_rows_split_the_city_by_district(ledger, tree):
    rows = {r["node"].name: r for r in points_children(node=tree["city"], period=parse_period("2024"))}
    assert (rows["A区"]["awarded"], rows["A区"]["deducted"]) == (24, 9)
    assert rows["B区"]["awarded"] == 5


def test_the_figures_api_answers_in_scope_and_hides_the_rest(ledger, tree):
    client = APIClient()
    client.force_authenticate(ledger["keeper"])
    inside = client.get("/api/v1/points/figures/", {"territory": tree["community_a"].pk, "period": "2024-Q2"})
    outside = client.get("/api/v1/points/figures/", {"territory": tree["community_b"].pk})
    bad = client.get("/api/v1/points/figures/", {"period": "去年"})
    assert inside.status_code == 200 and figure(inside.json(), "points.awarded")["value"] == 16
    assert outside.status_code == 404
    assert bad.status_code == 400 and "统计期间" in bad.json()["detail"]


def test_the_ledger_shows_who_and_the_points_in_its_first_columns(ledger, tree):
    page = Client()
    page.force_login(ledger["keeper"])
    response = page.get("/points/ledger/", {"territory": tree["community_a"].pk, "period": "2024"})
    assert response.context["headers"][:2] == ["积分户/志愿者", "分值"]
    assert sorted(r[1] for r in response.context["rows"]) == sorted(
        ["+8", "+8", "-3", "+8", "-3", "-3"]
    )  # 2024 only
