"""`gongzhi demands import-hotline FILE --user USERNAME` and `gongzhi demands hotline-template FILE`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongzhi.core.errors import ApplicationError, ImportRejected
from gongzhi.demands.hotline import hotline_import, template_bytes
from gongzhi.people.models import User


class Command(BaseCommand):
    help = "诉求：导入热线工单（12345/12348/110 非警务），下载导入模板 / demands: hotline import and template"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import-hotline",
            help="从 Excel/CSV 导入热线工单，有错行则整个文件不导入 / import hotline orders, all or nothing",
        )
        imp.add_argument("file", help="工单文件（.xlsx 或 .csv）")
        imp.add_argument("--user", required=True, help="以此账号的名义录入（须有前台受理角色）")
        tpl = sub.add_parser("hotline-template", help="写出导入模板 / write the import template")
        tpl.add_argument("file", help="要写出的 .xlsx 文件")

    def handle(self, *args, action: str, file: str, **options):
        if action == "hotline-template":
            Path(file).write_bytes(template_bytes())
            self.stdout.write(f"已写出模板：{file}")
            return
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"没有账号「{options['user']}」。")
        try:
            result = hotline_import(actor=user, path=file)
        except ImportRejected as exc:
            lines = [exc.message] + [f"  第 {row} 行，列「{col}」：{why}" for row, col, why in exc.errors]
            raise CommandError("\n".join(lines))
        except ApplicationError as exc:
            raise CommandError(exc.message)
        self.stdout.write(result.summary())
