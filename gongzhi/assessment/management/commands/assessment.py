"""gongzhi assessment list | run --scheme CODE --period P"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from gongzhi.assessment.selectors import periods_with_results, scheme_list
from gongzhi.assessment.services import scheme_run
from gongzhi.core.errors import ApplicationError
from gongzhi.people.models import User


class Command(BaseCommand):
    help = "考评：列出考核方案、运行一期考评 / assessment: list schemes, run one period"

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, title="子命令")
        actions.add_parser("list", help="每个方案一行：代码、名称、已有结果的考核期")
        run = actions.add_parser("run", help="计算一个方案一期的全部结果（可重复运行，输入未变则不改写）")
        run.add_argument("--scheme", required=True, help="方案代码，如 branch-five-star（见 list）")
        run.add_argument("--period", required=True, help="考核期：年度写 2025，半年写 2025H1")
        run.add_argument("--as", dest="username", help="以此账号的身份运行（只算其考核范围）；不填为全部")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except ApplicationError as exc:
            raise CommandError(exc.message)

    def _list(self, **_):
        periods = periods_with_results()
        schemes = list(scheme_list())
        if not schemes:
            self.stdout.write("还没有考核方案。请在后台「考评 › 考核方案」中添加，或运行演示：gongzhi demo")
            return
        width = max(len(s.code) for s in schemes)
        for s in schemes:
            keys = " ".join(periods.get(s.pk, [])) or "（尚无结果）"
            self.stdout.write(f"{s.code:<{width}}  {s.name}  {keys}")

    def _run(self, *, scheme, period, username=None, **_):
        actor = None
        if username:
            actor = User.objects.filter(username=username, is_active=True).first()
            if actor is None:
                raise CommandError(f"账号「{username}」不存在或已停用，请检查 --as。")
        outcome = scheme_run(actor=actor, scheme_code=scheme, period_key=period)
        self.stdout.write(f"{outcome.scheme} {outcome.period}（第{outcome.version}版）：{outcome.message}")
        self.stdout.write(f"用时 {outcome.seconds:.2f} 秒")
        self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False))
