"""The stars of a branch and its secretary's latest card, on the branch's page in the registry (people)."""

from __future__ import annotations

from django.urls import reverse

from gongzhi.assessment.models import Result
from gongzhi.assessment.schemes import BRANCH_FIVE_STAR, SECRETARY_CARD, SubjectKind
from gongzhi.assessment.selectors import result_visible
from gongzhi.core.periods import parse_period
from gongzhi.people.badges import Badge
from gongzhi.people.models import PartyOrg


def _latest(qs, code: str) -> Result | None:
    rows = list(qs.filter(scheme__code=code).only("pk", "period_key", "grade", "grade_label", "score"))
    return max(rows, key=lambda r: parse_period(r.period_key).start) if rows else None


def org_badges(*, obj, user) -> list[Badge]:
    """Return the latest five-star rating and card of a party organisation that the viewer may see."""
    if not isinstance(obj, PartyOrg):
        return []
    qs = result_visible(actor=user).filter(
        subject_id=obj.pk, subject_kind__in=[SubjectKind.BRANCH, SubjectKind.SECRETARY], current=True
    )
    out = []
    if stars := _latest(qs, BRANCH_FIVE_STAR):
        n = int(stars.grade) if stars.grade.isdigit() else 0
        out.append(
            Badge(
                "党支部五星",
                f"{'★' * n}{'☆' * (5 - n)} {stars.grade_label}（{parse_period(stars.period_key).label}，{stars.score} 分）",
                reverse("assessment:result", args=[stars.pk]),
            )
        )
    if card := _latest(qs, SECRETARY_CARD):
        out.append(
            Badge(
                "书记亮牌",
                f"{card.grade_label}（{parse_period(card.period_key).label}，{card.score} 分）",
                reverse("assessment:result", args=[card.pk]),
            )
        )
    return out
