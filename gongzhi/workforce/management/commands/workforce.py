"""gongzhi workforce: compute a year's pay, enrol a 红牌班, list staffing shortfalls and coverage gaps.

Each action prints a table for people, then one last line of JSON for scripts.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from gongzhi.core.errors import ApplicationError
from gongzhi.core.periods import last_full, today
from gongzhi.people.models import User
from gongzhi.territory.models import Territory
from gongzhi.workforce.selectors.pay import pay_figures
from gongzhi.workforce.selectors.postings import coverage, coverage_summary
from gongzhi.workforce.selectors.staffing import staffing_report
from gongzhi.workforce.services import pay_compute, red_card_class_enrol
from gongzhi.workforce.services.nodes import node_for
from gongzhi.workforce.workflow import PostingKind

SHOWN = 30


def _user(username: str | None) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"没有用户「{username}」/ no such user")
    return user


def _node_id(code: str | None) -> int | None:
    if not code:
        return None
    pk = Territory.objects.filter(division_code=code).values_list("pk", flat=True).first()
    if pk is None:
        raise CommandError(f"没有区划代码为「{code}」的辖区，请写 12 位区划代码 / no such division code")
    return pk


class Command(BaseCommand):
    help = (
        "队伍：核算报酬、红牌班编班、配备缺口、驻村覆盖 / workforce: pay, red-card class, staffing, coverage"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        p = sub.add_parser("pay", help="核算年度报酬（可重复运行，结果相同）/ compute a year's pay")
        p.add_argument("--year", type=int, default=today().year - 1, help="年度，默认上一年 / year")
        p = sub.add_parser("red-card", help="把半年内亮红牌的书记编入红牌班 / enrol red-card secretaries")
        p.add_argument("--period", default=last_full("half").key, help="半年，如 2026H1（默认上一个半年）")
        p = sub.add_parser("staffing", help="社区工作者配备缺口 / staffing shortfalls")
        p.add_argument("--year", type=int, default=today().year, help="年度 / year")
        sub.add_parser("coverage", help="驻村力量缺项 / villages missing cadres")
        for p in sub.choices.values():
            p.add_argument("--under", help="只处理此区划代码之下 / division code of the area")
            p.add_argument("--user", help="以此账号操作（只能处理其管辖范围）/ act as this user")

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, f"do_{action.replace('-', '_')}")(**options)
        except ApplicationError as exc:
            raise CommandError(exc.message)

    def _out(self, payload: dict) -> None:
        self.stdout.write(json.dumps(payload, ensure_ascii=False))

    def do_pay(self, *, year, under=None, user=None, **_):
        run = pay_compute(actor=_user(user), year=year, territory_id=_node_id(under))
        node = node_for(_user(user), _node_id(under))
        f = pay_figures(node=node, year=year)
        self.stdout.write(f"{'辖区':<20}{'人数':>8}{'合计(元)':>16}{'人均(元)':>14}")
        for child in node.get_children().order_by("path")[:SHOWN]:
            c = pay_figures(node=child, year=year)
            if c.workers:
                self.stdout.write(f"{child.name:<20}{c.workers:>8}{c.total:>16,.2f}{c.average:>14,.2f}")
        self.stdout.write(
            f"{'合计 ' + node.name:<20}{f.workers:>8}{f.total:>16,.2f}{(f.average or 0):>14,.2f}"
        )
        if run.without_result:
            self.stdout.write(f"其中 {len(run.without_result)} 人尚无公布的考核等次，绩效报酬暂按 0 计")
        self._out(run.as_dict())

    def do_red_card(self, *, period, under=None, user=None, **_):
        done = red_card_class_enrol(actor=_user(user), period_key=period, territory_id=_node_id(under))
        self.stdout.write(f"{done.course.name}：新编入 {done.enrolled} 人，此前已编入 {done.already} 人")
        self._out(
            {
                "course_id": done.course.pk,
                "period": period,
                "enrolled": done.enrolled,
                "already": done.already,
            }
        )

    def do_staffing(self, *, year, under=None, user=None, **_):
        node = node_for(_user(user), _node_id(under))
        report = staffing_report(node=node, year=year)
        self.stdout.write(f"{'社区':<24}{'社区工作者':>8}{'城镇常住人口':>10}{'应配':>6}{'缺口':>6}")
        for c in report.short[:SHOWN]:
            estimate = "（估算）" if c.estimated else ""
            self.stdout.write(
                f"{c.node.name:<24}{c.workers:>8}{c.population:>10}{estimate}{c.required:>6}{c.shortfall:>6}"
            )
        t = report.total
        self._out(
            {
                "year": year,
                "territory": node.name,
                "communities": t.communities,
                "workers": t.workers,
                "population": t.population,
                "ratio_per_10k": t.ratio,
                "short_communities": t.short_communities,
                "shortfall": t.community_shortfall,
            }
        )

    def do_coverage(self, *, under=None, user=None, **_):
        node = node_for(_user(user), _node_id(under))
        rows = coverage(node=node, day=today())
        summary = coverage_summary(rows)
        labels = dict(PostingKind.choices)
        for kind in labels:
            covered, expected = summary.share(kind)
            self.stdout.write(f"{str(labels[kind]):<12}{covered:>6} / {expected:<6}")
        self._out(
            {kind: dict(zip(("covered", "expected"), summary.share(kind), strict=True)) for kind in labels}
        )
