"""gongzhi beat: run Celery beat, which queues the deadline sweep every minute. Run exactly one."""

from __future__ import annotations

import argparse

from django.core.management.base import BaseCommand

from gongzhi.notifications.management.commands._celery import exec_celery


class Command(BaseCommand):
    help = "启动 Celery beat 定时器，每分钟排队一次诉求时限检查（需要 REDIS_URL；全系统只运行一个）/ run Celery beat"

    def add_arguments(self, parser):
        parser.add_argument("--loglevel", "-l", default="INFO", help="日志级别（默认 INFO）")
        parser.add_argument(
            "celery_args", nargs=argparse.REMAINDER, help="其余参数原样传给 celery（写在 -- 之后）"
        )

    def handle(self, *args, loglevel, celery_args, **options):
        exec_celery("beat", ["--loglevel", loglevel, *[a for a in celery_args if a != "--"]], self.stdout)
