"""Writes to safe-household assessments: apply, one function for every step, and losing the status."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongzhi.core import workflow as engine
from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.periods import today
from gongzhi.demands.models import Channel
from gongzhi.people.models import Resident, RoleAssignment, User
from gongzhi.people.roles import Role
from gongzhi.people.scope import restrict, roles_at
from gongzhi.safety import workflow
from gongzhi.safety.models import AssessmentEvent, SafeHouseholdAssessment
from gongzhi.safety.workflow import Criterion, Origin, Plaque, State, Transition
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory

# Which demand categories, recorded against a household, break which of the five "no"s.
DEMAND_CATEGORY_CRITERION = {
    "dispute_mediation": Criterion.NO_NEIGHBOUR_DISPUTE,
    "safety": Criterion.NO_HAZARD,
}


def _household(actor: User, household_id) -> Territory:
    try:
        node = Territory.objects.get(pk=int(household_id), level=Level.HOUSEHOLD)
    except (Territory.DoesNotExist, TypeError, ValueError):
        raise NotFound("户未找到。")
    if not roles_at(actor, node.path):
        raise NotFound("户未找到。")
    return node


def assessment_apply(
    *, actor: User, household_id: int, origin: str = Origin.APPLIED, applicant_name: str = "", note: str = ""
) -> SafeHouseholdAssessment:
    """Open an assessment: a resident applies for their own household, or staff nominate one (step 1)."""
    household = _household(actor, household_id)
    roles = roles_at(actor, household.path)
    if not roles & workflow.APPLICANTS:
        raise PermissionDenied("您的角色不能申请或推荐平安家庭。")
    if origin not in Origin.values:
        raise ValidationFailed("来源只能是自主申请或推荐提名。")
    if roles <= {Role.RESIDENT}:
        origin = Origin.APPLIED
    try:
        with transaction.atomic():
            assessment = SafeHouseholdAssessment.objects.create(
                household=household, origin=origin, applicant_name=(applicant_name or str(actor))[:50]
            )
            AssessmentEvent.objects.create(
                assessment=assessment,
                actor=actor,
                action="apply",
                to_state=State.APPLIED,
                note=note,
                at=timezone.now(),
            )
    except IntegrityError:
        raise Conflict("这一户已有进行中或有效的平安家庭评定。", code="duplicate")
    return assessment


def _lock(actor: User, assessment_id) -> SafeHouseholdAssessment:
    try:
        return (
            restrict(SafeHouseholdAssessment.objects.all(), actor)
            .select_for_update(of=("self",))
            .select_related("household")
            .get(pk=int(assessment_id))
        )
    except (SafeHouseholdAssessment.DoesNotExist, TypeError, ValueError):
        raise NotFound("平安家庭评定未找到。")


def _effects(assessment: SafeHouseholdAssessment, action: str, note: str, criteria) -> set[str]:
    day = today()
    if action in {"grid_check", "recheck"}:
        assessment.criteria = {c: bool(criteria[c]) for c in workflow.five_no_criteria}
        assessment.last_checked_on = day
        fields = {"criteria", "last_checked_on"}
        if action == "recheck":
            assessment.next_recheck_on = day + dt.timedelta(days=workflow.RECHECK_DAYS)
            fields.add("next_recheck_on")
        return fields
    if action == "publish":
        assessment.notice_until = day + dt.timedelta(days=workflow.NOTICE_DAYS)
        return {"notice_until"}
    if action == "award":
        assessment.plaque = Plaque.HUNG
        assessment.awarded_on = day
        assessment.next_recheck_on = day + dt.timedelta(days=workflow.RECHECK_DAYS)
        return {"plaque", "awarded_on", "next_recheck_on"}
    if action == "revoke":
        assessment.plaque = Plaque.WITHDRAWN
        assessment.lost_reason = note[:200]
        return {"plaque", "lost_reason"}
    if action == "reject":
        assessment.lost_reason = note[:200]
        return {"lost_reason"}
    return set()


def _check_inputs(t: Transition, *, note: str, criteria) -> None:
    if "note" in t.requires and not note:
        raise ValidationFailed("请填写说明（理由）。")
    if "criteria" in t.requires:
        problem = workflow.criteria_problem(criteria)
        if problem:
            raise ValidationFailed(problem, code="criteria_not_met")


def _step_effects(
    t: Transition, *, assessment: SafeHouseholdAssessment, action: str, note: str, criteria
) -> tuple[set[str], dict]:
    """Refuse missing inputs, then apply the step's effects; a checklist goes into the event."""
    _check_inputs(t, note=note, criteria=criteria)
    fields = _effects(assessment, action, note, criteria)
    return fields, ({"criteria": assessment.criteria} if "criteria" in t.requires else {})


def assessment_transition(
    *, actor: User, assessment_id: int, action: str, note: str = "", criteria: dict | None = None
) -> SafeHouseholdAssessment:
    """Apply one step: scope-checked, row-locked, checked against the table, recorded as an event."""
    action = (action or "").replace("-", "_")
    note = (note or "").strip()
    with transaction.atomic():
        assessment = _lock(actor, assessment_id)
        roles = set(Role.values) if actor.is_superuser else roles_at(actor, assessment.household.path)
        engine.apply(
            assessment,
            workflow.TRANSITIONS,
            action,
            actor=actor,
            roles=roles,
            record=AssessmentEvent,
            note=note,
            effects=partial(
                _step_effects, assessment=assessment, action=action, note=note, criteria=criteria
            ),
        )
    return assessment


def household_record_against(
    *, actor: User | None, household_id: int, source: str, reference: str, criterion: str, note: str = ""
) -> SafeHouseholdAssessment | None:
    """Take the status from a household a relevant dispute or demand was recorded against.

    Called by the service that records the dispute (mediation) or the demand, inside its
    transaction. An awarded household is 摘牌 (revoked); one still in the six steps stops
    (rejected). The rule applies whoever recorded the matter, so no role is checked here.
    """
    label = Criterion(criterion).label if criterion in Criterion.values else criterion
    with transaction.atomic():
        assessment = (
            SafeHouseholdAssessment.objects.select_for_update()
            .filter(household_id=household_id)
            .exclude(state__in=workflow.FINAL_STATES)
            .first()
        )
        if assessment is None:
            return None
        action = "revoke" if assessment.state == State.AWARDED else "reject"
        reason = (
            note
            or f"登记了{'矛盾纠纷' if source == 'dispute' else '诉求'}（{reference}），不再符合「{label}」"
        )
        # roles=None: the rule acts, not a person; the table still decides where it leads.
        engine.apply(
            assessment,
            workflow.TRANSITIONS,
            action,
            actor=actor,
            roles=None,
            record=AssessmentEvent,
            note=reason,
            extra={"source": source, "reference": reference, "criterion": criterion, "automatic": True},
            effects=lambda t: _effects(assessment, action, reason, None),
        )
    return assessment


def _reported_by_household(demand) -> bool:
    """Tell whether someone of the household itself reported the demand (their login or phone).

    A household usually files a demand about its own trouble, not against itself, so its own
    report costs it nothing. A patrol finding is what a grid worker saw there, so it always counts.
    """
    if demand.channel == Channel.PATROL:
        return False
    members = Resident.objects.filter(household_id=demand.territory_id)
    if demand.reporter_id and (
        members.filter(user_id=demand.reporter_id).exists()
        or RoleAssignment.objects.filter(
            user_id=demand.reporter_id, role=Role.RESIDENT, territory_id=demand.territory_id
        ).exists()
    ):
        return True
    phone = (demand.contact_phone or "").strip()
    return bool(phone) and members.filter(phone=phone).exists()


def household_record_demand(*, actor: User | None, demand) -> SafeHouseholdAssessment | None:
    """Apply `household_record_against` for a demand recorded against a household, when its category is relevant.

    Registered with demands' intake hook (gongzhi.demands.households), so every channel reaches it,
    inside the intake transaction; the household's own report is left out.
    """
    territory = getattr(demand, "territory", None)
    category = getattr(demand, "category", None)
    if territory is None or territory.level != Level.HOUSEHOLD or category is None:
        return None
    criterion = DEMAND_CATEGORY_CRITERION.get(category.code)
    if criterion is None or _reported_by_household(demand):
        return None
    return household_record_against(
        actor=actor,
        household_id=territory.pk,
        source="demand",
        reference=f"诉求 #{demand.pk}",
        criterion=criterion,
    )
