"""gongzhi territory: import divisions and boundaries, export, move."""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from gongzhi.core.errors import ApplicationError, ImportRejected
from gongzhi.territory.boundaries import territory_import_boundaries
from gongzhi.territory.importing import COLUMNS, territory_import_file
from gongzhi.territory.models import Territory
from gongzhi.territory.resources import division_rows
from gongzhi.territory.services import territory_move

SHOWN = 50
BAR_FROM = 2000  # rows; smaller files finish before a bar would help


def rejected_message(exc: ImportRejected) -> str:
    lines = [f"{exc.message} 请改正后重新导入 / fix the file and import again."]
    lines += [f"  第 {r} 行，列「{c}」：{why}" for r, c, why in exc.errors[1 : SHOWN + 1]]
    if len(exc.errors) > SHOWN + 1:
        lines.append(f"  …… 另有 {len(exc.errors) - SHOWN - 1} 处错误")
    return "\n".join(lines)


def _node(code: str) -> Territory:
    node = Territory.objects.filter(division_code=code).first()
    if node is None:
        raise CommandError(f"没有区划代码「{code}」/ unknown division code {code}")
    return node


class Command(BaseCommand):
    help = "区划树：导入区划表、导入边界、导出、移动 / territory tree: import, boundaries, export, move"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        p = sub.add_parser(
            "import",
            help="导入区划表 code,name,parent_code,level,kind（有错则整表不导入）/ import a division list",
        )
        p.add_argument("file", help=".csv、.csv.gz 或 .xlsx")

        p = sub.add_parser("import-boundaries", help="导入 GeoJSON 边界 / attach boundary polygons")
        p.add_argument("file", help=".geojson / .json（DataV 格式，GCJ-02）")
        p.add_argument(
            "--skip-unknown", action="store_true", help="跳过区划树中没有的代码 / skip codes not in the tree"
        )

        p = sub.add_parser("export", help="导出区划表（可再导入）/ export the division list (re-importable)")
        p.add_argument("file", help=".csv、.csv.gz 或 .xlsx")
        p.add_argument("--under", help="只导出此区划代码及其下级 / only this code and below")

        p = sub.add_parser("move", help="把单元连同下级移到新上级之下 / move a node and its subtree")
        p.add_argument("code", help="要移动的区划代码 / code of the node")
        p.add_argument("new_parent_code", help="新上级的区划代码 / code of the new parent")
        p.add_argument("--user", help="以此账号执行（默认：第一个系统管理员）/ act as this user")

    def handle(self, *args, action: str, **options):
        try:
            return getattr(self, "do_" + action.replace("-", "_"))(**options)
        except ImportRejected as exc:
            raise CommandError(rejected_message(exc))
        except ApplicationError as exc:
            raise CommandError(exc.message)

    def do_import(self, *, file, **options):
        def progress(total):
            return tqdm(
                total=total, desc="写入 / writing", unit="行", file=sys.stderr, disable=total < BAR_FROM
            )

        result = territory_import_file(path=file, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"导入完成 / imported. {result.summary()}"))

    def do_import_boundaries(self, *, file, skip_unknown=False, **options):
        r = territory_import_boundaries(path=file, skip_unknown=skip_unknown)
        self.stdout.write(
            self.style.SUCCESS(
                f"边界导入完成 / boundaries attached: 要素 {r['features']} 个，挂接 {r['attached']} 个，"
                f"跳过 {r['skipped']} 个。"
            )
        )

    def do_export(self, *, file, under=None, **options):
        node = _node(under) if under else None
        rows = division_rows(under=node)
        path = Path(file)
        name = path.name.lower()
        if name.endswith(".xlsx"):
            n = _write_xlsx(path, rows)
        elif name.endswith((".csv", ".csv.gz")):
            n = _write_csv(path, rows, gz=name.endswith(".gz"))
        else:
            raise CommandError("请用 .csv、.csv.gz 或 .xlsx 作为文件名 / use .csv, .csv.gz or .xlsx")
        self.stdout.write(self.style.SUCCESS(f"已导出 {n} 个单元到 {file} / exported."))

    def do_move(self, *, code, new_parent_code, user=None, **options):
        User = get_user_model()  # people's User, named without importing the app above territory
        if user:
            actor = User.objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"没有用户「{user}」/ no such user")
        else:
            actor = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
            if actor is None:
                raise CommandError(
                    "移动需要一个执行账号：请先创建系统管理员，或用 --user 指定 / "
                    "a move needs an acting user: create a superuser or pass --user"
                )
        node = territory_move(actor=actor, node_id=_node(code).pk, new_parent_id=_node(new_parent_code).pk)
        self.stdout.write(self.style.SUCCESS(f"已移动「{node.name}」到 {new_parent_code} 之下 / moved."))


def _write_csv(path: Path, rows, *, gz: bool) -> int:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    n = 0
    for row in rows:
        w.writerow(row)
        n += 1
    data = buf.getvalue().encode("utf-8")
    path.write_bytes(gzip.compress(data) if gz else data)
    return n


def _write_xlsx(path: Path, rows) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("区划")
    ws.append(COLUMNS)
    n = 0
    for row in rows:
        ws.append(list(row))
        n += 1
    wb.save(path)
    return n
