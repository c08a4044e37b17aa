"""gongzhi exchange key: issue keys to other departments' systems, list them, revoke them."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongzhi.core.console import table
from gongzhi.core.errors import ApplicationError
from gongzhi.exchange.models import DepartmentKey
from gongzhi.exchange.services import department_key_create, department_key_revoke


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


class Command(BaseCommand):
    help = "数据共享交换：部门密钥的发放、列出、吊销 / data exchange: department keys"

    def add_arguments(self, parser):
        nouns = parser.add_subparsers(dest="noun", required=True, title="对象")
        key = nouns.add_parser("key", help="部门密钥（Authorization: Api-Key <密钥>）")
        actions = key.add_subparsers(dest="action", required=True, title="子命令")
        create = actions.add_parser("create", help="发放新密钥（最后一行是密钥本身，只显示这一次）")
        create.add_argument("--department", required=True, help="部门名称，如「民政局」")
        create.add_argument(
            "--user", required=True, help="密钥代表的服务账号（用户名），以它的角色和辖区读写"
        )
        actions.add_parser("list", help="列出密钥（不显示密钥本身）")
        revoke = actions.add_parser("revoke", help="吊销密钥")
        revoke.add_argument("prefix", help="密钥前缀（list 中显示）")

    def handle(self, *args, noun, action, **options):
        try:
            getattr(self, f"_{noun}_{action}")(**options)
        except ApplicationError as exc:
            raise CommandError(exc.message)

    def _key_create(self, *, department, user, **_):
        key, raw = department_key_create(actor=None, department=department, username=user)
        self.stdout.write(
            f"已为「{key.department}」发放密钥（前缀 {key.prefix}，服务账号 {key.user.username}）。"
        )
        self.stdout.write(
            "请妥善保存，密钥只显示这一次；调用接口时放在请求头 Authorization: Api-Key <密钥>："
        )
        self.stdout.write(raw)

    def _key_list(self, **_):
        keys = DepartmentKey.objects.select_related("user").order_by("department", "created_at")
        rows = [
            [k.prefix, k.department, k.user.username, _when(k.created_at), _when(k.last_used_at)]
            + ["有效" if k.active else "已吊销 " + _when(k.revoked_at)]
            for k in keys
        ]
        if not rows:
            self.stdout.write(
                "还没有部门密钥。发放：gongzhi exchange key create --department 民政局 --user 账号"
            )
            return
        self.stdout.write(table(["前缀", "部门", "服务账号", "创建时间", "最近使用", "状态"], rows))

    def _key_revoke(self, *, prefix, **_):
        key = department_key_revoke(actor=None, prefix=prefix)
        self.stdout.write(
            f"已吊销「{key.department}」的密钥（前缀 {key.prefix}），吊销时间 {_when(key.revoked_at)}。"
        )
