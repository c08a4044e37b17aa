"""Turn one indicator's reading into points and a Chinese sentence that says why; no database.

A rate is compared in percent (a target of 95 means 95%). For a figure where lower is better
(超期件数, 办结时长) the target lies below the floor and "worse than the floor" means above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from gongzhi.assessment.models.scheme import Rule

TENTH = Decimal("0.1")


@dataclass(frozen=True)
class Spec:
    """What an indicator says, with what the figure's definition adds (label, unit, direction)."""

    code: str
    name: str
    weight: Decimal
    rule: str
    target: float | None = None
    floor: float | None = None
    thresholds: Sequence[Sequence[float]] = ()
    per_unit: float | None = None
    higher_is_better: bool = True
    no_data_points: Decimal = Decimal(0)
    is_rate: bool = False
    unit: str = "分"
    min_size: int = 0
    manual: bool = False


@dataclass(frozen=True)
class Reading:
    """The value read for one subject: a figure (with numerator and denominator) or a manual score."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""  # a manual score's evidence, quoted in the sentence


@dataclass(frozen=True)
class LineScore:
    points: Decimal
    explanation: str
    vetoed: bool = False
    no_data: bool = False


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    min_score: Decimal


@dataclass(frozen=True)
class Graded:
    grade: str
    label: str
    why: str = ""


@dataclass
class Outcome:
    """One subject's lines added up, graded."""

    lines: list[LineScore] = field(default_factory=list)
    score: Decimal = Decimal(0)
    vetoed: bool = False


def tenth(x: float | Decimal) -> Decimal:
    return Decimal(str(x)).quantize(TENTH, rounding=ROUND_HALF_UP)


def number(x: float | Decimal | None) -> str:
    """Write a number as a person would: 95, 93.1, 0.5 — no trailing zeros."""
    if x is None:
        return "—"
    d = Decimal(str(round(float(x), 2))).normalize()
    text = f"{d:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _points(x: Decimal) -> str:
    return number(x)


def measure(spec: Spec, reading: Reading) -> float | None:
    if reading.value is None:
        return None
    return float(reading.value) * 100 if spec.is_rate else float(reading.value)


def show(spec: Spec, m: float | None) -> str:
    """Write a measured value with its unit: 93.1%, 3 件, 12.5 小时."""
    if m is None:
        return "—"
    if spec.is_rate:
        return f"{number(round(m, 1))}%"
    return f"{number(m)} {spec.unit}".rstrip()


def _basis(spec: Spec, reading: Reading) -> str:
    if spec.is_rate and reading.numerator is not None and reading.denominator is not None:
        return f"（{number(reading.numerator)}/{number(reading.denominator)}）"
    return ""


def _worse(spec: Spec, m: float, bound: float) -> bool:
    return m < bound if spec.higher_is_better else m > bound


def _reached(spec: Spec, m: float, bound: float) -> bool:
    return m >= bound if spec.higher_is_better else m <= bound


def no_data(spec: Spec, reading: Reading) -> str:
    """Say why a reading cannot be scored, or "" when it can."""
    if reading.value is None:
        if spec.manual:
            return f"{spec.name}未录入人工评分"
        if reading.denominator == 0:
            return f"{spec.name}本期无统计样本"
        return f"{spec.name}本期无数据"
    if spec.min_size and reading.denominator is not None and reading.denominator < spec.min_size:
        return f"{spec.name}样本不足（{number(reading.denominator)}，少于 {spec.min_size}）"
    return ""


def score_line(spec: Spec, reading: Reading) -> LineScore:
    """Score one indicator for one subject and say why in one sentence."""
    full = f"满分 {_points(spec.weight)}"
    if why := no_data(spec, reading):
        if spec.rule == Rule.VETO:
            return LineScore(Decimal(spec.weight), f"{why}，不触发一票否决。", no_data=True)
        pts = min(tenth(spec.no_data_points), tenth(spec.weight))
        return LineScore(pts, f"{why}，按无数据规则得 {_points(pts)} 分（{full}）。", no_data=True)
    m = measure(spec, reading)
    assert m is not None
    head = f"{spec.name} {show(spec, m)}{_basis(spec, reading)}"
    line = RULES[spec.rule](spec, m, head, full)
    if reading.note:
        note = reading.note.rstrip("。；; ")
        line = LineScore(line.points, f"{line.explanation}评分依据：{note}。", line.vetoed)
    return line


def _linear(spec: Spec, m: float, head: str, full: str) -> LineScore:
    target, floor = spec.target, spec.floor
    if target is None or floor is None or target == floor:
        raise ValueError(f"指标「{spec.name}」按线性计分，须有不相等的目标值和底线值")
    t, f = show(spec, target), show(spec, floor)
    if _reached(spec, m, target):
        pts = tenth(spec.weight)
        return LineScore(pts, f"{head}，达到目标 {t}，得满分 {_points(pts)} 分。")
    if not _reached(spec, m, floor):
        side = "低于" if spec.higher_is_better else "高于"
        return LineScore(Decimal("0.0"), f"{head}，{side}底线 {f}，得 0 分（{full}）。")
    pts = tenth(Decimal(str(spec.weight)) * Decimal(str((m - floor) / (target - floor))))
    if spec.manual and floor == 0:
        return LineScore(pts, f"{head}（满分 {number(target)}），折合 {_points(pts)} 分（{full}）。")
    return LineScore(pts, f"{head}，介于底线 {f} 与目标 {t} 之间，按线性得 {_points(pts)} 分（{full}）。")


def _thresholds(spec: Spec, m: float, head: str, full: str) -> LineScore:
    steps = sorted(
        ((float(v), Decimal(str(p))) for v, p in spec.thresholds),
        key=lambda s: s[0],
        reverse=spec.higher_is_better,
    )
    if not steps:
        raise ValueError(f"指标「{spec.name}」按分档计分，须至少有一档")
    for bound, pts in steps:
        if _reached(spec, m, bound):
            pts = min(tenth(pts), tenth(spec.weight))
            return LineScore(pts, f"{head}，达到 {show(spec, bound)} 一档，得 {_points(pts)} 分（{full}）。")
    return LineScore(
        Decimal("0.0"), f"{head}，未达到最低一档 {show(spec, steps[-1][0])}，得 0 分（{full}）。"
    )


def _veto(spec: Spec, m: float, head: str, full: str) -> LineScore:
    if spec.floor is None:
        raise ValueError(f"指标「{spec.name}」为一票否决，须有底线值")
    bound = show(spec, spec.floor)
    if _worse(spec, m, spec.floor):
        side = "低于" if spec.higher_is_better else "超过"
        return LineScore(
            Decimal("0.0"), f"{head}，{side}底线 {bound}，一票否决：本期评为最低等级。", vetoed=True
        )
    pts = tenth(spec.weight)
    return LineScore(pts, f"{head}，未触及否决线 {bound}，不否决，得 {_points(pts)} 分（{full}）。")


def _deduction(spec: Spec, m: float, head: str, full: str) -> LineScore:
    if spec.per_unit is None:
        raise ValueError(f"指标「{spec.name}」为扣分项，须有每单位扣分")
    weight = tenth(spec.weight)
    off = min(weight, tenth(Decimal(str(spec.per_unit)) * Decimal(str(m))))
    pts = weight - off
    capped = "（扣满为止）" if off == weight and m * spec.per_unit > float(weight) else ""
    return LineScore(
        pts,
        f"{head}，每{spec.unit or '个'}扣 {number(spec.per_unit)} 分，扣 {_points(off)} 分{capped}，"
        f"得 {_points(pts)} 分（{full}）。",
    )


RULES = {
    Rule.LINEAR: _linear,
    Rule.THRESHOLDS: _thresholds,
    Rule.VETO: _veto,
    Rule.DEDUCTION: _deduction,
}


def add_up(lines: list[LineScore]) -> Outcome:
    return Outcome(
        lines=lines,
        score=sum((ln.points for ln in lines), Decimal("0.0")),
        vetoed=any(ln.vetoed for ln in lines),
    )


def grade_of(score: Decimal, bands: Sequence[Band], *, vetoed: bool = False, bottom: bool = False) -> Graded:
    """Return the band a score reaches; a veto or a place among the bottom share gives the lowest band."""
    ordered = sorted(bands, key=lambda b: b.min_score, reverse=True)
    if not ordered:
        raise ValueError("方案没有评定等级")
    lowest = ordered[-1]
    if vetoed:
        return Graded(lowest.code, lowest.label, f"触发一票否决，评为{lowest.label}")
    if bottom:
        return Graded(lowest.code, lowest.label, f"得分位列末位，按方案评为{lowest.label}")
    for b in ordered:
        if score >= b.min_score:
            return Graded(b.code, b.label)
    return Graded(lowest.code, lowest.label)


def bottom_of(scores: dict[tuple, Decimal], share: Decimal) -> set[tuple]:
    """Return the keys of the lowest-scoring `share` percent (rounded down), lowest first, ties by key."""
    n = int(len(scores) * Decimal(share) / 100)
    if n <= 0:
        return set()
    ranked = sorted(scores.items(), key=lambda kv: (kv[1], kv[0]))
    return {k for k, _ in ranked[:n]}
