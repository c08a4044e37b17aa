"""The in-process sweep of the embedded default: one thread per process, only without Celery beat."""

from __future__ import annotations

import pytest

from gongzhi.demands import timers
from gongzhi.demands.models import DeadlineAlert
from gongzhi.demands.tests.sweeping import dispatch_demand


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.setattr(timers, "_started", None)
    monkeypatch.setattr(timers.os, "register_at_fork", lambda **kw: None)
    yield
    timers.stop_in_process()


def test_with_celery_beat_the_server_does_not_sweep(settings):
    settings.GONGZHI_INPROCESS_SWEEP = False

    assert timers.start_in_process() is None


def test_without_redis_one_thread_sweeps_however_often_it_is_started(settings):
    settings.GONGZHI_INPROCESS_SWEEP = True

    first = timers.start_in_process(first_delay=60)
    again = timers.start_in_process(first_delay=60)

    assert first is again and first.is_alive()
    first.stop()
    assert not first.is_alive()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_tick_runs_the_sweep_and_survives_a_failure(cast, settings, monkeypatch):
    settings.CELERY_BROKER_URL = ""
    dispatch_demand(cast, hours=7)
    thread = timers.SweepThread(interval=60, first_delay=60)

    thread.tick()
    assert DeadlineAlert.objects.count() == 4  # planned: 75%, 1 h before, overdue, escalation

    monkeypatch.setattr("gongzhi.demands.sweep.sweep", lambda **kw: 1 / 0)
    thread.tick()  # logged, not raised: the next minute tries again
    assert thread.ticks == 2
