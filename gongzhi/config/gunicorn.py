"""gunicorn hooks for `gongzhi serve` / `gongzhi demo`: the master runs the deadline sweep.

Only the master starts the sweep thread, so one process sweeps however many workers serve.
With REDIS_URL set, Celery beat sweeps instead and the master does nothing extra.
"""

from __future__ import annotations

import os


def when_ready(server) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.config.settings")
    import django

    # Before any worker is forked: importing the apps later, in the thread, could race a fork.
    django.setup()
    from gongzhi.demands import sweep  # noqa: F401  (import now, not during a fork)
    from gongzhi.demands.timers import start_in_process

    interval = float(os.environ.get("GONGZHI_SWEEP_INTERVAL", "60"))
    if start_in_process(interval=interval) is not None:
        server.log.warning(
            "定时任务在主进程 %s 中每 %g 秒运行 / deadline sweep runs in the master every %g s",
            os.getpid(),
            interval,
            interval,
        )


def on_exit(server) -> None:
    from gongzhi.demands.timers import stop_in_process

    stop_in_process()
