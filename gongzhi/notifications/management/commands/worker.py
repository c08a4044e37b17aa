"""gongzhi worker: run Celery workers (sends notifications, runs the sweep that beat schedules)."""

from __future__ import annotations

import argparse

from django.core.management.base import BaseCommand

from gongzhi.notifications.management.commands._celery import exec_celery


class Command(BaseCommand):
    help = (
        "启动 Celery 工作进程（需要 REDIS_URL）/ run Celery workers: celery -A gongzhi.config.celery worker"
    )

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", "-c", type=int, help="工作进程数（默认等于 CPU 数）")
        parser.add_argument("--loglevel", "-l", default="INFO", help="日志级别（默认 INFO）")
        parser.add_argument(
            "celery_args", nargs=argparse.REMAINDER, help="其余参数原样传给 celery（写在 -- 之后）"
        )

    def handle(self, *args, concurrency, loglevel, celery_args, **options):
        extra = ["--loglevel", loglevel]
        if concurrency:
            extra += ["--concurrency", str(concurrency)]
        exec_celery("worker", extra + [a for a in celery_args if a != "--"], self.stdout)
