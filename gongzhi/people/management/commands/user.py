"""gongzhi user: create a login, grant it a role over a territory node, list logins and roles."""

from __future__ import annotations

import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gongzhi.core.console import table
from gongzhi.core.errors import ApplicationError
from gongzhi.people.models import RoleAssignment, User
from gongzhi.people.roles import Role
from gongzhi.people.services import role_grant
from gongzhi.territory.models import Territory

ROLE_HELP = "、".join(f"{r.value}（{r.label}）" for r in Role)


def parse_role(value: str) -> str:
    """Accept a role by its code (grid_worker) or its Chinese name (网格员)."""
    for r in Role:
        if value in (r.value, str(r.label)):
            return r.value
    raise CommandError(f"未知角色「{value}」。可用角色：{ROLE_HELP}")


def find_territory(value: str) -> Territory:
    """Find a node by division code (12 digits, or 6/9 digits padded with zeros) or by id."""
    value = value.strip()
    node = Territory.objects.filter(division_code=value).first()
    if node is None and value.isdigit() and len(value) in (6, 9):
        node = Territory.objects.filter(division_code=value.ljust(12, "0")).first()
    if node is None and value.isdigit() and len(value) < 12:
        node = Territory.objects.filter(pk=int(value)).first()
    if node is None:
        raise CommandError(f"找不到辖区「{value}」：请给出区划代码（如 340302001000）或辖区 id。")
    return node


def describe(node: Territory) -> str:
    """Name a node so it can be told apart: units below a community carry their parent's name."""
    if node.division_code:
        return f"{node.name}（{node.division_code}）"
    if node.address and node.level in ("building", "household"):
        return f"{node.address}（id {node.pk}）"
    parent = node.get_parent()
    return f"{parent.name if parent else ''}{node.name}（id {node.pk}）"


# Django's Chinese catalogue lacks some of these; say them the same way everywhere.
PASSWORD_PROBLEMS = {
    "password_too_short": "至少 8 个字符",
    "password_too_common": "太常见，容易被猜到",
    "password_entirely_numeric": "不能全是数字",
    "password_too_similar": "与用户名或姓名太相似",
}


class Command(BaseCommand):
    help = "账号与角色：创建账号、授予角色、列出账号 / users and roles"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, title="子命令")
        create = sub.add_parser("create", help="创建账号（可同时授予角色）")
        create.add_argument("username", help="用户名")
        create.add_argument("--password", help="密码；不给时随机生成并显示一次")
        create.add_argument("--name", default="", help="姓名")
        create.add_argument("--role", action="append", default=[], help=f"角色，可重复：{ROLE_HELP}")
        create.add_argument(
            "--territory", action="append", default=[], help="角色所辖区划：区划代码或 id，与 --role 一一对应"
        )
        create.add_argument("--superuser", action="store_true", help="超级管理员（看得到全部辖区）")
        grant = sub.add_parser("grant", help="给已有账号授予角色")
        grant.add_argument("username")
        grant.add_argument("role", help=ROLE_HELP)
        grant.add_argument("territory", help="区划代码或 id")
        sub.add_parser("list", help="列出账号及其角色")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except ApplicationError as exc:
            raise CommandError(exc.message)

    def _create(self, *, username, password, name, role, territory, superuser, **_):
        if len(role) != len(territory):
            raise CommandError("每个 --role 都要跟一个 --territory（两者个数应相同）。")
        grants = [(parse_role(r), find_territory(t)) for r, t in zip(role, territory, strict=True)]
        if User.objects.filter(username=username).exists():
            raise CommandError(
                f"用户名「{username}」已存在；给它授予角色请用：gongzhi user grant {username} 角色 辖区"
            )
        generated = password is None
        if generated:
            password = secrets.token_urlsafe(9)
        user = User(username=username, display_name=name, is_superuser=superuser, is_staff=superuser)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            problems = [PASSWORD_PROBLEMS.get(e.code, e.messages[0]) for e in exc.error_list]
            raise CommandError("密码不符合要求：" + "；".join(problems) + "。")
        with transaction.atomic():
            user.set_password(password)
            user.save()
            for r, node in grants:
                role_grant(actor=None, user=user, role=r, territory=node)
        self.stdout.write(f"已创建账号 {username}。")
        if generated:
            self.stdout.write(f"初始密码（只显示这一次）：{password}")
        for r, node in grants:
            self.stdout.write(f"  角色：{Role(r).label} @ {describe(node)}")

    def _grant(self, *, username, role, territory, **_):
        r = parse_role(role)
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"账号「{username}」不存在。")
        node = find_territory(territory)
        role_grant(actor=None, user=user, role=r, territory=node)
        self.stdout.write(f"已授予 {username}：{Role(r).label} @ {describe(node)}")

    def _list(self, **_):
        roles: dict[int, list[str]] = {}
        for a in RoleAssignment.objects.select_related("territory").order_by(
            "user_id", "role", "territory__path"
        ):
            roles.setdefault(a.user_id, []).append(f"{a.get_role_display()} @ {describe(a.territory)}")
        rows = []
        for u in User.objects.order_by("username"):
            held = roles.get(u.pk) or (["超级管理员（全部）"] if u.is_superuser else ["（无角色）"])
            for i, text in enumerate(held):
                rows.append([u.username if i == 0 else "", (u.display_name or "") if i == 0 else "", text])
        if not rows:
            self.stdout.write("还没有账号。创建：gongzhi user create 用户名 --role 角色 --territory 区划代码")
            return
        self.stdout.write(table(["用户名", "姓名", "角色 @ 辖区"], rows))
