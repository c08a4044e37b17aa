"""Celery tasks of the analytics layer: the weekly and monthly review reports.

Beat runs `send_review_reports` on Monday and on the 1st at 08:00 Beijing time
(settings.CELERY_BEAT_SCHEDULE); without Redis the in-process sweep runs it hourly
(gongzhi/demands/timers.py). Both are safe: each review reaches each reader once.
"""

from __future__ import annotations

from celery import shared_task

from gongzhi.analytics.reports.build import review_kind
from gongzhi.analytics.reports.delivery import reviews_send
from gongzhi.analytics.warming import figures_warm
from gongzhi.core.periods import parse_period


@shared_task(name="gongzhi.analytics.tasks.send_review_reports", acks_late=True)
def send_review_reports(kind: str | None = None, period: str | None = None) -> dict:
    """Send the links to the due weekly or monthly reviews (both when no kind is given), once each."""
    kinds = [review_kind(kind)] if kind else None
    return reviews_send(kinds=kinds, period=parse_period(period) if period else None)


@shared_task(name="gongzhi.analytics.tasks.warm_figures", acks_late=True)
def warm_figures() -> dict:
    """Compute the last full month's figures of every official's node ahead of their first look."""
    return figures_warm()
