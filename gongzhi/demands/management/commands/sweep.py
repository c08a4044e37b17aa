"""gongzhi sweep: run the deadline sweep once (reminders, overdue, escalation) and print what it did."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from gongzhi.demands.sweep import sweep


class Command(BaseCommand):
    help = (
        "运行一次诉求时限检查：到期提醒、超期标记、超期督办，并重试未发出的通知 / run the deadline sweep once"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            action="store_true",
            help="不退出，每隔 --interval 秒运行一次（没有 Celery 时的独立定时进程）",
        )
        parser.add_argument("--interval", type=float, default=60.0, help="--loop 的间隔秒数（默认 60）")

    def handle(self, *args, loop, interval, **options):
        if interval <= 0:
            raise CommandError("--interval 必须大于 0")
        while True:
            started = time.monotonic()
            report = sweep()
            self.stdout.write(f"诉求时限检查完成 / sweep done（{time.monotonic() - started:.2f} 秒）：")
            for line in report.lines():
                self.stdout.write(f"  {line}")
            if not loop:
                return
            self.stdout.flush()
            time.sleep(interval)
