"""From an indicator row and the figures contract to the scoring spec; what is wrong with an indicator."""

from __future__ import annotations

from decimal import Decimal

from gongzhi.assessment.models import Indicator, Rule, Source
from gongzhi.assessment.scoring import Spec
from gongzhi.core.errors import ValidationFailed
from gongzhi.core.figures import Definition, definitions


def indicator_problem(ind: Indicator, defs: dict[str, Definition] | None = None) -> str:
    """Say what keeps an indicator from being scored, or "" when nothing does."""
    defs = definitions() if defs is None else defs
    if ind.source == Source.FIGURE:
        if ind.figure_key not in defs:
            return f"指标「{ind.name}」引用的统计指标「{ind.figure_key or '（空）'}」不存在"
    elif ind.source != Source.MANUAL:
        return f"指标「{ind.name}」的来源只能是统计指标或人工评分"
    if ind.weight is None or ind.weight < 0:
        return f"指标「{ind.name}」的满分不能为负"
    if ind.rule == Rule.LINEAR and (ind.target is None or ind.floor is None or ind.target == ind.floor):
        return f"指标「{ind.name}」按线性计分，须填写不相等的目标值和底线值"
    if ind.rule == Rule.LINEAR:
        better = _higher_is_better(ind, defs)
        if (ind.target > ind.floor) != better:
            way = "高于" if better else "低于"
            return f"指标「{ind.name}」越{'高' if better else '低'}越好，目标值应{way}底线值"
    if ind.rule == Rule.THRESHOLDS:
        try:
            steps = [(float(v), float(p)) for v, p in ind.thresholds or []]
        except (TypeError, ValueError):
            steps = []
        if not steps:
            return f"指标「{ind.name}」按分档计分，请填写分档，如 [[95, 10], [90, 8]]"
    if ind.rule == Rule.VETO and ind.floor is None:
        return f"指标「{ind.name}」为一票否决，须填写底线值（否决线）"
    if ind.rule == Rule.DEDUCTION and not ind.per_unit:
        return f"指标「{ind.name}」为扣分项，须填写每单位扣分"
    if ind.rule not in Rule.values:
        return f"指标「{ind.name}」的计分规则「{ind.rule}」不认识"
    return ""


def _higher_is_better(ind: Indicator, defs: dict[str, Definition]) -> bool:
    d = defs.get(ind.figure_key) if ind.source == Source.FIGURE else None
    if d is not None and d.higher_is_better is not None:
        return d.higher_is_better
    return ind.higher_is_better


def spec_of(ind: Indicator, defs: dict[str, Definition] | None = None) -> Spec:
    """Return the scoring spec of an indicator, or refuse one that cannot be scored."""
    defs = definitions() if defs is None else defs
    if problem := indicator_problem(ind, defs):
        raise ValidationFailed(problem + "。请在后台修改方案后再运行。", code="bad_indicator")
    d = defs.get(ind.figure_key) if ind.source == Source.FIGURE else None
    return Spec(
        code=ind.code,
        name=ind.name,
        weight=Decimal(ind.weight),
        rule=ind.rule,
        target=ind.target,
        floor=ind.floor,
        thresholds=[(float(v), float(p)) for v, p in ind.thresholds or []],
        per_unit=ind.per_unit,
        higher_is_better=_higher_is_better(ind, defs),
        no_data_points=Decimal(ind.no_data_points),
        is_rate=bool(d and d.is_rate),
        unit=d.unit if d else "分",
        min_size=d.min_size if d else 0,
        manual=d is None,
    )
