"""The rates kept by the transition function agree with the rates computed from the events."""

from __future__ import annotations

import contextlib
import datetime as dt
from unittest import mock

import pytest

from gongzhi.core import periods
from gongzhi.demands import facts
from gongzhi.demands.models import DemandEvent
from gongzhi.demands.rates import rates_handler, rates_node, rates_period, rates_ranking
from gongzhi.demands.rates_direct import rates_direct
from gongzhi.demands.rollup import rollup_rebuild
from gongzhi.demands.services import demand_transition
from gongzhi.demands.tests.factories import submit
from gongzhi.people.models import User

TZ = periods.TZ
DAY = dt.date(2025, 3, 3)  # a Monday


@contextlib.contextmanager
def clock(day: dt.date, hour: float):
    moment = dt.datetime.combine(day, dt.time(), tzinfo=TZ) + dt.timedelta(hours=hour)
    # DemandEvent.at keeps its own reference to timezone.now as its default.
    at = DemandEvent._meta.get_field("at")
    with (
        mock.patch("django.utils.timezone.now", return_value=moment),
        mock.patch.object(at, "_get_default", lambda: moment),
    ):
        yield moment


def step(user, demand, action, day, hour, **kw):
    with clock(day, hour):
        return demand_transition(actor=user, demand_id=demand.pk, action=action, **kw)


def submit_at(user, territory, day, hour, **kw):
    with clock(day, hour):
        return submit(user, territory, **kw)


@pytest.fixture
def story(cast):
    """Given five demands in A街道 and one in B街道, each with a different fate."""
    t, desk, w1 = cast["tree"], cast["desk"], cast["worker1"]
    admin = User.objects.create_superuser("boss", password="x")
    d = {}
    # 1: resolved in 2 hours, rated satisfied, closed.
    d[1] = submit_at(cast["resident"], t["grid_a"], DAY, 9, text="物业不修电梯")
    step(desk, d[1], "accept", DAY, 9.5)
    step(desk, d[1], "dispatch", DAY, 9.6)
    step(w1, d[1], "claim", DAY, 10)
    step(w1, d[1], "resolve", DAY, 11, note="修好了")
    step(cast["resident"], d[1], "follow_up", DAY, 12, satisfaction="satisfied")
    step(desk, d[1], "close", DAY, 13)
    # 2: claimed late (two days), resolved after its deadline, dissatisfied, reopened, re-resolved, basically.
    d[2] = submit_at(cast["resident"], t["grid_a"], DAY, 9, text="物业漏水")
    step(desk, d[2], "accept", DAY, 10)
    step(desk, d[2], "dispatch", DAY, 10)
    step(w1, d[2], "claim", DAY + dt.timedelta(days=2), 10)
    step(w1, d[2], "resolve", DAY + dt.timedelta(days=7), 10, note="修了")
    step(cast["resident"], d[2], "follow_up", DAY + dt.timedelta(days=7), 11, satisfaction="dissatisfied")
    step(desk, d[2], "reopen", DAY + dt.timedelta(days=7), 12)
    step(w1, d[2], "claim", DAY + dt.timedelta(days=8), 10)
    step(w1, d[2], "resolve", DAY + dt.timedelta(days=8), 15, note="再修")
    step(
        cast["resident"], d[2], "follow_up", DAY + dt.timedelta(days=9), 9, satisfaction="basically_satisfied"
    )
    # 3: rejected.
    d[3] = submit_at(cast["resident"], t["grid_a"], DAY + dt.timedelta(days=1), 9, text="物业费太贵")
    step(desk, d[3], "reject", DAY + dt.timedelta(days=1), 10, note="不属于受理范围")
    # 4: merged into 1.
    d[4] = submit_at(cast["resident"], t["grid_a"], DAY + dt.timedelta(days=1), 9, text="物业不修电梯啊")
    step(desk, d[4], "accept", DAY + dt.timedelta(days=1), 10)
    step(desk, d[4], "merge", DAY + dt.timedelta(days=1), 11, into_id=d[1].pk)
    # 5: dispatched, returned, still open and past its deadline.
    d[5] = submit_at(cast["resident"], t["grid_a"], DAY + dt.timedelta(days=2), 9, text="物业绿化")
    step(desk, d[5], "accept", DAY + dt.timedelta(days=2), 10)
    step(desk, d[5], "dispatch", DAY + dt.timedelta(days=2), 10)
    step(w1, d[5], "return", DAY + dt.timedelta(days=2), 11, note="不归我们")
    step(desk, d[5], "dispatch", DAY + dt.timedelta(days=2), 12, handler_id=cast["handler"].pk)
    # 6: in B街道, submitted the day after the period we look at.
    d[6] = submit_at(admin, t["grid_b"], DAY + dt.timedelta(days=31), 9, text="物业电梯")
    return {**cast, "d": d, "admin": admin}


def test_the_rates_of_a_street_follow_the_definitions(story):
    period = rates_period(start=DAY, end=DAY + dt.timedelta(days=30))
    node, r = rates_node(actor=story["official"], territory_id=story["tree"]["street_a"].pk, period=period)
    assert node == story["tree"]["street_a"]
    assert (r["submitted"], r["accepted"], r["rejected"]) == (5, 4, 1)
    assert r["acceptance_rate"] == 0.8
    assert r["dispatched"] == 3 and r["responded_on_time"] == 1  # only demand 1 was claimed within 24 h
    assert r["resolvable"] == 3 and r["resolved"] == 2  # 4 was merged; 5 is still open
    assert r["resolution_rate"] == round(2 / 3, 4)
    assert (r["rated"], r["satisfied"], r["basically_satisfied"], r["dissatisfied"]) == (2, 1, 1, 0)
    assert r["satisfaction_rate"] == 1.0  # the latest rating counts: 2 ended basically satisfied
    assert r["reopened"] == 1 and r["merged"] == 1 and r["returned"] == 1
    assert r["overdue_resolved"] == 1 and r["overdue_open"] == 1 and r["overdue"] == 2
    # 1 took 2 h; 2 took 8 days 6 h = 198 h; p90 (nearest rank) is 198 h → bucket edge 216 h.
    assert r["avg_resolve_hours"] == 100.0
    assert r["p90_resolve_hours"] == 216.0


def test_the_roll_up_equals_the_direct_computation_and_a_rebuild(story):
    t = story["tree"]
    period = rates_period(start=DAY - dt.timedelta(days=5), end=DAY + dt.timedelta(days=40))
    nodes = ["city", "district_a", "street_a", "community_a", "grid_a", "street_b", "village_a"]
    before = {n: rates_node(actor=story["admin"], territory_id=t[n].pk, period=period)[1] for n in nodes}
    for n in nodes:
        assert before[n] == rates_direct(period=period, path=t[n].path), n
    handler = story["handler"]
    by_handler = rates_handler(actor=story["admin"], handler_id=handler.pk, period=period)[1]
    assert by_handler == rates_direct(period=period, handler_id=handler.pk)
    assert by_handler["dispatched"] == 3
    rollup_rebuild()
    after = {n: rates_node(actor=story["admin"], territory_id=t[n].pk, period=period)[1] for n in nodes}
    assert after == before
    assert before["city"]["submitted"] == 6 and before["village_a"]["submitted"] == 0


def test_period_boundaries_count_a_demand_on_its_day_of_submission_in_beijing_time(story):
    t, official = story["tree"], story["official"]
    late = submit_at(story["resident"], t["grid_a"], DAY + dt.timedelta(days=3), 23.99, text="物业半夜噪音")

    def count(start, end):
        period = rates_period(start=start, end=end)
        return rates_node(actor=official, territory_id=t["street_a"].pk, period=period)[1]["submitted"]

    day = DAY + dt.timedelta(days=3)
    assert count(day, day) == 1
    assert count(day + dt.timedelta(days=1), day + dt.timedelta(days=9)) == 0
    assert count(DAY, DAY) == 2 and count(DAY, day) == 6
    assert late.created_at.astimezone(TZ).date() == day


def test_the_ranking_puts_the_better_street_first(story):
    period = rates_period(start=DAY, end=DAY + dt.timedelta(days=40))
    _, rows = rates_ranking(actor=story["admin"], territory_id=story["tree"]["city"].pk, period=period)
    assert [(r["unit"].name, r["rank"]) for r in rows] == [("A区", 1), ("B区", None)]
    assert rows[0]["score"] > 0 and rows[1]["score"] is None  # B has one demand, not yet accepted
    _, handlers = rates_ranking(
        actor=story["admin"], territory_id=story["tree"]["city"].pk, period=period, by="handlers"
    )
    assert [r["unit"] for r in handlers] == [story["handler"]]


def test_an_out_of_scope_node_or_handler_is_not_found(story):
    from gongzhi.core.errors import NotFound

    period = rates_period()
    with pytest.raises(NotFound):
        rates_node(actor=story["outsider"], territory_id=story["tree"]["street_a"].pk, period=period)
    with pytest.raises(NotFound):
        rates_handler(actor=story["outsider"], handler_id=story["handler"].pk, period=period)
    with pytest.raises(NotFound):
        rates_node(actor=story["resident"], period=period)


def test_the_p90_bucket_is_the_bucket_of_the_nearest_rank_value():
    values = [3600 * h for h in (1, 2, 3, 5, 8, 13, 21, 34, 55, 89)]
    hist: dict[int, int] = {}
    for v in values:
        hist[facts.bucket_of(v)] = hist.get(facts.bucket_of(v), 0) + 1
    assert facts.p90_bucket(hist) == facts.p90_of_seconds(values) == facts.bucket_of(55 * 3600)
    assert facts.bucket_label_hours(facts.bucket_of(55 * 3600)) == 55.0
    assert facts.bucket_label_hours(facts.bucket_of(89.5 * 3600)) == 90.0
