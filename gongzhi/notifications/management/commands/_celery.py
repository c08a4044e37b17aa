"""Shared by `gongzhi worker` and `gongzhi beat`: replace this process with the Celery command."""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management.base import CommandError

CELERY_APP = "gongzhi.config.celery"


def exec_celery(what: str, args: list[str], stdout) -> None:
    if not settings.REDIS_URL:
        raise CommandError(
            "未设置 REDIS_URL：Celery 需要 Redis（例如 REDIS_URL=redis://127.0.0.1:6379/0）。"
            "不使用 Redis 时，gongzhi serve / gongzhi demo 会在网站主进程中每分钟运行定时任务。"
        )
    argv = [sys.executable, "-m", "celery", "-A", CELERY_APP, what, *args]
    stdout.write(f"启动 / starting: celery -A {CELERY_APP} {what} {' '.join(args)}\n")
    stdout.flush()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.config.settings")
    os.execv(sys.executable, argv)
