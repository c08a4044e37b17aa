"""Reads of dispute cases: who sees which case, who sees its parties in full, figures per node and period.

Who supervises a case (督导人): the one person named on it — the community worker or official
who registered it at the desk, or, for a case brought in by a grid worker or council member,
the desk person who assigned its mediator. The case's mediator (through the login linked to
the mediator record) and its supervisor see the parties' names, ID numbers, phones and
addresses in full; everyone else who may see the case (staff over its territory) sees them
masked. A superuser sees everything.
"""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from gongzhi.core.errors import NotFound
from gongzhi.core.periods import Period
from gongzhi.core.validators import mask_address, mask_id_number, mask_phone
from gongzhi.mediation import workflow
from gongzhi.mediation.models import Dispute, DisputeEvent, DisputeParty, MediationSession
from gongzhi.people.scope import is_resident_only, restrict, roles_at, scope_of
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds, subtree_q


def mask_name(value: str) -> str:
    """Keep the surname: 张三丰 → 张**."""
    return (value[:1] + "*" * max(1, len(value) - 1)) if value else ""


PARTY_MASKS = {"name": mask_name, "id_number": mask_id_number, "phone": mask_phone, "address": mask_address}


def dispute_visible(*, actor) -> QuerySet[Dispute]:
    """Return the cases `actor` may see: staff over the territory, the case's mediator and supervisor."""
    qs = Dispute.objects.all()
    if getattr(actor, "is_superuser", False):
        return qs
    if not getattr(actor, "is_authenticated", False):
        return qs.none()
    paths = [] if is_resident_only(actor) else scope_of(actor) or []
    return qs.filter(subtree_q(paths, "territory__path") | Q(mediator__user=actor) | Q(supervisor=actor))


def case_parties(*, actor, dispute: Dispute) -> set[str]:
    """Return what `actor` is to this case: mediator, supervisor and/or desk (see workflow)."""
    if actor.is_superuser:
        return {workflow.MEDIATOR, workflow.SUPERVISOR, workflow.DESK}
    out = set()
    if dispute.mediator_id and dispute.mediator.user_id == actor.pk:
        out.add(workflow.MEDIATOR)
    if dispute.supervisor_id == actor.pk:
        out.add(workflow.SUPERVISOR)
    if roles_at(actor, dispute.territory.path) & workflow.DESK_ROLES:
        out.add(workflow.DESK)
    return out


def sees_parties(*, actor, dispute: Dispute) -> bool:
    """Tell whether `actor` may see this case's parties unmasked (mediator, supervisor, superuser)."""
    if getattr(actor, "is_superuser", False):
        return True
    return dispute.supervisor_id == actor.pk or bool(
        dispute.mediator_id and dispute.mediator.user_id == actor.pk
    )


def party_view(party: DisputeParty, *, full: bool) -> dict:
    data = {
        "id": party.pk,
        "role": party.role,
        "role_label": party.get_role_display(),
        "name": party.name,
        "id_number": party.id_number,
        "phone": party.phone,
        "address": party.address,
        "household": party.household_id,
    }
    if not full:
        for key, mask in PARTY_MASKS.items():
            data[key] = mask(data[key])
    return data


def dispute_list(*, actor, filters: dict | None = None) -> QuerySet[Dispute]:
    return (
        dispute_visible(actor=actor)
        .filter(**(filters or {}))
        .select_related("territory", "mediator", "supervisor")
        .prefetch_related("parties")
        .order_by("-received_at", "-id")
    )


def dispute_get(*, actor, dispute_id) -> Dispute:
    events = DisputeEvent.objects.select_related("actor").order_by("at", "id")
    sessions = MediationSession.objects.select_related("mediator").order_by("held_at")
    try:
        return (
            dispute_list(actor=actor)
            .prefetch_related(Prefetch("events", queryset=events), Prefetch("sessions", queryset=sessions))
            .get(pk=int(dispute_id))
        )
    except (Dispute.DoesNotExist, TypeError, ValueError):
        raise NotFound("案件未找到。")


def mediator_choices(*, actor, dispute: Dispute):
    """List the active mediators the actor may assign to this case: those serving its area or above."""
    from gongzhi.mediation.models import Mediator

    path = dispute.territory.path
    ancestors = [path[:i] for i in range(Territory.steplen, len(path) + 1, Territory.steplen)]
    near = Q(territory__path__in=ancestors) | subtree_q([path], "territory__path")
    return restrict(Mediator.objects.filter(active=True), actor).filter(near).select_related("territory")


@dataclass
class MediationFigures:
    """Mediation figures for one subtree and one period."""

    received: int  # cases taken in during the period
    by_source: dict = field(default_factory=dict)  # received, per source
    concluded: int = 0  # mediations that ended in the period: agreed, failed, or referred straight on
    agreed: int = 0  # of those, ended with an agreement
    referred: int = 0  # cases handed to a micro-court or legal adviser in the period
    closed: int = 0  # cases followed up and closed in the period
    contacted: int = 0  # cases first contacted in the period
    first_contact_hours_mean: float | None = None  # mean hours from intake to first contact
    first_contact_hours_median: float | None = None
    open_now: int = 0  # cases still registered, assigned or under mediation (today)

    @property
    def success_rate(self) -> float | None:
        return self.agreed / self.concluded if self.concluded else None

    def as_dict(self) -> dict:
        return {**asdict(self), "success_rate": self.success_rate}


def mediation_figures(*, node: Territory, period: Period) -> MediationFigures:
    """Compute the figures for every case located under `node` (see MediationFigures)."""
    bounds = subtree_bounds(node.path)
    cases = Dispute.objects.order_by().filter(territory__path__range=bounds)
    received = cases.filter(received_at__gte=period.start_at, received_at__lt=period.end_at)
    events = DisputeEvent.objects.order_by().filter(
        dispute__territory__path__range=bounds, at__gte=period.start_at, at__lt=period.end_at
    )
    actions = dict(events.values_list("action").annotate(n=Count("id")).values_list("action", "n"))
    waits = [
        (at - received_at).total_seconds() / 3600
        for at, received_at in events.filter(action="contact").values_list("at", "dispute__received_at")
    ]
    return MediationFigures(
        received=received.count(),
        by_source=dict(received.values_list("source").annotate(n=Count("id")).values_list("source", "n")),
        concluded=sum(actions.get(a, 0) for a in workflow.OUTCOME_ACTIONS),
        agreed=actions.get("agree", 0),
        referred=actions.get("refer", 0) + actions.get("refer_direct", 0),
        closed=actions.get("follow_up", 0),
        contacted=len(waits),
        first_contact_hours_mean=round(statistics.fmean(waits), 1) if waits else None,
        first_contact_hours_median=round(statistics.median(waits), 1) if waits else None,
        open_now=cases.filter(state__in=workflow.OPEN_STATES).count(),
    )


def mediation_figures_by_child(
    *, node: Territory, period: Period
) -> list[tuple[Territory, MediationFigures]]:
    if node.level in (Level.BUILDING, Level.HOUSEHOLD):
        return []
    return [(c, mediation_figures(node=c, period=period)) for c in node.get_children()[:200]]
