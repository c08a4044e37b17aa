"""gongzhi report weekly|monthly --territory CODE --period P --output FILE.xlsx|FILE.pdf"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongzhi.analytics.reports import (
    check_target,
    review_build,
    review_kind,
    review_node,
    review_period,
    write_review_file,
)
from gongzhi.core.errors import ApplicationError
from gongzhi.core.periods import HELP


class Command(BaseCommand):
    help = "周报、月报：写出辖区的一周一碰头、一月一盘点报告 / write a node's weekly or monthly review"

    def add_arguments(self, parser):
        parser.add_argument(
            "kind",
            metavar="weekly|monthly",
            help="weekly（周报，默认上一个整周）或 monthly（月报，默认上一个整月）",
        )
        parser.add_argument(
            "--territory", help="区划代码（12 位）或辖区编号；不填为区划树的顶层 / division code or id"
        )
        parser.add_argument("--period", help=f"统计期间；{HELP} / the period")
        parser.add_argument("--output", required=True, help="写出的文件，.xlsx 或 .pdf / the file to write")

    def handle(self, *args, kind: str, territory=None, period=None, output: str, **options):
        path = Path(output).expanduser()
        try:
            # Everything that can be wrong is refused before anything is built or written.
            check_target(path)
            review_type = review_kind(kind)
            node = review_node(territory)
            covered = review_period(review_type, period)
            review = review_build(node=node, period=covered, kind=review_type)
            write_review_file(review, path)
        except ApplicationError as exc:
            raise CommandError(exc.message)
        except OSError as exc:
            raise CommandError(f"无法写入「{path}」：{exc.strerror or exc}，请换一个输出路径。")
        self.stdout.write(f"已写出 / written: {path}（{review.title}，{covered.label}）")
