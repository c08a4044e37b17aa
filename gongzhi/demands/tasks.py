"""Celery tasks of the demands: the deadline sweep, run every minute by beat."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="gongzhi.demands.sweep", acks_late=True)
def sweep() -> dict:
    """Run the deadline sweep once and return what it did (safe to run twice or concurrently)."""
    from gongzhi.demands.sweep import sweep as run

    report = run()
    return {
        "planned": report.planned,
        "fired": {f"{k}:{o}": n for (k, o), n in report.fired.items()},
        "notices": report.notices,
        "deliveries": report.deliveries,
    }
