"""Races on a real database: two claims of one order, two retries of one submission.

Each thread has its own database connection. On PostgreSQL the second claim waits on the
row lock; on SQLite (transaction_mode IMMEDIATE) the second writer waits at BEGIN. Either
way it then reads the first one's result.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from gongzhi.core.errors import ApplicationError
from gongzhi.demands.models import Demand, DemandEvent
from gongzhi.demands.services import demand_submit, demand_transition
from gongzhi.demands.tests.factories import submit
from gongzhi.demands.workflow import State

# serialized_rollback brings back the seeded categories that the flush of a transactional test removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def race(*calls):
    """Run the calls at the same moment, each in its own thread and connection; return results or errors."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as exc:  # the loser's error is part of the result
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.fixture
def dispatched(cast):
    demand = submit(cast["resident"], cast["tree"]["grid_a"], text="小区门口路灯不亮，物业不管")
    demand_transition(actor=cast["desk"], demand_id=demand.pk, action="accept")
    demand_transition(actor=cast["desk"], demand_id=demand.pk, action="dispatch")
    return demand


@pytest.mark.parametrize("attempt", range(3))
def test_two_people_claiming_one_order_at_once_make_exactly_one_winner(cast, dispatched, attempt):
    def claim(user):
        return lambda: demand_transition(actor=user, demand_id=dispatched.pk, action="claim")

    results = race(claim(cast["worker1"]), claim(cast["worker2"]))

    winners = [r for r in results if isinstance(r, Demand)]
    losers = [r for r in results if isinstance(r, ApplicationError)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert losers[0].status == 409
    assert "已接单" in losers[0].message
    dispatched.refresh_from_db()
    assert dispatched.state == State.CLAIMED
    assert dispatched.claimed_by_id == winners[0].claimed_by_id
    assert DemandEvent.objects.filter(demand=dispatched, action="claim").count() == 1


def test_two_retries_of_one_submission_at_once_create_one_demand(cast):
    def send():
        return demand_submit(
            actor=cast["resident"],
            idempotency_key="phone-retry-42",
            channel="self_report",
            text="楼下烧烤油烟太大，晚上十二点还在营业",
            territory_id=cast["tree"]["grid_a"].pk,
        )

    results = race(send, send, send)

    assert all(isinstance(r, tuple) for r in results), results
    assert len({demand.pk for demand, _ in results}) == 1
    assert sorted(created for _, created in results) == [False, False, True]
    assert Demand.objects.filter(idempotency_key="phone-retry-42").count() == 1
    assert DemandEvent.objects.filter(action="submit").count() == 1


def test_the_database_is_the_one_the_settings_name():
    # The race tests above prove something only with real separate connections.
    assert connection.vendor in {"sqlite", "postgresql"}
