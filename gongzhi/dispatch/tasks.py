"""Celery tasks of smart dispatch: periodic retraining of the classifier and hotspot rise alerts.

Beat runs both (settings.CELERY_BEAT_SCHEDULE); without Redis the in-process sweep thread of
the demo server runs them every `HOURLY_TICKS` ticks (gongzhi/demands/timers.py).
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="gongzhi.dispatch.retrain", acks_late=True)
def retrain() -> dict:
    """Train a new classifier version from the platform's own labels when enough new ones arrived."""
    from gongzhi.dispatch.retraining import retrain_if_due

    return retrain_if_due()


@shared_task(name="gongzhi.dispatch.rises", acks_late=True)
def rises() -> dict:
    """Notify the level above of this month's sudden rises (idempotent: each rise is sent once)."""
    from gongzhi.dispatch.alerts import rises_notify

    return rises_notify()
