"""gongzhi serve: collect static files, then run gunicorn with several worker processes."""

from __future__ import annotations

import os
import socket
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

WSGI_APP = "gongzhi.config.wsgi:application"


def default_workers() -> int:
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def check_port(host: str, port: int) -> None:
    """Refuse early, in Chinese, when the address is taken (gunicorn would retry for a while)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            raise CommandError(
                f"无法监听 {host}:{port}（{exc.strerror}）。端口可能已被占用，请换一个 --port。"
            )


def run_server(*, host: str, port: int, workers: int, stdout=sys.stdout) -> None:
    """Collect static files quietly, print the address, and replace this process with gunicorn."""
    check_port(host, port)
    call_command("collectstatic", interactive=False, verbosity=0)
    shown = f"[{host}]" if ":" in host else host
    stdout.write(
        f"网站已启动 / serving at: http://{shown}:{port}/  （{workers} 个工作进程；按 Ctrl-C 停止 / Ctrl-C to stop）\n"
    )
    stdout.flush()
    # The workers open their own database connections; none may be inherited.
    connections.close_all()
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        WSGI_APP,
        "--bind",
        f"{shown}:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "120",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
        # Hooks: the master (only it) runs the deadline sweep when there is no Celery beat.
        "--config",
        "python:gongzhi.config.gunicorn",
    ]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.config.settings")
    sys.stderr.flush()
    os.execv(sys.executable, args)


class Command(BaseCommand):
    help = "以生产方式启动网站（gunicorn 多进程，whitenoise 提供静态文件） / run the web server"

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument(
            "--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1；对外开放用 0.0.0.0）"
        )
        parser.add_argument(
            "--workers", type=int, default=default_workers(), help="工作进程数（默认 2×CPU+1，最多 8）"
        )

    def handle(self, *args, port, host, workers, **options):
        if workers < 1:
            raise CommandError("--workers 至少为 1")
        if not 0 < port < 65536:
            raise CommandError("--port 应在 1 到 65535 之间")
        run_server(host=host, port=port, workers=workers, stdout=self.stdout)
