"""gongzhi registry: list, import, export and templates of the registries (台账)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gongzhi.core.errors import ApplicationError, ImportRejected
from gongzhi.people.importing import (
    registry_export,
    registry_import_file,
    registry_names,
    registry_template,
    resource_class,
    write_dataset,
)
from gongzhi.people.models import User
from gongzhi.territory.models import Territory

MORE_SHOWN = 50


def acting_user(username: str | None) -> User | None:
    if not username:
        return None
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"没有用户「{username}」/ no such user")


def rejected_message(exc: ImportRejected) -> str:
    """The first line says what to fix; the rest list the other errors."""
    lines = [f"{exc.message} 请改正后重新导入 / fix the file and import again."]
    for row, column, reason in exc.errors[1 : MORE_SHOWN + 1]:
        lines.append(f"  第 {row} 行，列「{column}」：{reason}")
    if len(exc.errors) > MORE_SHOWN + 1:
        lines.append(f"  …… 另有 {len(exc.errors) - MORE_SHOWN - 1} 处错误")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "台账：Excel 导入、导出与模板 / registries: Excel import, export and templates"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sub.add_parser("list", help="列出台账及其中文名 / list the registries")

        p = sub.add_parser("import", help="导入台账文件（有错则整表不导入）/ import a file, all or nothing")
        p.add_argument("model", help="台账名，如 residents / registry name")
        p.add_argument("file", help=".xlsx 或 .csv 文件 / .xlsx or .csv file")
        p.add_argument("--user", help="以此账号导入（只能导入其管辖范围）/ import as this user (scoped)")

        p = sub.add_parser("export", help="导出台账 / export a registry")
        p.add_argument("model", help="台账名 / registry name")
        p.add_argument("file", help="输出 .xlsx 或 .csv / output .xlsx or .csv")
        p.add_argument("--user", help="以此账号导出（只含其管辖范围）/ export as this user (scoped)")
        p.add_argument("--under", help="只导出此区划代码之下 / only under this division code")

        p = sub.add_parser("template", help="下载导入模板 / write an import template")
        p.add_argument("model", help="台账名 / registry name")
        p.add_argument("file", help="输出 .xlsx / output .xlsx")
        p.add_argument("--user", help="示例行取此账号的辖区 / take the example from this user's area")

    def handle(self, *args, action: str, **options):
        try:
            return getattr(self, f"do_{action}")(**options)
        except ImportRejected as exc:
            raise CommandError(rejected_message(exc))
        except ApplicationError as exc:
            raise CommandError(exc.message)

    def do_list(self, **options):
        for key, name in registry_names():
            self.stdout.write(f"{key:<20} {name}")

    def do_import(self, *, model, file, user=None, **options):
        resource_class(model)
        result = registry_import_file(actor=acting_user(user), registry=model, path=file)
        self.stdout.write(self.style.SUCCESS(f"导入完成 / imported. {result.summary()}"))

    def do_export(self, *, model, file, user=None, under=None, **options):
        resource_class(model)
        node = None
        if under:
            node = Territory.objects.filter(division_code=under).first()
            if node is None:
                raise CommandError(f"没有区划代码「{under}」/ unknown division code")
        dataset = registry_export(actor=acting_user(user), registry=model, under=node)
        write_dataset(dataset, file, title=model)
        self.stdout.write(self.style.SUCCESS(f"已导出 {len(dataset)} 行到 {file} / exported."))

    def do_template(self, *, model, file, user=None, **options):
        resource_class(model)
        write_dataset(registry_template(actor=acting_user(user), registry=model), file, title=model)
        self.stdout.write(self.style.SUCCESS(f"模板已写入 {file} / template written."))
