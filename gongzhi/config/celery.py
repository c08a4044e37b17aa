"""The Celery app for production: broker and results in Redis (REDIS_URL), beat runs the sweep.

    celery -A gongzhi.config.celery worker     (or: gongzhi worker)
    celery -A gongzhi.config.celery beat       (or: gongzhi beat)

Without REDIS_URL nothing here runs: the demo server sweeps in-process (gongzhi/demands/timers.py).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.config.settings")

app = Celery("gongzhi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["gongzhi.demands", "gongzhi.notifications", "gongzhi.dispatch", "gongzhi.analytics"])
