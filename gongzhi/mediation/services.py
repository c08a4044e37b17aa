"""Writes to dispute cases: registration (with its safe-household consequence) and one function per step."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils import timezone

from gongzhi.core import workflow as engine
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.validators import id_number_problem, phone_problem
from gongzhi.mediation import workflow
from gongzhi.mediation.models import (
    Dispute,
    DisputeEvent,
    DisputeParty,
    MediationSession,
    Mediator,
    PartyRole,
)
from gongzhi.mediation.selectors import case_parties, dispute_visible, mediator_choices
from gongzhi.mediation.workflow import Kind, ReferralTarget, Source, State, Transition
from gongzhi.people.models import User
from gongzhi.people.scope import roles_at
from gongzhi.safety.services import household_record_against
from gongzhi.safety.workflow import Criterion
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory

# Which kinds of dispute break which of the five "no"s of a party's household (平安家庭).
KIND_CRITERION = {
    Kind.NEIGHBOUR: Criterion.NO_NEIGHBOUR_DISPUTE,
    Kind.LAND: Criterion.NO_NEIGHBOUR_DISPUTE,
    Kind.PROPERTY: Criterion.NO_NEIGHBOUR_DISPUTE,
    Kind.FAMILY: Criterion.NO_DOMESTIC_VIOLENCE,
}
REQUIRED = {
    "note": "请填写说明。",
    "agreement": "请填写调解协议内容。",
    "mediator_id": "请选择调解员。",
    "referral_target": "请选择移交去向：微法庭或法律顾问。",
}


def _node(actor: User, territory_id, *, what: str = "辖区") -> Territory:
    try:
        node = Territory.objects.get(pk=int(territory_id))
    except (Territory.DoesNotExist, TypeError, ValueError):
        raise NotFound(f"{what}未找到。")
    if not actor.is_superuser and not roles_at(actor, node.path):
        raise NotFound(f"{what}未找到。")
    return node


def _clean_party(actor: User, raw: dict) -> DisputeParty:
    name = (raw.get("name") or "").strip()
    if not name:
        raise ValidationFailed("请填写当事人姓名。")
    id_number = (raw.get("id_number") or "").strip().upper()
    if id_number and id_number_problem(id_number):
        raise ValidationFailed(f"当事人「{name}」：{id_number_problem(id_number)}")
    phone = (raw.get("phone") or "").strip()
    if phone and phone_problem(phone):
        raise ValidationFailed(f"当事人「{name}」：{phone_problem(phone)}")
    role = raw.get("role") or PartyRole.APPLICANT
    if role not in PartyRole.values:
        raise ValidationFailed(f"当事人身份只能是：{'、'.join(str(lbl) for lbl in PartyRole.labels)}。")
    household = None
    if raw.get("household_id"):
        household = _node(actor, raw["household_id"], what="当事人所在户")
        if household.level != Level.HOUSEHOLD:
            raise ValidationFailed("当事人所在户必须是「户」一级的单元。")
    return DisputeParty(
        role=role,
        name=name[:50],
        id_number=id_number,
        phone=phone,
        address=(raw.get("address") or "").strip()[:200],
        household=household,
    )


def dispute_register(
    *,
    actor: User,
    territory_id: int,
    source: str,
    summary: str,
    kind: str = Kind.OTHER,
    parties: list[dict] | None = None,
    demand_id: int | None = None,
    police_ref: str = "",
    received_at=None,
) -> Dispute:
    """Take a case in; a party's household loses its safe-household status when the kind is relevant."""
    node = _node(actor, territory_id)
    roles = roles_at(actor, node.path)
    if not actor.is_superuser and not roles & workflow.REGISTRARS:
        raise PermissionDenied("您的角色不能登记矛盾纠纷。")
    if source not in Source.values:
        raise ValidationFailed("来源只能是诉求转办、群众来访或 110 非警务警情分流。")
    if kind not in Kind.values:
        raise ValidationFailed(f"未知的纠纷类型「{kind}」。")
    summary = (summary or "").strip()
    if not summary:
        raise ValidationFailed("请填写纠纷概要。")
    demand = None
    if source == Source.DEMAND:
        demand = _demand(actor, demand_id)
    if source == Source.POLICE_110 and not (police_ref or "").strip():
        raise ValidationFailed("110 分流的案件请填写接警单号。")
    rows = [_clean_party(actor, p) for p in parties or []]
    if not rows:
        raise ValidationFailed("请至少登记一名当事人。")
    with transaction.atomic():
        dispute = Dispute.objects.create(
            territory=node,
            source=source,
            demand=demand,
            police_ref=(police_ref or "").strip()[:40],
            kind=kind,
            summary=summary,
            received_at=received_at or timezone.now(),
            registered_by=actor,
            supervisor=actor if (actor.is_superuser or roles & workflow.DESK_ROLES) else None,
        )
        for row in rows:
            row.dispute = dispute
        DisputeParty.objects.bulk_create(rows)
        DisputeEvent.objects.create(
            dispute=dispute,
            actor=actor,
            action="register",
            to_state=dispute.state,
            extra={"source": source},
            at=dispute.received_at,
        )
        criterion = KIND_CRITERION.get(kind)
        for household_id in {r.household_id for r in rows if r.household_id} if criterion else ():
            household_record_against(
                actor=actor,
                household_id=household_id,
                source="dispute",
                reference=f"纠纷案件 #{dispute.pk}",
                criterion=criterion,
            )
    return dispute


def _demand(actor: User, demand_id):
    from gongzhi.demands.selectors import demand_visible

    try:
        return demand_visible(actor=actor).get(pk=int(demand_id))
    except Exception:  # missing, out of sight, or not a number: all read as not found
        raise NotFound("来源诉求未找到。")


def _effects(
    actor: User, dispute: Dispute, action: str, note: str, extra: dict, parties: set[str]
) -> set[str]:
    now = timezone.now()
    if action in {"assign", "reassign"}:
        try:
            mediator = mediator_choices(actor=actor, dispute=dispute).get(pk=int(extra["mediator_id"]))
        except (Mediator.DoesNotExist, TypeError, ValueError):
            raise NotFound("调解员未找到，或不在本案所在辖区服务。")
        dispute.mediator = mediator
        fields = {"mediator"}
        if dispute.supervisor_id is None and workflow.DESK in parties:
            dispute.supervisor = actor
            fields.add("supervisor")
        return fields
    if action == "contact":
        dispute.first_contact_at = now
        return {"first_contact_at"}
    if action == "session":
        MediationSession.objects.create(
            dispute=dispute,
            mediator=dispute.mediator,
            held_at=extra.get("held_at") or now,
            place=(extra.get("place") or "")[:100],
            note=note,
        )
        return set()
    if action == "agree":
        dispute.agreement = extra["agreement"].strip()
        return {"agreement"}
    if action in {"refer", "refer_direct"}:
        if extra["referral_target"] not in ReferralTarget.values:
            raise ValidationFailed(REQUIRED["referral_target"])
        dispute.referral_target = extra["referral_target"]
        return {"referral_target"}
    return set()


def _check_inputs(t: Transition, *, note: str, extra: dict) -> None:
    for name in t.requires:
        value = note if name == "note" else extra.get(name)
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            raise ValidationFailed(REQUIRED[name])


def _step_effects(
    t: Transition, *, actor: User, dispute: Dispute, action: str, note: str, extra: dict, parties: set[str]
) -> set[str]:
    """Refuse missing inputs, then apply the step's effects."""
    _check_inputs(t, note=note, extra=extra)
    return _effects(actor, dispute, action, note, extra, parties)


def dispute_transition(*, actor: User, dispute_id: int, action: str, note: str = "", **extra) -> Dispute:
    """Apply one step of a case: access-checked, row-locked, checked against the table, recorded."""
    action = (action or "").replace("-", "_")
    note = (note or "").strip()
    with transaction.atomic():
        try:
            dispute = (
                dispute_visible(actor=actor)
                .select_for_update(of=("self",))
                .select_related("territory", "mediator")
                .get(pk=int(dispute_id))
            )
        except (Dispute.DoesNotExist, TypeError, ValueError):
            raise NotFound("案件未找到。")
        parties = case_parties(actor=actor, dispute=dispute)
        engine.apply(
            dispute,
            workflow.TRANSITIONS,
            action,
            actor=actor,
            roles=parties,
            record=DisputeEvent,
            note=note,
            extra={k: v for k, v in extra.items() if k in {"mediator_id", "referral_target", "honoured"}},
            effects=partial(
                _step_effects,
                actor=actor,
                dispute=dispute,
                action=action,
                note=note,
                extra=extra,
                parties=parties,
            ),
        )
    return dispute


__all__ = ["dispute_register", "dispute_transition", "KIND_CRITERION", "State"]
