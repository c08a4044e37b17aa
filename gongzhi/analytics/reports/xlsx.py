"""Write a review as an Excel workbook, one sheet per section, numbers kept as numbers."""

from __future__ import annotations

from typing import BinaryIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from gongzhi.analytics.formatting import cell
from gongzhi.analytics.reports.build import TRENDS, Review, rank_text
from gongzhi.core.figures import Definition
from gongzhi.core.periods import TZ

SHEETS = ("概况", "各领域指标", "下级排名", "突出问题", "超期诉求")
BOLD = Font(bold=True)


def _unit(d: Definition) -> str:
    return "%" if d.is_rate else d.unit


def change_cell(d: Definition, change: float | None):
    """Return a change as a number: percentage points for rates, the unit's own for the rest."""
    if change is None:
        return None
    return round(change * 100, 2) if d.is_rate else change


def _sheet(wb: Workbook, title: str, headers: list[str], rows: list[list], widths: list[int]) -> None:
    ws = wb.create_sheet(title)
    ws.append(headers)
    for c in ws[1]:
        c.font = BOLD
    for row in rows:
        ws.append(row)
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = "A2"


def _overview(review: Review) -> list[list]:
    return [
        ["报告", review.title],
        ["辖区", review.node.name],
        ["层级", review.level],
        ["区划代码", review.node.division_code or ""],
        ["所属", " › ".join(review.trail)],
        ["统计期间", review.period.label],
        ["对比期间", review.previous.label],
        ["生成时间", review.generated_label],
        ["期间诉求量（件）", review.problems_total],
        ["当前超期未办结（件）", review.overdue_total],
    ]


def _figures(review: Review) -> list[list]:
    return [
        [
            a.provider.label,
            f.definition.label,
            _unit(f.definition),
            cell(f.definition, f.current),
            cell(f.definition, f.previous) if f.previous is not None else None,
            change_cell(f.definition, f.change),
            TRENDS.get(f.trend, ""),
            f.current.numerator,
            f.current.denominator,
            f.definition.definition,
        ]
        for a in review.areas
        for f in a.figures
    ]


def _ranking(review: Review) -> tuple[list[str], list[list]]:
    headers = [review.children_level or "下级辖区"]
    for d in review.ranked_on:
        headers += [f"{d.label}（{_unit(d)}）", f"{d.label}排名"]
    headers.append("样本数（已派单件数）")
    rows = []
    for r in review.ranking:
        row: list = [r.node.name]
        for d, v, rank in zip(review.ranked_on, r.values, r.ranks, strict=True):
            row += [cell(d, v), rank if rank is not None else rank_text(rank)]
        row.append(r.values[0].denominator if r.values else None)
        rows.append(row)
    return headers, rows


def write_xlsx(review: Review, target: str | BinaryIO) -> None:
    """Write the review to a path or a binary stream."""
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, SHEETS[0], ["项目", "内容"], _overview(review), [22, 60])
    _sheet(
        wb,
        SHEETS[1],
        ["领域", "指标", "单位", "本期", "上期", "变化（率为百分点）", "趋势", "分子", "分母", "口径"],
        _figures(review),
        [12, 18, 8, 12, 12, 18, 8, 10, 10, 60],
    )
    headers, rows = _ranking(review)
    _sheet(wb, SHEETS[2], headers, rows, [16] + [14] * (len(headers) - 1))
    _sheet(
        wb,
        SHEETS[3],
        ["排名", "问题类别", "件数", "占比（%）", "上期件数"],
        [[p.rank, p.category, p.count, round(p.share * 100, 2), p.previous] for p in review.problems],
        [8, 20, 10, 12, 12],
    )
    _sheet(
        wb,
        SHEETS[4],
        ["编号", "标题", "分类", "地点", "办理期限", "超期天数", "承办单位"],
        [
            [
                o.number,
                o.title,
                o.category,
                o.place,
                # Excel has no time zones: the deadline is written as Beijing wall-clock time.
                timezone.localtime(o.due_at, TZ).replace(tzinfo=None),
                o.overdue_days,
                o.handler,
            ]
            for o in review.overdue
        ],
        [10, 36, 12, 18, 18, 10, 24],
    )
    wb.save(target)
