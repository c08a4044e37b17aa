"""十佳书记评选: candidates from the card scores, nominations, one vote per member per candidate, the count."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from gongzhi.assessment import workflow
from gongzhi.assessment.access import ASSESSOR_ROLES
from gongzhi.assessment.models import (
    Candidate,
    CommitteeMember,
    Nomination,
    Result,
    Selection,
    SelectionEvent,
    Vote,
)
from gongzhi.assessment.schemes import SECRETARY_CARD, Card, SubjectKind
from gongzhi.assessment.services.run import scheme_get
from gongzhi.assessment.workflow import SelectionState
from gongzhi.core import workflow as engine
from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.periods import parse_period
from gongzhi.people.models import User
from gongzhi.people.scope import roles_at
from gongzhi.territory.models import Territory, subtree_bounds

CANDIDATES = 30  # the top scorers who stand; the committee picks `seats` of them


def _organiser(actor, node: Territory) -> bool:
    return getattr(actor, "is_superuser", False) or bool(roles_at(actor, node.path) & ASSESSOR_ROLES)


def selection_create(
    *,
    actor,
    territory_id: int,
    year: str,
    scheme_code: str = SECRETARY_CARD,
    seats: int = 10,
    candidates: int = CANDIDATES,
    name: str = "",
) -> Selection:
    """Open a year's selection over a territory; the top scorers of the scheme's results stand."""
    node = Territory.objects.filter(pk=territory_id).first()
    if node is None or not _organiser(actor, node):
        raise NotFound("辖区未找到。")
    period = parse_period(year)
    if period.kind != "year":
        raise ValidationFailed("十佳评选按年度进行，请写年份，如 2025。")
    scheme = scheme_get(code=scheme_code)
    if scheme.subject_kind != SubjectKind.SECRETARY:
        raise ValidationFailed("十佳书记评选须依据书记的考核方案。")
    if seats < 1 or candidates < seats:
        raise ValidationFailed("候选人数不能少于评选名额。")
    keys = [period.key] if scheme.period_kind == "year" else [f"{period.key}H1", f"{period.key}H2"]
    rows = Result.objects.filter(
        scheme=scheme, period_key__in=keys, current=True, territory__path__range=subtree_bounds(node.path)
    ).values_list("subject_id", "territory_id", "subject_name", "subject_post", "score", "grade")
    scores: dict[int, list] = defaultdict(list)
    facts: dict[int, tuple] = {}
    for subject_id, territory, subject_name, post, score, grade in rows:
        scores[subject_id].append((score, grade))
        facts[subject_id] = (territory, subject_name, post)
    # A red card in the year rules a secretary out; the rest stand by their mean score.
    means = {
        sid: sum((s for s, _g in v), Decimal(0)) / len(v)
        for sid, v in scores.items()
        if all(g != Card.RED for _s, g in v)
    }
    if not means:
        raise ValidationFailed(f"{period.label}在该辖区还没有「{scheme.name}」的考评结果，无法产生候选人。")
    ranked = sorted(means.items(), key=lambda kv: (-kv[1], facts[kv[0]][1], kv[0]))[:candidates]
    with transaction.atomic():
        try:
            selection = Selection.objects.create(
                name=name or f"{period.label}{node.name}十佳书记评选",
                period_key=period.key,
                territory=node,
                scheme=scheme,
                seats=seats,
                created_at=timezone.now(),
            )
        except IntegrityError:
            raise Conflict(f"{node.name}{period.label}的评选已经存在。")
        Candidate.objects.bulk_create(
            Candidate(
                selection=selection,
                subject_id=sid,
                territory_id=facts[sid][0],
                name=facts[sid][1],
                post=facts[sid][2],
                score=mean.quantize(Decimal("0.1")),
                rank=i,
            )
            for i, (sid, mean) in enumerate(ranked, start=1)
        )
        SelectionEvent.objects.create(
            selection=selection,
            actor=actor,
            action="create",
            to_state=selection.state,
            note=f"候选人 {len(ranked)} 名",
            at=timezone.now(),
        )
    return selection


def _selection(actor, selection_id, *, lock: bool = False) -> Selection:
    qs = Selection.objects.select_related("territory")
    if lock:
        qs = qs.select_for_update(of=("self",))
    selection = qs.filter(pk=selection_id).first() if str(selection_id).isdigit() else None
    if selection is None or not (_organiser(actor, selection.territory) or _member(actor, selection)):
        raise NotFound("评选未找到。")
    return selection


def _member(actor, selection: Selection) -> CommitteeMember | None:
    if not getattr(actor, "is_authenticated", False):
        return None
    return CommitteeMember.objects.filter(selection=selection, user=actor).first()


def selection_add_members(*, actor, selection_id: int, user_ids: list[int]) -> int:
    """Seat committee members (评审委员) on a selection still open to nominations."""
    with transaction.atomic():
        selection = _selection(actor, selection_id, lock=True)
        if not _organiser(actor, selection.territory):
            raise PermissionDenied("只有组织评选的考核人员可以确定评审委员。")
        if selection.state != SelectionState.NOMINATING:
            raise Conflict("投票已经开始，不能再调整评审委员。")
        users = list(User.objects.filter(pk__in=user_ids, is_active=True))
        if len(users) != len(set(user_ids)):
            raise NotFound("有的委员账号不存在。")
        have = set(selection.members.values_list("user_id", flat=True))
        CommitteeMember.objects.bulk_create(
            CommitteeMember(selection=selection, user=u) for u in users if u.pk not in have
        )
    return len([u for u in users if u.pk not in have])


def selection_nominate(*, actor, candidate_id: int, reason: str) -> Nomination:
    """Put a candidate forward with a reason (a member or an organiser, once per candidate)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("请填写提名理由。")
    with transaction.atomic():
        candidate = Candidate.objects.select_related("selection").filter(pk=candidate_id).first()
        if candidate is None:
            raise NotFound("候选人未找到。")
        selection = _selection(actor, candidate.selection_id, lock=True)
        if selection.state != SelectionState.NOMINATING:
            raise Conflict("提名已经结束。")
        try:
            with transaction.atomic():
                return Nomination.objects.create(
                    candidate=candidate, nominator=actor, reason=reason, at=timezone.now()
                )
        except IntegrityError:
            raise Conflict("您已经提名过这位候选人。")


def selection_vote(*, actor, candidate_id: int) -> Vote:
    """Cast one member's vote for one candidate; a member votes for at most as many as there are seats."""
    with transaction.atomic():
        candidate = Candidate.objects.filter(pk=candidate_id).first()
        if candidate is None:
            raise NotFound("候选人未找到。")
        selection = _selection(actor, candidate.selection_id, lock=True)
        member = _member(actor, selection)
        if member is None:
            raise PermissionDenied("只有评审委员可以投票。")
        if selection.state != SelectionState.VOTING:
            raise Conflict("现在不是投票阶段。")
        if member.votes.count() >= selection.seats:
            raise Conflict(f"每位委员最多投 {selection.seats} 票，您的票已投完。")
        try:
            with transaction.atomic():
                return Vote.objects.create(candidate=candidate, member=member, at=timezone.now())
        except IntegrityError:
            raise Conflict("您已经给这位候选人投过票。")


def selection_transition(*, actor, selection_id: int, action: str, note: str = "") -> Selection:
    """Open the vote, or count it and publish the ten (ties broken by score, then by rank)."""
    with transaction.atomic():
        selection = _selection(actor, selection_id, lock=True)
        roles = {workflow.ASSESSOR} if _organiser(actor, selection.territory) else set()

        def effects(_t) -> tuple[set[str], dict]:
            if action == "open_vote" and not selection.members.exists():
                raise ValidationFailed("请先确定评审委员。")
            if action != "publish":
                return set(), {}
            selected = count_votes(selection)
            selection.published_at = timezone.now()
            return {"published_at"}, {"selected": selected}

        engine.apply(
            selection,
            workflow.SELECTION_TRANSITIONS,
            action,
            actor=actor,
            roles=roles,
            record=SelectionEvent,
            note=note,
            effects=effects,
        )
    return selection


def count_votes(selection: Selection) -> list[int]:
    """Write each candidate's votes and mark the `seats` with most votes as selected; return their ids."""
    votes = dict(
        Vote.objects.filter(candidate__selection=selection)
        .values_list("candidate_id")
        .annotate(n=Count("pk"))
        .values_list("candidate_id", "n")
    )
    candidates = list(selection.candidates.order_by("rank"))
    ranked = sorted(candidates, key=lambda c: (-votes.get(c.pk, 0), -c.score, c.rank))
    chosen = {c.pk for c in ranked[: selection.seats] if votes.get(c.pk, 0) > 0}
    for c in candidates:
        c.votes, c.selected = votes.get(c.pk, 0), c.pk in chosen
    Candidate.objects.bulk_update(candidates, ["votes", "selected"])
    return [c.pk for c in ranked if c.pk in chosen]
