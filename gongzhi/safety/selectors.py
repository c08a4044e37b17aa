"""Reads of safe-household assessments: lists, one assessment with its timeline, figures per node and period."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db.models import Count, Prefetch, QuerySet

from gongzhi.core.errors import NotFound
from gongzhi.core.periods import Period, today
from gongzhi.people.scope import scope_of
from gongzhi.safety.models import AssessmentEvent, SafeHouseholdAssessment
from gongzhi.safety.workflow import State
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds

DECISIONS = ("award", "reject", "revoke")


def assessment_list(*, actor, filters: dict | None = None) -> QuerySet[SafeHouseholdAssessment]:
    # Staff see their subtrees; a resident sees their own household's assessments.
    return (
        SafeHouseholdAssessment.objects.within(scope_of(actor) if actor.is_authenticated else [])
        .filter(**(filters or {}))
        .select_related("household")
        .order_by("-created_at", "-id")
    )


def assessment_get(*, actor, assessment_id) -> SafeHouseholdAssessment:
    events = AssessmentEvent.objects.select_related("actor").order_by("at", "id")
    try:
        return (
            assessment_list(actor=actor)
            .prefetch_related(Prefetch("events", queryset=events))
            .get(pk=int(assessment_id))
        )
    except (SafeHouseholdAssessment.DoesNotExist, TypeError, ValueError):
        raise NotFound("平安家庭评定未找到。")


@dataclass
class SafetyFigures:
    """Safe-household figures for one subtree: stocks at the period's end, flows within it."""

    households: int  # households in the subtree
    assessed: int  # households with a decision (授牌、不通过、摘牌) by the period's end
    compliant: int  # households holding the status at the period's end
    applications: int  # assessments opened in the period
    awards: int  # plaques awarded in the period
    revocations: int  # statuses lost in the period (re-check failed, dispute or demand recorded)
    rechecks: int  # re-checks done in the period
    recheck_overdue: int  # holders whose re-check date has passed (as of today)

    @property
    def compliance_rate(self) -> float | None:
        return self.compliant / self.assessed if self.assessed else None

    @property
    def coverage_rate(self) -> float | None:
        return self.compliant / self.households if self.households else None

    def as_dict(self) -> dict:
        return {**asdict(self), "compliance_rate": self.compliance_rate, "coverage_rate": self.coverage_rate}


def safety_figures(*, node: Territory, period: Period) -> SafetyFigures:
    """Compute the figures for everything under `node` (see SafetyFigures for each definition).

    The stocks are read from the decision events before the period's end, grouped in Python:
    one indexed scan instead of a correlated subquery per assessment.
    """
    bounds = subtree_bounds(node.path)
    end = period.end_at
    events = AssessmentEvent.objects.order_by().filter(assessment__household__path__range=bounds)
    in_period = dict(
        events.filter(at__gte=period.start_at, at__lt=end)
        .values_list("action")
        .annotate(n=Count("id"))
        .values_list("action", "n")
    )
    household_of: dict[int, int] = {}
    awarded: set[int] = set()
    revoked: set[int] = set()
    decisions = events.filter(at__lt=end, action__in=DECISIONS).values_list(
        "assessment_id", "assessment__household_id", "action"
    )
    for assessment_id, household_id, action in decisions.iterator(chunk_size=20000):
        household_of[assessment_id] = household_id
        if action == "award":
            awarded.add(assessment_id)
        elif action == "revoke":
            revoked.add(assessment_id)
    return SafetyFigures(
        households=Territory.objects.order_by().filter(path__range=bounds, level=Level.HOUSEHOLD).count(),
        assessed=len(set(household_of.values())),
        compliant=len({household_of[a] for a in awarded - revoked}),
        applications=in_period.get("apply", 0),
        awards=in_period.get("award", 0),
        revocations=in_period.get("revoke", 0),
        rechecks=in_period.get("recheck", 0),
        recheck_overdue=SafeHouseholdAssessment.objects.order_by()
        .filter(household__path__range=bounds, state=State.AWARDED, next_recheck_on__lt=today())
        .count(),
    )


def safety_figures_by_child(*, node: Territory, period: Period) -> list[tuple[Territory, SafetyFigures]]:
    """Break the figures down over the node's children (one row each), for the territory table."""
    if node.level in (Level.BUILDING, Level.HOUSEHOLD):
        return []
    return [(child, safety_figures(node=child, period=period)) for child in node.get_children()[:200]]
