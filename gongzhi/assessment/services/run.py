"""Run a scheme for one period: every result in one transaction, idempotent by an inputs fingerprint.

A subject whose inputs (scheme version, every figure's value, numerator and denominator, every
manual score, its name and node, its place among the bottom share) did not change keeps its
result untouched. A changed one gets a new version, computed again ("重新计算：输入有变化"),
the old version kept readable; corrections decided on appeal carry over to it.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gongzhi.assessment import workflow
from gongzhi.assessment.access import assessor_paths
from gongzhi.assessment.models import (
    Appeal,
    AssessmentRun,
    Indicator,
    ManualScore,
    Result,
    ResultEvent,
    ResultLine,
    Scheme,
    SchemeVersion,
    Source,
)
from gongzhi.assessment.readings import figures_for, manual_for
from gongzhi.assessment.scoring import Band, LineScore, Reading, add_up, bottom_of, grade_of, score_line
from gongzhi.assessment.specs import spec_of
from gongzhi.assessment.subjects import Subject, subjects_of
from gongzhi.assessment.workflow import AppealState, State
from gongzhi.core import workflow as engine
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.figures import definitions
from gongzhi.core.periods import Period, last_full, parse_period, today

FIRST = "首次计算"
CHANGED = "重新计算：输入有变化"


@dataclass
class RunOutcome:
    """What a run did: how many subjects it assessed, how many results changed, the count per grade."""

    scheme: str
    period: str
    assessed: int
    changed: int
    grades: dict[str, int] = field(default_factory=dict)
    version: int = 1
    seconds: float = 0.0

    @property
    def message(self) -> str:
        if self.changed == 0:
            return f"考核 {self.assessed} 个，输入均未变化，没有改写任何结果。"
        return f"考核 {self.assessed} 个，新增或更新 {self.changed} 个结果。"

    def as_json(self) -> dict:
        return {
            "scheme": self.scheme,
            "period": self.period,
            "assessed": self.assessed,
            "changed": self.changed,
            "grades": self.grades,
        }


@dataclass
class Computed:
    subject: Subject
    lines: list[tuple[Indicator, Reading, LineScore, ManualScore | None]]
    score: Decimal
    vetoed: bool
    fingerprint: str = ""
    bottom: bool = False


def scheme_get(*, code: str) -> Scheme:
    try:
        return Scheme.objects.get(code=(code or "").strip())
    except Scheme.DoesNotExist:
        known = "、".join(Scheme.objects.order_by("code").values_list("code", flat=True)) or "（尚无方案）"
        raise NotFound(f"考核方案「{code}」不存在。可用的方案：{known}。", code="unknown_scheme")


def current_version(scheme: Scheme) -> SchemeVersion:
    version = scheme.versions.order_by("-number").first()
    if version is None:
        raise ValidationFailed(f"方案「{scheme.name}」还没有版本，请先在后台添加指标和等级。")
    return version


def run_period(scheme: Scheme, period_key: str) -> Period:
    """Read the period a scheme runs for; it must be of the scheme's kind and over."""
    period = parse_period(period_key)
    if period.kind != scheme.period_kind:
        example = last_full(scheme.period_kind).key
        raise ValidationFailed(
            f"方案「{scheme.name}」按{scheme.get_period_kind_display()}考核，考核期请写成 {example} 这样。",
            code="bad_period",
        )
    if period.end > today():
        raise ValidationFailed(f"{period.label}尚未结束，结束后才能考评。", code="bad_period")
    return period


def scheme_run(*, actor, scheme_code: str, period_key: str) -> RunOutcome:
    """Compute every result of a scheme for a period that `actor` assesses (None: the platform, all)."""
    started = time.monotonic()
    scheme = scheme_get(code=scheme_code)
    period = run_period(scheme, period_key)
    paths = None if actor is None or actor.is_superuser else assessor_paths(actor)
    if paths is not None and not paths:
        raise PermissionDenied("只有街道、区县、市级考核人员可以运行考评。")
    version = current_version(scheme)
    indicators = list(version.indicators.order_by("order", "pk"))
    bands = [Band(g.code, g.label, g.min_score) for g in version.grades.all()]
    if not indicators or not bands:
        raise ValidationFailed(
            f"方案「{scheme.name}」第{version.number}版缺少指标或评定等级，请先在后台补齐。"
        )
    defs = definitions()
    specs = {i.pk: spec_of(i, defs) for i in indicators}
    subjects = subjects_of(scheme, paths=paths)
    if paths:  # staff assess the levels below them, not their own node
        subjects = [s for s in subjects if s.path not in paths]
    computed = _compute(scheme, version, period, indicators, specs, subjects)
    bottom = bottom_of({k: c.score for k, c in computed.items() if not c.vetoed}, version.bottom_share)
    for key, c in computed.items():
        c.bottom = key in bottom
        c.fingerprint = _fingerprint(version, c)
    with transaction.atomic():
        changed, grades = _write(actor, scheme, version, period, computed, bands)
        outcome = RunOutcome(
            scheme=scheme.code,
            period=period.key,
            assessed=len(computed),
            changed=changed,
            grades=grades,
            version=version.number,
            seconds=round(time.monotonic() - started, 2),
        )
        AssessmentRun.objects.create(
            scheme=scheme,
            version=version,
            period_key=period.key,
            actor=actor,
            assessed=outcome.assessed,
            changed=outcome.changed,
            grades=outcome.grades,
            seconds=outcome.seconds,
        )
    return outcome


def _compute(scheme, version, period, indicators, specs, subjects) -> dict[tuple, Computed]:
    keys = {i.figure_key for i in indicators if i.source == Source.FIGURE}
    values = figures_for(subjects, period=period, keys=keys)
    manuals = [i for i in indicators if i.source == Source.MANUAL]
    manual = manual_for(
        manuals, period_key=period.key, kind=scheme.subject_kind, subject_ids=[s.id for s in subjects]
    )
    out: dict[tuple, Computed] = {}
    for s in subjects:
        lines = []
        for ind in indicators:
            entry = None
            if ind.source == Source.FIGURE:
                v = values.get(s.territory_id, {}).get(ind.figure_key)
                reading = Reading(None) if v is None else Reading(v.value, v.numerator, v.denominator)
            else:
                entry = manual.get((ind.pk, s.id))
                reading = Reading(entry.value, note=entry.note) if entry else Reading(None)
            lines.append((ind, reading, score_line(specs[ind.pk], reading), entry))
        total = add_up([ln[2] for ln in lines])
        out[s.key] = Computed(s, lines, total.score, total.vetoed)
    return out


def _fingerprint(version: SchemeVersion, c: Computed) -> str:
    s = c.subject
    data = {
        "version": version.pk,
        "subject": [s.territory_id, s.name, s.post],
        "bottom": c.bottom,
        "inputs": [
            [ind.code, r.value, r.numerator, r.denominator, r.note, entry.evidence.name if entry else ""]
            for ind, r, _line, entry in c.lines
        ],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _corrections(scheme: Scheme, period_key: str) -> dict[tuple, dict[str, Appeal]]:
    """Return the corrections decided on appeal, by subject and line code (the latest wins)."""
    out: dict[tuple, dict[str, Appeal]] = {}
    rows = (
        Appeal.objects.filter(
            result__scheme=scheme, result__period_key=period_key, state=AppealState.CORRECTED
        )
        .select_related("result", "line")
        .order_by("decided_at", "pk")
    )
    for a in rows:
        out.setdefault((a.result.subject_kind, a.result.subject_id), {})[a.line.code] = a
    return out


def _write(actor, scheme, version, period, computed, bands) -> tuple[int, dict[str, int]]:
    existing = {
        (r.subject_kind, r.subject_id): r
        for r in Result.objects.select_for_update()
        .filter(scheme=scheme, period_key=period.key, current=True)
        .order_by("pk")
    }
    grades: dict[str, int] = {b.code: 0 for b in sorted(bands, key=lambda b: b.min_score, reverse=True)}
    stale, fresh = [], []
    for key, c in computed.items():
        old = existing.get(key)
        if old is not None and old.fingerprint == c.fingerprint:
            grades[old.grade] = grades.get(old.grade, 0) + 1
            continue
        if old is not None:
            stale.append(old)
        fresh.append((old, c))
    now = timezone.now()
    for old in stale:
        engine.check(workflow.TRANSITIONS, "recompute", state=old.state, roles=None)
    if stale:
        ResultEvent.objects.bulk_create(
            ResultEvent(
                result=o,
                actor=actor,
                action="recompute",
                from_state=o.state,
                to_state=State.SUPERSEDED,
                note=CHANGED,
                at=now,
            )
            for o in stale
        )
        Result.objects.filter(pk__in=[o.pk for o in stale]).update(current=False, state=State.SUPERSEDED)
        # An appeal against a result computed again is closed: the party appeals the new version if need be.
        Appeal.objects.filter(result__in=[o.pk for o in stale], state=AppealState.OPEN).update(
            state=AppealState.CLOSED,
            decided_at=now,
            decision="输入有变化，结果已重新计算；如有异议请对新结果申诉。",
        )
    corrections = _corrections(scheme, period.key) if stale else {}
    results, lines = [], []
    for old, c in fresh:
        s = c.subject
        fixes = corrections.get(s.key, {})
        rows = [_line(i, *parts, fixes.get(parts[0].code)) for i, parts in enumerate(c.lines)]
        score = sum((r.points for r in rows), Decimal("0.0"))
        vetoed = any(r.vetoed for r in rows)
        graded = grade_of(score, bands, vetoed=vetoed, bottom=c.bottom)
        grades[graded.grade] = grades.get(graded.grade, 0) + 1
        results.append(
            Result(
                scheme=scheme,
                version=version,
                period_key=period.key,
                subject_kind=s.kind,
                subject_id=s.id,
                territory_id=s.territory_id,
                subject_name=s.name[:100],
                subject_post=s.post[:100],
                number=old.number + 1 if old else 1,
                current=True,
                score=score,
                grade=graded.grade,
                grade_label=graded.label,
                vetoed=vetoed,
                bottom=c.bottom,
                state=State.COMPUTED,
                fingerprint=c.fingerprint,
                reason=CHANGED if old else FIRST,
                computed_at=now,
            )
        )
        lines.append(rows)
    Result.objects.bulk_create(results, batch_size=500)
    for r, rows in zip(results, lines, strict=True):
        for row in rows:
            row.result = r
    ResultLine.objects.bulk_create([row for rows in lines for row in rows], batch_size=1000)
    ResultEvent.objects.bulk_create(
        (
            ResultEvent(
                result=r, actor=actor, action="compute", to_state=State.COMPUTED, note=r.reason, at=now
            )
            for r in results
        ),
        batch_size=1000,
    )
    return len(fresh), grades


def _line(order, ind, reading, line, entry, fix: Appeal | None) -> ResultLine:
    row = ResultLine(
        indicator=ind,
        order=order,
        code=ind.code,
        name=ind.name,
        weight=ind.weight,
        source=ind.source,
        figure_key=ind.figure_key,
        rule=ind.rule,
        value=reading.value,
        numerator=reading.numerator,
        denominator=reading.denominator,
        points=line.points,
        vetoed=line.vetoed,
        explanation=line.explanation,
        evidence=entry,
    )
    if fix is not None and fix.corrected_points is not None:
        row.points, row.corrected, row.vetoed = fix.corrected_points, True, False
        row.explanation += f"经申诉复核更正为 {fix.corrected_points} 分：{fix.decision.rstrip('。')}。"
    return row
