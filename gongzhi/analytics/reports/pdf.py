"""Write a review as a printable A4 PDF, in reportlab's built-in Chinese font (no font file needed)."""

from __future__ import annotations

from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gongzhi.analytics.formatting import show, show_change
from gongzhi.analytics.reports.build import NOT_RANKED, TRENDS, Review, local_time, rank_text
from gongzhi.core.figures import RATE, Definition

FONT = "STSong-Light"  # a CID font every PDF reader carries: Chinese without embedding a font file
MARGIN = 16 * mm
WIDTH = A4[0] - 2 * MARGIN
HEAD = colors.HexColor("#e8eef5")
AREA = colors.HexColor("#f5f5f5")
GRID = colors.HexColor("#9aa5b1")
TREND_COLOURS = {"better": "#1a7f37", "worse": "#c62828"}
# Characters the font's GB character set lacks (a reader shows a box): their nearest GB look-alikes.
GB_SAFE = str.maketrans({"−": "-", "›": "/", "·": "・", "•": "・", "–": "-"})


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    base = ParagraphStyle("base", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", base, fontSize=18, leading=24, alignment=TA_CENTER),
        "subtitle": ParagraphStyle("subtitle", base, fontSize=11, leading=16, alignment=TA_CENTER),
        "h2": ParagraphStyle("h2", base, fontSize=12.5, leading=18, spaceBefore=10, spaceAfter=4),
        "cell": base,
        "note": ParagraphStyle("note", base, fontSize=8, leading=11, textColor=colors.HexColor("#555555")),
    }


class _NumberedCanvas(Canvas):
    """Hold each page until the end so that its footer can say how many pages there are."""

    footer = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):  # noqa: N802  (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(_font(), 8)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawString(MARGIN, 9 * mm, _gb(self.footer))
            self.drawRightString(A4[0] - MARGIN, 9 * mm, f"第 {number} 页 / 共 {total} 页")
            super().showPage()
        super().save()


def _gb(text) -> str:
    return str(text).translate(GB_SAFE)


def _p(text, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(_gb(text)), style)


def _table(rows: list[list], widths: list[float], *, numeric_from: int = 1, extra=()) -> Table:
    rows = [[_gb(c) if isinstance(c, str) else c for c in row] for row in rows]
    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), _font(), 9),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                *extra,
            ]
        )
    )
    return t


def _trend(text: str, trend: str, style: ParagraphStyle) -> Paragraph:
    colour = TREND_COLOURS.get(trend)
    body = escape(_gb(text))
    return Paragraph(f'<font color="{colour}">{body}</font>' if colour else body, style)


def _figures(review: Review, s) -> Table:
    rows: list[list] = [["指标", "本期", "上期", "变化", "趋势"]]
    extra = []
    for a in review.areas:
        extra += [
            ("SPAN", (0, len(rows)), (-1, len(rows))),
            ("BACKGROUND", (0, len(rows)), (-1, len(rows)), AREA),
            ("ALIGN", (0, len(rows)), (-1, len(rows)), "LEFT"),
        ]
        rows.append([_p(a.provider.label, s["cell"]), "", "", "", ""])
        for f in a.figures:
            d = f.definition
            previous = show(d, f.previous) if f.previous is not None else "—"
            rows.append(
                [
                    _p(_label(d), s["cell"]),
                    show(d, f.current),
                    previous,
                    _trend(show_change(d, f.change), f.trend, s["cell"]),
                    _trend(TRENDS.get(f.trend, ""), f.trend, s["cell"]),
                ]
            )
    return _table(rows, [WIDTH * w for w in (0.36, 0.15, 0.15, 0.22, 0.12)], extra=extra)


def _label(d: Definition) -> str:
    return d.label if d.unit == RATE else f"{d.label}（{d.unit}）"


def _ranking(review: Review, s) -> list:
    if not review.ranking:
        return [_p("本级没有可排名的下级辖区。", s["note"])]
    head = [review.children_level or "下级辖区"]
    for d in review.ranked_on:
        head += [d.label, "排名"]
    rows: list[list] = [head]
    for r in review.ranking:
        row: list = [_p(r.node.name, s["cell"])]
        for d, v, rank in zip(review.ranked_on, r.values, r.ranks, strict=True):
            row += [show(d, v), rank_text(rank)]
        rows.append(row)
    share = 0.64 / max(1, 2 * len(review.ranked_on))
    widths = [WIDTH * 0.36] + [WIDTH * share] * (len(head) - 1)
    sizes = "、".join(f"{d.label}样本少于 {d.min_size} 件" for d in review.ranked_on if d.min_size)
    note = f"{sizes}或没有数据的单位标为「{NOT_RANKED}」，排在最后。" if sizes else ""
    return [_table(rows, widths), Spacer(1, 2), _p(note, s["note"])]


def _problems(review: Review, s) -> list:
    if not review.problems:
        return [_p("本期没有诉求。", s["note"])]
    rows: list[list] = [["排名", "问题类别", "件数", "占比", "上期件数"]]
    for p in review.problems:
        rows.append(
            [
                str(p.rank),
                _p(p.category, s["cell"]),
                f"{p.count:,}",
                f"{p.share * 100:.1f}%",
                f"{p.previous:,}",
            ]
        )
    widths = [WIDTH * w for w in (0.1, 0.42, 0.16, 0.16, 0.16)]
    note = f"本期共 {review.problems_total:,} 件诉求（合并的重复件、不予受理的不计）。"
    return [_table(rows, widths, numeric_from=2), Spacer(1, 2), _p(note, s["note"])]


def _overdue(review: Review, s) -> list:
    if not review.overdue:
        return [_p("没有超期未办结的诉求。", s["note"])]
    rows: list[list] = [["编号", "标题", "地点", "办理期限", "超期（天）", "承办单位"]]
    for o in review.overdue:
        rows.append(
            [
                str(o.number),
                _p(o.title, s["cell"]),
                _p(o.place, s["cell"]),
                local_time(o.due_at),
                f"{o.overdue_days:g}",
                _p(o.handler, s["cell"]),
            ]
        )
    widths = [WIDTH * w for w in (0.09, 0.3, 0.15, 0.18, 0.1, 0.18)]
    extra = [("ALIGN", (1, 1), (3, -1), "LEFT"), ("ALIGN", (5, 1), (5, -1), "LEFT")]
    out: list = [_table(rows, widths, extra=extra)]
    if review.overdue_total > len(review.overdue):
        out += [Spacer(1, 2), _p(f"仅列出最早到期的 {len(review.overdue)} 件。", s["note"])]
    return out


def write_pdf(review: Review, target: str | BinaryIO) -> None:
    """Write the review to a path or a binary stream as A4 portrait pages."""
    s = _styles()
    doc = SimpleDocTemplate(
        target,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=f"{review.title} {review.period.label}",
        author="gongzhi",
    )
    meta = _table(
        [
            ["辖区", _p(" / ".join(review.trail), s["cell"])],
            ["统计期间", review.period.label],
            ["对比期间", review.previous.label],
            ["生成时间", f"{review.generated_label}（北京时间）"],
        ],
        [WIDTH * 0.18, WIDTH * 0.82],
        extra=[
            ("BACKGROUND", (1, 0), (1, 0), colors.white),
            ("BACKGROUND", (0, 0), (0, -1), HEAD),
            ("ALIGN", (1, 0), (-1, -1), "LEFT"),
        ],
    )
    story = [
        _p(f"{review.node.name}{review.kind.name}", s["title"]),
        _p(f"{review.kind.meeting}\u3000{review.period.label}", s["subtitle"]),
        Spacer(1, 6),
        meta,
        _p("一、各领域指标（与上一期比较）", s["h2"]),
        _figures(review, s),
        KeepTogether([_p("二、下级排名（赛马得分、办结率）", s["h2"]), *_ranking(review, s)]),
        KeepTogether([_p(f"三、突出问题（{review.kind.problems}）", s["h2"]), *_problems(review, s)]),
        _p(f"四、超期未办结诉求（截至 {review.generated_label}，共 {review.overdue_total:,} 件）", s["h2"]),
        *_overdue(review, s),
    ]
    footer = f"{review.node.name}{review.kind.name}\u3000{review.period.label}"
    canvasmaker = type("ReviewCanvas", (_NumberedCanvas,), {"footer": footer})
    doc.build(story, canvasmaker=canvasmaker)
