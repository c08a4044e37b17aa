"""gongzhi demo: build a demo of a real city (divisions, boundaries, people, logins) and serve it."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongzhi.core.console import table
from gongzhi.core.management.commands.serve import check_port, default_workers, run_server
from gongzhi.demo.build import default_boundaries_dir, demo_build, demo_counts
from gongzhi.demo.cities import CITIES, DEFAULT_SCALE, SCALE_PRESETS, parse_scale
from gongzhi.demo.logins import login_table


class Command(BaseCommand):
    help = "构建真实城市的演示数据并启动网站 / build a demo of a real city and serve it"

    def add_arguments(self, parser):
        parser.add_argument(
            "--city", choices=sorted(CITIES), default="bengbu", help="城市（默认 bengbu 蚌埠）"
        )
        parser.add_argument(
            "--boundaries",
            metavar="DIR",
            help="区县边界目录（含 <城市代码>_full.json，GCJ-02）；不给时使用 ../shared/data/boundaries（如存在）",
        )
        parser.add_argument(
            "--scale",
            default=str(DEFAULT_SCALE),
            help=f"规模系数：数字或 {'、'.join(f'{k}={v}' for k, v in SCALE_PRESETS.items())}（默认 {DEFAULT_SCALE}，约为蚌埠真实比例）",
        )
        parser.add_argument("--seed", type=int, default=2024, help="随机种子（默认 2024，结果可复现）")
        parser.add_argument("--no-serve", action="store_true", help="只构建数据，不启动网站")
        parser.add_argument("--port", type=int, default=8000, help="网站端口（默认 8000）")
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")

    def handle(self, *args, city, boundaries, scale, seed, no_serve, port, host, **options):
        try:
            factor = parse_scale(scale)
        except ValueError as exc:
            raise CommandError(str(exc))
        if boundaries:
            folder = Path(boundaries).expanduser()
            if not folder.is_dir():
                raise CommandError(f"边界目录不存在：{folder}")
        else:
            folder = default_boundaries_dir()
            if folder:
                self.stdout.write(f"未指定 --boundaries，使用默认边界目录 / using boundaries from: {folder}")
        if not no_serve:
            check_port(host, port)  # fail before building, not after
        started = time.monotonic()
        node = demo_build(
            city_key=city, boundaries_dir=folder, scale=factor, seed=seed, say=self.stdout.write
        )
        self.stdout.write(
            f"\n{node.name} 演示数据（规模 {factor:g}，用时 {time.monotonic() - started:.1f} 秒）："
        )
        self.stdout.write(table(["类别", "数量"], [[k, f"{v:,}"] for k, v in demo_counts(node)]))
        self.stdout.write("\n演示账号 / demo logins：")
        rows = [[x.username, x.role, x.scope, x.password] for x in login_table()]
        self.stdout.write(table(["用户名", "角色", "辖区", "密码"], rows))
        if no_serve:
            self.stdout.write(f"\n启动网站 / serve: gongzhi serve --port {port}")
            return
        self.stdout.write("")
        run_server(host=host, port=port, workers=default_workers(), stdout=self.stdout)
