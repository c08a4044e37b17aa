"""Run the deadline sweep in-process, for the embedded default without Redis and Celery.

The demo server starts one SweepThread in the gunicorn master (gongzhi/config/gunicorn.py),
never in the workers, so one process sweeps. The master forks workers whenever one dies; a
fork while the thread is inside a database call could hand the child a lock that is never
released, so every fork waits for the tick in progress to finish (os.register_at_fork).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import connections

log = logging.getLogger(__name__)

_tick_lock = threading.Lock()
_started: SweepThread | None = None
# What Celery beat runs in production (settings.CELERY_BEAT_SCHEDULE), registered by the apps that own it.
_HOURLY: list[Callable[[], object]] = []
# The hourly jobs (Celery beat runs them in production) run on every HOURLY_TICKS-th tick, the first one included.
HOURLY_TICKS = 60


def register_hourly(job: Callable[[], object]) -> None:
    """Run `job()` hourly in-process; apps above demands (dispatch, analytics) register in ready()."""
    if job not in _HOURLY:
        _HOURLY.append(job)


def hourly_jobs() -> None:
    """Run the registered hourly jobs; each one only acts when there is something new."""
    for job in list(_HOURLY):
        try:
            job()
        except Exception:
            log.exception("每小时任务 %s 出错，下个小时重试 / hourly job failed", job.__name__)


class SweepThread(threading.Thread):
    """Sweep every `interval` seconds until stopped; a failing tick is logged, the next one runs."""

    def __init__(self, *, interval: float = 60.0, first_delay: float = 10.0):
        super().__init__(name="gongzhi-sweep", daemon=True)
        self.interval, self.first_delay = interval, first_delay
        self.stopping = threading.Event()
        self.ticks = 0

    def tick(self) -> None:
        from gongzhi.demands.sweep import sweep

        with _tick_lock:
            try:
                report = sweep()
                if report.notices or report.planned:
                    log.info("定时任务 / sweep: %s", "；".join(report.lines()[:7]))
                if self.ticks % HOURLY_TICKS == 0:
                    hourly_jobs()
            except Exception:
                log.exception("定时任务出错，下一分钟重试 / sweep failed, retrying next minute")
            finally:
                connections.close_all()
                self.ticks += 1

    def run(self) -> None:
        if self.stopping.wait(self.first_delay):
            return
        while not self.stopping.is_set():
            self.tick()
            self.stopping.wait(self.interval)

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        if self.is_alive():
            self.join(timeout)


def _release_after_fork() -> None:
    if _tick_lock.locked():
        _tick_lock.release()


def start_in_process(*, interval: float = 60.0, first_delay: float = 10.0) -> SweepThread | None:
    """Start the one sweep thread of this process, unless Celery beat does the sweeping."""
    global _started
    if not getattr(settings, "GONGZHI_INPROCESS_SWEEP", False):
        return None
    if _started is not None and _started.is_alive():
        return _started
    if _started is None:
        os.register_at_fork(
            before=_tick_lock.acquire, after_in_parent=_release_after_fork, after_in_child=_release_after_fork
        )
    _started = SweepThread(interval=interval, first_delay=first_delay)
    _started.start()
    return _started


def stop_in_process() -> None:
    if _started is not None:
        _started.stop()
