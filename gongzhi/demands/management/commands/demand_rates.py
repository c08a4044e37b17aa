"""`gongzhi manage demand_rates rebuild`: recompute the rate roll-ups from the recorded events."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from gongzhi.demands.rollup import rollup_rebuild


class Command(BaseCommand):
    help = "诉求指标：从流转记录重算指标汇总表 / demand rates: rebuild the roll-ups from the events"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild"])

    def handle(self, *args, action: str, **options):
        t0 = time.monotonic()
        n = rollup_rebuild()
        self.stdout.write(
            f"已重算 {n} 件诉求的指标（{time.monotonic() - t0:.1f} 秒）/ rebuilt the rates of {n} demands"
        )
