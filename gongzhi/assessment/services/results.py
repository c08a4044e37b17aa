"""Writes to results: review, publish, appeal and its decision (uphold, or correct into a new version)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from gongzhi.assessment import workflow
from gongzhi.assessment.access import is_assessor, parties_of
from gongzhi.assessment.models import Appeal, Result, ResultEvent, ResultLine
from gongzhi.assessment.scoring import Band, grade_of
from gongzhi.assessment.selectors import result_visible
from gongzhi.assessment.workflow import AppealState, State
from gongzhi.core import workflow as engine
from gongzhi.core.errors import Conflict, NotFound, ValidationFailed
from gongzhi.territory.models import Territory, subtree_bounds

REQUIRED = {
    "reason": "请填写理由。",
    "line_id": "请选择申诉的指标。",
    "points": "请填写更正后的得分。",
}


def _locked(actor, result_id) -> Result:
    try:
        return (
            result_visible(actor=actor)
            .select_for_update(of=("self",))
            .select_related("territory", "scheme", "version")
            .get(pk=int(result_id))
        )
    except (Result.DoesNotExist, TypeError, ValueError):
        raise NotFound("考评结果未找到。")


def _parties(actor, result: Result) -> set[str]:
    return parties_of(
        actor,
        kind=result.subject_kind,
        subject_id=result.subject_id,
        territory_id=result.territory_id,
        path=result.territory.path,
    )


def result_transition(
    *,
    actor,
    result_id: int,
    action: str,
    reason: str = "",
    line_id: int | None = None,
    points=None,
) -> Result:
    """Take one step on a result; `correct` returns the new, corrected version."""
    reason = (reason or "").strip()
    with transaction.atomic():
        result = _locked(actor, result_id)
        parties = _parties(actor, result)
        t = engine.check(workflow.TRANSITIONS, action, state=result.state, roles=parties, subject=result)
        for name in t.requires:
            value = {"reason": reason, "line_id": line_id, "points": points}[name]
            if value in (None, ""):
                raise ValidationFailed(REQUIRED[name])
        if action == "correct":
            return _correct(actor, result, reason, points)
        extra: dict = {}

        def effects(_t) -> set[str]:
            if action == "publish":
                result.published_at = timezone.now()
                return {"published_at"}
            if action == "appeal":
                appeal = Appeal.objects.create(
                    result=result,
                    line=_line_of(result, line_id),
                    reason=reason,
                    appellant=actor,
                    created_at=timezone.now(),
                )
                extra["appeal"] = appeal.pk
                extra["line"] = appeal.line.code
            if action == "uphold":
                appeal = _open_appeal(result)
                _decide(appeal, actor, AppealState.UPHELD, reason)
                extra["appeal"] = appeal.pk
            return set()

        engine.apply(
            result,
            workflow.TRANSITIONS,
            action,
            actor=actor,
            roles=parties,
            record=ResultEvent,
            note=reason,
            extra=extra,
            effects=effects,
        )
    return result


def _line_of(result: Result, line_id) -> ResultLine:
    try:
        return result.lines.get(pk=int(line_id))
    except (ResultLine.DoesNotExist, TypeError, ValueError):
        raise NotFound("申诉的指标不属于这条考评结果。")


def _open_appeal(result: Result) -> Appeal:
    appeal = result.appeals.select_for_update().filter(state=AppealState.OPEN).order_by("-pk").first()
    if appeal is None:
        raise Conflict("这条考评结果没有待复核的申诉。")
    return appeal


def _decide(appeal: Appeal, actor, state: str, reason: str, points: Decimal | None = None) -> None:
    appeal.state, appeal.decided_by, appeal.decided_at = state, actor, timezone.now()
    appeal.decision, appeal.corrected_points = reason, points
    appeal.save(update_fields=["state", "decided_by", "decided_at", "decision", "corrected_points"])


def _points(raw, line: ResultLine) -> Decimal:
    try:
        value = Decimal(str(raw)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationFailed("更正后的得分须是数字，如 8.5。")
    if value < 0 or value > line.weight:
        raise ValidationFailed(f"「{line.name}」的得分须在 0 到 {line.weight} 之间。")
    return value


def _retire(result: Result) -> set[str]:
    result.current = False
    return {"current"}


def _correct(actor, old: Result, reason: str, raw_points) -> Result:
    """Supersede `old` and publish a new version with the appealed line corrected."""
    appeal = _open_appeal(old)
    line = appeal.line
    points = _points(raw_points, line)
    _decide(appeal, actor, AppealState.CORRECTED, reason, points)
    engine.apply(
        old,
        workflow.TRANSITIONS,
        "correct",
        actor=actor,
        roles=None,  # checked by the caller against the actor's parties
        record=ResultEvent,
        note=reason,
        extra={"appeal": appeal.pk, "line": line.code, "points": str(points)},
        effects=lambda _t: _retire(old),
    )
    lines = list(old.lines.order_by("order", "pk"))
    now = timezone.now()
    new = Result.objects.create(
        scheme=old.scheme,
        version=old.version,
        period_key=old.period_key,
        subject_kind=old.subject_kind,
        subject_id=old.subject_id,
        territory=old.territory,
        subject_name=old.subject_name,
        subject_post=old.subject_post,
        number=old.number + 1,
        current=True,
        score=old.score,
        grade=old.grade,
        grade_label=old.grade_label,
        vetoed=old.vetoed,
        bottom=old.bottom,
        state=State.PUBLISHED,
        fingerprint=old.fingerprint,  # the inputs did not change; a later run keeps this version
        reason=f"申诉更正：{line.name}由 {line.points} 分更正为 {points} 分。{reason}"[:300],
        computed_at=now,
        published_at=now,
    )
    copies = []
    for ln in lines:
        ln.pk, ln.result = None, new
        if ln.code == line.code:
            ln.points, ln.corrected, ln.vetoed = points, True, False
            ln.explanation += f"经申诉复核更正为 {points} 分：{reason.rstrip('。')}。"
        copies.append(ln)
    ResultLine.objects.bulk_create(copies)
    bands = [Band(g.code, g.label, g.min_score) for g in old.version.grades.all()]
    new.score = sum((ln.points for ln in copies), Decimal("0.0"))
    new.vetoed = any(ln.vetoed for ln in copies)
    graded = grade_of(new.score, bands, vetoed=new.vetoed, bottom=new.bottom)
    new.grade, new.grade_label = graded.grade, graded.label
    new.save(update_fields=["score", "vetoed", "grade", "grade_label"])
    appeal.corrected_result = new
    appeal.save(update_fields=["corrected_result"])
    ResultEvent.objects.create(
        result=new,
        actor=actor,
        action="correct",
        to_state=State.PUBLISHED,
        note=new.reason,
        extra={"appeal": appeal.pk, "replaces": old.pk},
        at=now,
    )
    return new


def results_bulk_transition(
    *, actor, scheme_code: str, period_key: str, action: str, note: str = "", node: Territory | None = None
) -> int:
    """Review or publish, at once, every result of a period that `actor` assesses (under `node`) and that is ready."""
    if action not in ("review", "publish"):
        raise ValidationFailed("批量操作只能是审核或公布。")
    t = workflow.TRANSITIONS[action]
    with transaction.atomic():
        rows = list(
            result_visible(actor=actor)
            .select_for_update(of=("self",))
            .select_related("territory")
            .filter(scheme__code=scheme_code, period_key=period_key, current=True, state__in=t.frm)
            .filter(territory__path__range=subtree_bounds(node.path) if node is not None else ("", "Z" * 255))
            .order_by("pk")
        )
        ready = [r for r in rows if is_assessor(actor, r.territory.path)]
        now = timezone.now()
        for r in ready:
            engine.check(workflow.TRANSITIONS, action, state=r.state, roles={workflow.ASSESSOR})
        ResultEvent.objects.bulk_create(
            ResultEvent(
                result=r, actor=actor, action=action, from_state=r.state, to_state=t.to, note=note, at=now
            )
            for r in ready
        )
        fields: dict = {"state": t.to}
        if action == "publish":
            fields["published_at"] = now
        Result.objects.filter(pk__in=[r.pk for r in ready]).update(**fields)
    return len(ready)
