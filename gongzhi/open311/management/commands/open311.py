"""gongzhi open311: issue API keys to client apps, list them, revoke them."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongzhi.core.console import table
from gongzhi.core.errors import ApplicationError
from gongzhi.open311.models import ApiKey
from gongzhi.open311.services import apikey_create, apikey_revoke


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "—"


class Command(BaseCommand):
    help = "Open311 接口的 API 密钥：发放、列出、吊销 / Open311 API keys"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, title="子命令")
        create = sub.add_parser("create-key", help="发放新密钥（最后一行是密钥本身，只显示这一次）")
        create.add_argument("name", help="密钥名称：使用它的客户端应用，如「蚌埠市民App」")
        sub.add_parser("list-keys", help="列出密钥（不显示密钥本身）")
        revoke = sub.add_parser("revoke-key", help="吊销密钥")
        revoke.add_argument("name_or_id", help="密钥名称或编号")

    def handle(self, *args, action, **options):
        try:
            getattr(self, "_" + action.replace("-", "_"))(**options)
        except ApplicationError as exc:
            raise CommandError(exc.message)

    def _create_key(self, *, name, **_):
        key, raw = apikey_create(actor=None, name=name)
        self.stdout.write(f"已发放密钥「{key.name}」（编号 {key.pk}，前缀 {key.prefix}）。")
        self.stdout.write("请妥善保存，密钥只显示这一次；提交诉求时以 api_key 参数传入：")
        self.stdout.write(raw)

    def _list_keys(self, **_):
        rows = [
            [k.pk, k.name, f"{k.prefix}…", _when(k.created_at), _when(k.last_used_at)]
            + ["已吊销 " + _when(k.revoked_at) if k.revoked_at else "有效"]
            for k in ApiKey.objects.order_by("pk")
        ]
        if not rows:
            self.stdout.write("还没有密钥。发放：gongzhi open311 create-key 名称")
            return
        self.stdout.write(table(["编号", "名称", "前缀", "创建时间", "最近使用", "状态"], rows))

    def _revoke_key(self, *, name_or_id, **_):
        key = apikey_revoke(actor=None, name_or_id=name_or_id)
        self.stdout.write(f"已吊销密钥「{key.name}」（编号 {key.pk}），吊销时间 {_when(key.revoked_at)}。")
