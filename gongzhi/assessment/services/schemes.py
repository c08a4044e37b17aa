"""Writes to schemes: a frozen version is never changed, an edit makes the next version; manual scores."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongzhi.assessment.access import is_assessor
from gongzhi.assessment.models import Grade, Indicator, ManualScore, Scheme, SchemeVersion, Source
from gongzhi.assessment.selectors import version_frozen
from gongzhi.assessment.services.run import scheme_get
from gongzhi.assessment.subjects import subject_get
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.periods import parse_period
from gongzhi.people.scope import in_scope


def scheme_version_next(*, actor, scheme: Scheme, note: str = "") -> SchemeVersion:
    """Copy the scheme's current version, indicators and grades into a new version and return it."""
    with transaction.atomic():
        Scheme.objects.select_for_update().filter(pk=scheme.pk).first()
        current = scheme.versions.order_by("-number").first()
        number = (current.number if current else 0) + 1
        version = SchemeVersion.objects.create(
            scheme=scheme,
            number=number,
            note=note or (f"由第{current.number}版修订" if current else "初版"),
            bottom_share=current.bottom_share if current else 0,
            created_by=actor,
        )
        if current is not None:
            indicators = list(current.indicators.all())
            for i in indicators:
                i.pk, i.version = None, version
            Indicator.objects.bulk_create(indicators)
            grades = list(current.grades.all())
            for g in grades:
                g.pk, g.version = None, version
            Grade.objects.bulk_create(grades)
    return version


def scheme_editable_version(*, actor, scheme: Scheme) -> tuple[SchemeVersion, str]:
    """Return the version edits go to: the current one, or a new one when results use it (and say so)."""
    current = scheme.versions.order_by("-number").first()
    if current is None:
        return scheme_version_next(actor=actor, scheme=scheme, note="初版"), ""
    if not version_frozen(version=current):
        return current, ""
    new = scheme_version_next(actor=actor, scheme=scheme)
    return new, (
        f"方案「{scheme.name}」第{current.number}版已有考评结果，不能直接修改；"
        f"已另存为第{new.number}版，之后的运行按第{new.number}版计算。"
    )


def manual_score_enter(
    *,
    actor,
    scheme_code: str,
    indicator_code: str,
    period_key: str,
    subject_id: int,
    value: float,
    note: str,
    evidence=None,
) -> ManualScore:
    """Enter (or replace) an assessor's score for a manual indicator, subject and period, with its evidence."""
    scheme = scheme_get(code=scheme_code)
    version = scheme.versions.order_by("-number").first()
    indicator = version and version.indicators.filter(code=indicator_code, source=Source.MANUAL).first()
    if indicator is None:
        raise NotFound(f"方案「{scheme.name}」当前版本没有人工评分指标「{indicator_code}」。")
    period = parse_period(period_key)
    if period.kind != scheme.period_kind:
        raise ValidationFailed(f"方案「{scheme.name}」按{scheme.get_period_kind_display()}考核，考核期不对。")
    subject = subject_get(scheme=scheme, subject_id=subject_id)
    if subject is None or not in_scope(actor, subject.path):
        raise NotFound("考核对象未找到。")
    note = (note or "").strip()
    if not note:
        raise ValidationFailed("请填写评分依据（说明或佐证材料的内容）。")
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValidationFailed("评分须是数字。")
    if not 0 <= value <= 1000:
        raise ValidationFailed("评分须在 0 到 1000 之间。")
    if not is_assessor(actor, subject.path):
        raise PermissionDenied("只有上级考核人员可以录入人工评分。")
    if evidence is not None:
        _check_evidence(evidence)
    with transaction.atomic():
        score, _created = ManualScore.objects.select_for_update().get_or_create(
            indicator=indicator,
            period_key=period.key,
            subject_kind=scheme.subject_kind,
            subject_id=subject.id,
            defaults={
                "territory_id": subject.territory_id,
                "value": value,
                "note": note,
                "entered_by": actor,
            },
        )
        score.value, score.note, score.entered_by, score.entered_at = value, note, actor, timezone.now()
        score.territory_id = subject.territory_id
        fields = ["value", "note", "entered_by", "entered_at", "territory"]
        if evidence is not None:
            score.evidence = evidence
            fields.append("evidence")
        score.save(update_fields=fields)
    return score


EVIDENCE_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".txt")
EVIDENCE_MAX = 10 * 1024 * 1024


def _check_evidence(upload) -> None:
    name = (getattr(upload, "name", "") or "").lower()
    if not name.endswith(EVIDENCE_TYPES):
        raise ValidationFailed("佐证材料只能是 PDF、图片、Word、Excel 或文本文件。")
    if (getattr(upload, "size", 0) or 0) > EVIDENCE_MAX:
        raise ValidationFailed("佐证材料不能超过 10 MB。")
