"""GET /api/v1/figures/: every area's figures for a node, scoped, with definitions, children and trends."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from gongzhi.analytics import selectors
from gongzhi.core.figures import RATE, Definition, Value, providers
from gongzhi.core.periods import parse_period, today
from gongzhi.demands.services import demand_transition
from gongzhi.demands.tests.factories import submit
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture
def resolved(cast):
    """Given two demands in A区 this month: one resolved and rated satisfied, one still open."""
    t = cast["tree"]
    first = submit(cast["resident"], t["grid_a"], text="物业不修电梯")
    for who, action, kw in [
        ("desk", "accept", {}),
        ("desk", "dispatch", {}),
        ("worker1", "claim", {}),
        ("worker1", "resolve", {"note": "修好了"}),
        ("resident", "follow_up", {"satisfaction": "satisfied"}),
    ]:
        demand_transition(actor=cast[who], demand_id=first.pk, action=action, **kw)
    second = submit(cast["resident"], t["grid_a"], text="物业漏水")
    demand_transition(actor=cast["desk"], demand_id=second.pk, action="accept")
    demand_transition(actor=cast["desk"], demand_id=second.pk, action="dispatch")
    return cast


def this_month() -> str:
    return today().strftime("%Y-%m")  # Beijing's month, the one the demands were counted in


def test_the_city_gets_every_area_with_definitions_and_the_demand_figures_add_up(resolved):
    t = resolved["tree"]
    admin = user_with_role(Role.CITY_ADMIN, t["city"], username="cityadmin")
    r = api(admin).get("/api/v1/figures/", {"territory": t["city"].division_code, "period": this_month()})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["territory"]["name"] == "测试市"
    assert body["period"]["key"] == this_month()
    areas = {a["area"]: a for a in body["areas"]}
    assert len(areas) >= 8
    assert {
        "demands",
        "patrols",
        "safety",
        "mediation",
        "volunteering",
        "points",
        "property",
        "deliberation",
    } <= set(areas)
    for a in body["areas"]:
        for f in a["figures"]:
            assert f["key"].startswith(a["area"] + ".") and f["definition"] and f["label"] and f["label_en"]
    figures = {f["key"]: f for f in areas["demands"]["figures"]}
    assert figures["demands.submitted"]["value"] == 2
    resolution = figures["demands.resolution_rate"]
    assert (resolution["numerator"], resolution["denominator"], resolution["value"]) == (1, 2, 0.5)
    assert resolution["unit"] == "%" and resolution["higher_is_better"] is True
    assert figures["demands.satisfaction_rate"]["value"] == 1.0
    assert figures["demands.submitted"]["previous"] == 0


def test_children_carry_their_own_values(resolved):
    t = resolved["tree"]
    admin = user_with_role(Role.CITY_ADMIN, t["city"], username="cityadmin")
    r = api(admin).get(
        "/api/v1/figures/",
        {"territory": t["city"].pk, "period": this_month(), "children": "1", "area": "demands"},
    )
    assert r.status_code == 200
    body = r.json()
    assert [a["area"] for a in body["areas"]] == ["demands"]
    children = {c["territory"]["name"]: c["figures"] for c in body["children"]}
    assert set(children) == {"A区", "B区"}
    assert children["A区"]["demands.submitted"]["value"] == 2
    assert children["B区"]["demands.submitted"]["value"] == 0


def test_another_district_answers_exactly_like_a_missing_one(resolved):
    t = resolved["tree"]
    official = resolved["official"]  # street official of A街道
    client = api(official)
    own = client.get("/api/v1/figures/", {"territory": t["street_a"].division_code})
    assert own.status_code == 200
    other = client.get("/api/v1/figures/", {"territory": t["district_b"].division_code})
    missing = client.get("/api/v1/figures/", {"territory": "999999999999"})
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
    above = client.get("/api/v1/figures/", {"territory": t["city"].pk})
    assert above.status_code == 404
    # Without a territory the viewer's own node answers.
    assert client.get("/api/v1/figures/").json()["territory"]["id"] == t["street_a"].pk


def test_residents_get_no_figures_and_bad_input_is_a_chinese_400(resolved):
    t = resolved["tree"]
    assert api(resolved["resident"]).get("/api/v1/figures/").status_code == 404
    admin = user_with_role(Role.CITY_ADMIN, t["city"], username="cityadmin")
    bad = api(admin).get("/api/v1/figures/", {"period": "2026-13"})
    assert bad.status_code == 400 and "统计期间" in bad.json()["detail"]
    bad = api(admin).get("/api/v1/figures/", {"area": "weather"})
    assert bad.status_code == 400 and "weather" in bad.json()["detail"]
    assert api(admin).get("/api/v1/figures/", {"territory": "1" * 30}).status_code == 404


def test_the_ranking_leaves_a_small_unit_unranked_and_puts_the_better_first():
    d = Definition("demo.rate", "比率", "Rate", RATE, "测试", min_size=10)

    class N:
        def __init__(self, pk, path):
            self.pk, self.path, self.name = pk, path, path

    a, b, c, e = N(1, "a"), N(2, "b"), N(3, "c"), N(4, "e")
    table = {
        1: {"demo.rate": Value(0.9, 90, 100)},
        2: {"demo.rate": Value(1.0, 6, 6)},  # 6 demands: too few to rank second, or first
        3: {"demo.rate": Value(0.95, 19, 20)},
        4: {},
    }
    rows = selectors.rank(children=[a, b, c, e], table=table, definition=d)
    assert [(r["node"].name, r["rank"]) for r in rows] == [("c", 1), ("a", 2), ("b", None), ("e", None)]
    lower = Definition("demo.overdue", "超期", "Overdue", "件", "测试", higher_is_better=False)
    table = {1: {"demo.overdue": Value(5)}, 3: {"demo.overdue": Value(2)}}
    rows = selectors.rank(children=[a, c], table=table, definition=lower)
    assert [r["node"].name for r in rows] == ["c", "a"]


def test_every_registered_figure_has_a_unique_key_and_a_definition():
    keys = [d.key for p in providers() for d in p.definitions]
    assert len(keys) == len(set(keys))
    assert all(d.definition and d.label for p in providers() for d in p.definitions)


def test_the_trend_says_which_way_is_better(resolved):
    t = resolved["tree"]
    areas = selectors.node_figures(node=t["district_a"], period=parse_period(this_month()), areas=["demands"])
    by_key = {f.key: f for f in areas[0].figures}
    assert by_key["demands.submitted"].trend == "up"  # a volume: neither better nor worse
    assert by_key["demands.resolution_rate"].trend == ""  # no rate last month to compare with
