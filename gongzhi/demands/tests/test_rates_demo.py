"""The demo's year of demands: the rates of a street equal what a person counts from its demands."""

from __future__ import annotations

import datetime as dt
import io
import math

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from gongzhi.core.periods import TZ
from gongzhi.demands import demo
from gongzhi.demands.models import Demand, DemandEvent, Handler
from gongzhi.demands.rates import rates_node, rates_period
from gongzhi.demands.rates_direct import rates_direct
from gongzhi.people.models import User
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role


@pytest.fixture
def year(tree):
    """Given the demo's year of demands in the small test city."""
    demo.demo_build(city=tree["city"], seed=7, scale=3, step=lambda _: None)
    admin = User.objects.create_superuser("boss", password="x")
    return {"tree": tree, "admin": admin}


def by_hand(street) -> dict:
    """Count a street's figures the way an office would, one demand at a time, from the timeline."""
    demands = list(Demand.objects.filter(territory__path__startswith=street.path))
    timeline: dict[int, list[DemandEvent]] = {}
    for e in DemandEvent.objects.filter(demand__in=demands).order_by("at", "id"):
        timeline.setdefault(e.demand_id, []).append(e)
    n = {"submitted": 0, "accepted": 0, "rejected": 0, "dispatched": 0, "on_time": 0, "resolvable": 0}
    n |= {"resolved": 0, "rated": 0, "good": 0, "late": 0, "reopened": 0, "merged": 0}
    hours = []
    for d in demands:
        steps = timeline[d.pk]
        actions = [e.action for e in steps]
        state = steps[-1].to_state
        n["submitted"] += 1
        n["accepted"] += "accept" in actions
        n["rejected"] += "reject" in actions
        n["merged"] += state == "merged"
        n["reopened"] += "reopen" in actions
        if "dispatch" in actions:
            n["dispatched"] += 1
            claims = [e.at for e in steps if e.action == "claim"]
            n["on_time"] += bool(claims) and claims[0] - d.created_at <= dt.timedelta(hours=24)
        if "accept" in actions and state != "merged":
            n["resolvable"] += 1
        if state in ("resolved", "followed_up", "closed"):
            n["resolved"] += 1
            done = [e.at for e in steps if e.action == "resolve"][-1]
            hours.append((done - d.created_at).total_seconds() / 3600)
            n["late"] += d.due_at is not None and done > d.due_at
        ratings = [e.extra["satisfaction"] for e in steps if e.action == "follow_up"]
        if ratings:
            n["rated"] += 1
            n["good"] += ratings[-1] in ("satisfied", "basically_satisfied")
    hours.sort()
    n["p90_hours"] = hours[math.ceil(0.9 * len(hours)) - 1] if hours else None
    n["avg_hours"] = sum(hours) / len(hours) if hours else None
    return n


def test_the_demo_gives_a_year_of_demands_with_handlers_and_seed_like_rates(year):
    city = year["tree"]["city"]
    assert Demand.objects.count() >= 300
    assert (
        Handler.objects.filter(kind="council").exists() and Handler.objects.filter(kind="department").exists()
    )
    # The whole of the demo's demands, whatever the hour: the default 12 months may cut its first day.
    everything = rates_period(
        start=dt.date.today() - dt.timedelta(days=400), end=dt.date.today() + dt.timedelta(days=1)
    )
    _, r = rates_node(actor=year["admin"], territory_id=city.pk, period=everything)
    assert r["submitted"] == Demand.objects.count()
    assert r["resolution_rate"] > 0.95 and 0.93 < r["satisfaction_rate"] <= 1
    assert r["reopened"] and r["returned"] and r["overdue"]
    first = Demand.objects.order_by("created_at").first().created_at
    assert (dt.datetime.now(TZ) - first).days >= 300  # a year, not a week
    demo.demo_build(city=city, seed=7, scale=3, step=lambda _: None)  # twice changes nothing
    assert Demand.objects.count() == r["submitted"]


def test_the_rates_of_a_street_in_the_demo_equal_the_rates_counted_by_hand(year):
    street = year["tree"]["street_a"]
    hand = by_hand(street)
    period = rates_period(
        start=dt.date.today() - dt.timedelta(days=400), end=dt.date.today() + dt.timedelta(days=1)
    )
    _, r = rates_node(actor=year["admin"], territory_id=street.pk, period=period)
    assert r["submitted"] == hand["submitted"] > 100
    assert r["acceptance_rate"] == round(hand["accepted"] / (hand["accepted"] + hand["rejected"]), 4)
    assert r["response_rate"] == round(hand["on_time"] / hand["dispatched"], 4)
    assert r["resolution_rate"] == round(hand["resolved"] / hand["resolvable"], 4)
    assert r["satisfaction_rate"] == round(hand["good"] / hand["rated"], 4)
    assert r["overdue_resolved"] == hand["late"]
    assert (r["reopened"], r["merged"]) == (hand["reopened"], hand["merged"])
    assert r["avg_resolve_hours"] == pytest.approx(hand["avg_hours"], abs=0.01)
    # The 90th percentile is reported as the upper edge of its histogram bucket.
    assert hand["p90_hours"] <= r["p90_resolve_hours"] < hand["p90_hours"] + 24
    assert r == rates_direct(period=period, path=street.path)


def test_the_api_answers_rates_and_rankings_within_scope(year):
    tree = year["tree"]
    official = user_with_role(Role.STREET_OFFICIAL, tree["street_a"], username="official")
    client = APIClient()
    client.force_authenticate(official)
    body = client.get("/api/v1/demand-rates/", {"territory": tree["street_a"].pk}).json()
    assert body["unit"]["name"] == tree["street_a"].name and body["rates"]["submitted"] > 0
    assert client.get("/api/v1/demand-rates/", {"territory": tree["street_b"].pk}).status_code == 404
    assert client.get("/api/v1/demand-rates/", {"start": "2025-13-01"}).status_code == 400
    handler = Handler.objects.filter(territory=tree["community_a"]).first()
    body = client.get("/api/v1/demand-rates/", {"handler": handler.pk}).json()
    assert body["unit"]["type"] == "handler"
    other = Handler.objects.filter(territory=tree["community_b"]).first()
    assert client.get("/api/v1/demand-rates/", {"handler": other.pk}).status_code == 404
    ranking = client.get("/api/v1/demand-rankings/").json()  # defaults to the top of the scope
    assert ranking["unit"]["id"] == tree["street_a"].pk
    assert [r["unit"]["name"] for r in ranking["results"]] and ranking["results"][0]["rank"] == 1
    handlers = client.get("/api/v1/demand-rankings/", {"by": "handlers"}).json()["results"]
    assert {r["unit"]["type"] for r in handlers} == {"handler"}


def test_the_page_shows_the_rates_and_a_chart_and_exports_excel(year, client):
    tree = year["tree"]
    client.force_login(year["admin"])
    page = client.get("/demand-rates/", {"territory": tree["city"].pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert "办结率" in html and "<svg" in html and tree["district_a"].name in html
    export = client.get("/demand-rates/export.xlsx", {"territory": tree["city"].pk})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert rows[0][:4] == ("名次", "单位", "赛马得分", "受理率")
    assert sorted(r[1] for r in rows[1:3]) == ["A区", "B区"] and rows[3][1] == "测试市（合计）"
    outsider = user_with_role(Role.COMMUNITY_WORKER, tree["community_b"], username="outsider")
    client.force_login(outsider)
    assert client.get("/demand-rates/", {"territory": tree["street_a"].pk}).status_code == 404
    assert client.get("/demand-rates/export.xlsx", {"territory": tree["street_a"].pk}).status_code == 404
