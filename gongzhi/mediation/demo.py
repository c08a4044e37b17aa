"""Demo: mediators for every community and street, and a year of dispute cases through the workflow."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from gongzhi.core.periods import CHINA, today
from gongzhi.demo.people import PeopleMaker
from gongzhi.mediation.models import Dispute, DisputeEvent, DisputeParty, MediationSession, Mediator
from gongzhi.mediation.services import KIND_CRITERION
from gongzhi.mediation.workflow import Kind, MediatorKind, ReferralTarget, Source, State
from gongzhi.people.models import CouncilMember, Resident, User
from gongzhi.safety import workflow as safety_workflow
from gongzhi.safety.models import SafeHouseholdAssessment
from gongzhi.safety.services import household_record_against
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds

DEMO_ORDER = 37
BATCH = 5000
CASES_PER_COMMUNITY = 6  # a year
SUMMARIES = {
    Kind.NEIGHBOUR: [
        "楼上装修噪音影响休息，双方多次争吵",
        "楼上卫生间漏水致楼下天花板发霉",
        "公共楼道堆物引发邻里矛盾",
    ],
    Kind.FAMILY: ["赡养老人费用分担产生分歧", "夫妻感情不和要求调解"],
    Kind.PROPERTY: ["业主拒交物业费与物业公司争执", "停车位划分引发业主与物业矛盾"],
    Kind.LAND: ["宅基地边界争议", "承包地流转费用纠纷"],
    Kind.LABOUR: ["装修工人讨要拖欠工资", "小作坊拖欠务工人员工资"],
    Kind.DEBT: ["亲戚间借款到期未还", "购车定金退还纠纷"],
}
KIND_WEIGHTS = {
    Kind.NEIGHBOUR: 35,
    Kind.FAMILY: 15,
    Kind.PROPERTY: 15,
    Kind.LAND: 12,
    Kind.LABOUR: 10,
    Kind.DEBT: 13,
}


def demo_build(*, city: Territory, seed: int, scale: float, step) -> None:
    bounds = subtree_bounds(city.path)
    if Mediator.objects.filter(territory__path__range=bounds).exists():
        step("调解数据已生成，跳过 / mediation already built")
        return
    rng = random.Random(seed + 7003)
    people = PeopleMaker(seed + 7004)
    with transaction.atomic():
        communities = list(
            Territory.objects.order_by("path")
            .filter(path__range=bounds, level=Level.COMMUNITY)
            .values_list("pk", "path", "name")
        )
        mediators = _mediators(bounds, communities, rng, people)
        step(f"  调解员 {sum(len(v) for v in mediators.values())} 名")
        _cases(bounds, communities, mediators, rng, people, step)


def _mediators(bounds, communities, rng, people) -> dict[str, list[Mediator]]:
    elders = {}
    for m in CouncilMember.objects.filter(council__territory__path__range=bounds).values(
        "pk", "name", "roles", "council__territory__path"
    ):
        for role in ("five_elders", "local_worthy"):
            if role in (m["roles"] or []):
                elders.setdefault(m["council__territory__path"][: len(communities[0][1])], []).append(
                    (m, role)
                )
    rows = []
    for pk, path, name in communities:
        rows.append(
            Mediator(
                name=people.name(rng.choice(("male", "female"))),
                kind=MediatorKind.PEOPLE_MEDIATOR,
                phone=people.phone(),
                organisation=f"{name}人民调解委员会",
                territory_id=pk,
            )
        )
        for m, role in elders.get(path, [])[:2]:
            rows.append(
                Mediator(
                    name=m["name"],
                    kind=role,
                    organisation=f"{name}人民调解委员会",
                    territory_id=pk,
                    council_member_id=m["pk"],
                )
            )
    streets = (
        Territory.objects.order_by("path")
        .filter(path__range=bounds, level=Level.STREET)
        .values_list("pk", "name")
    )
    for pk, name in streets:
        rows.append(
            Mediator(
                name=f"{people.name('male')}律师",
                kind=MediatorKind.LEGAL_ADVISER,
                phone=people.phone(),
                organisation=f"{name}公共法律服务站",
                territory_id=pk,
            )
        )
    Mediator.objects.bulk_create(rows, batch_size=BATCH)
    out: dict[str, list[Mediator]] = {}
    paths = dict(Territory.objects.filter(pk__in={m.territory_id for m in rows}).values_list("pk", "path"))
    for m in rows:
        out.setdefault(paths[m.territory_id], []).append(m)
    return out


def _cases(bounds, communities, mediators, rng, people, step) -> None:
    now = dt.datetime.combine(today(), dt.time(18), tzinfo=CHINA)
    desk = User.objects.filter(username="community_worker").first()
    desk_path = desk.roles.values_list("territory__path", flat=True).first() if desk else None
    residents = {}
    for h, hpath, name, phone, id_number in (
        Resident.objects.order_by()
        .filter(household__path__range=bounds, is_head=True)
        .values_list("household_id", "household__path", "name", "phone", "id_number")
        .iterator(chunk_size=20000)
    ):
        residents.setdefault(hpath[: len(communities[0][1])], []).append((h, name, phone, id_number))
    cases, plans = [], []
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    for pk, path, _ in communities:
        local = mediators.get(path, [])
        adviser = next(iter(mediators.get(path[:-4], [])), None)
        homes = residents.get(path, [])
        for _ in range(rng.randint(CASES_PER_COMMUNITY - 3, CASES_PER_COMMUNITY + 3)):
            kind = rng.choices(kinds, weights)[0]
            received = now - dt.timedelta(days=rng.randint(1, 364), hours=rng.randint(0, 9))
            source = rng.choices([Source.WALK_IN, Source.DEMAND, Source.POLICE_110], [50, 30, 20])[0]
            case = Dispute(
                territory_id=pk,
                source=source,
                kind=kind,
                summary=rng.choice(SUMMARIES[kind]),
                received_at=received,
                police_ref=f"110{received:%Y%m%d}{rng.randint(1000, 9999)}"
                if source == Source.POLICE_110
                else "",
                supervisor=desk if desk_path and path.startswith(desk_path) else None,
            )
            cases.append(case)
            plans.append((local, adviser, rng.sample(homes, min(2, len(homes)))))
    # Walk every case first, so each row is written once (no bulk_update, which is slow on SQLite).
    events, sessions = [], []
    for case, (local, adviser, _homes) in zip(cases, plans, strict=True):
        for name, value in _walk(case, local, adviser, case.received_at, now, rng, events, sessions).items():
            setattr(case, name, value)
    Dispute.objects.bulk_create(cases, batch_size=BATCH)
    live = set(
        SafeHouseholdAssessment.objects.filter(household__path__range=bounds)
        .exclude(state__in=safety_workflow.FINAL_STATES)
        .values_list("household_id", flat=True)
    )
    parties, revoke = [], []
    for case, (_local, _adviser, homes) in zip(cases, plans, strict=True):
        for i, (h, name, phone, id_number) in enumerate(homes):
            parties.append(
                DisputeParty(
                    dispute_id=case.pk,
                    role="applicant" if i == 0 else "respondent",
                    name=name,
                    phone=phone,
                    id_number=id_number,
                    household_id=h,
                )
            )
            if h in live and KIND_CRITERION.get(case.kind) and rng.random() < 0.3:
                live.discard(h)
                revoke.append((h, case.pk, KIND_CRITERION[case.kind]))
    DisputeParty.objects.bulk_create(parties, batch_size=BATCH)
    DisputeEvent.objects.bulk_create(events, batch_size=BATCH)
    MediationSession.objects.bulk_create(sessions, batch_size=BATCH)
    for household_id, case_id, criterion in revoke:
        household_record_against(
            actor=None,
            household_id=household_id,
            source="dispute",
            reference=f"纠纷案件 #{case_id}",
            criterion=criterion,
        )
    done = sum(1 for c in cases if c.state in (State.AGREED, State.CLOSED))
    step(f"  矛盾纠纷 {len(cases)} 件，调解成功 {done} 件")


def _walk(case, local, adviser, t, now, rng, events, sessions) -> dict:
    """Take one case through the workflow with realistic delays; stop where `now` is reached."""
    state, out = State.REGISTERED, {}

    def event(action, to, at, note="", **extra):
        nonlocal state
        events.append(
            DisputeEvent(
                dispute=case,
                action=action,
                from_state=state,
                to_state=to,
                at=at,
                note=note,
                extra=extra,
            )
        )
        state = to
        out["state"] = to

    events.append(
        DisputeEvent(dispute=case, action="register", to_state=state, at=t, extra={"source": case.source})
    )
    if not local:
        return out
    mediator = rng.choice(local)
    t += dt.timedelta(hours=rng.uniform(0.3, 6))
    if t > now:
        return out
    out["mediator"] = mediator
    event("assign", State.ASSIGNED, t, mediator_id=mediator.pk)
    t += dt.timedelta(hours=rng.choice((0.5, 1, 2, 3, 5, 8, 20)))
    if t > now:
        return out
    out["first_contact_at"] = t
    event("contact", State.MEDIATING, t, "电话联系双方，约定调解时间")
    for _ in range(rng.randint(1, 3)):
        t += dt.timedelta(days=rng.randint(1, 5))
        if t > now:
            return out
        sessions.append(
            MediationSession(
                dispute=case,
                mediator=mediator,
                held_at=t,
                place="调解室",
                note="双方陈述，调解员释法说理",
            )
        )
        event("session", State.MEDIATING, t, "组织调解")
    t += dt.timedelta(days=1)
    if t > now:
        return out
    if rng.random() < 0.93:
        out["agreement"] = "双方自愿达成调解协议，按约履行"
        event("agree", State.AGREED, t)
    else:
        event("fail", State.FAILED, t, "双方分歧较大，调解不成")
        t += dt.timedelta(days=2)
        if t > now:
            return out
        target = (
            ReferralTarget.MICRO_COURT
            if rng.random() < 0.6 or adviser is None
            else ReferralTarget.LEGAL_ADVISER
        )
        out["referral_target"] = target
        event(
            "refer",
            State.REFERRED,
            t,
            "引导至微法庭" if target == ReferralTarget.MICRO_COURT else "转法律顾问",
        )
    t += dt.timedelta(days=rng.randint(7, 30))
    if t <= now:
        event("follow_up", State.CLOSED, t, "回访：协议已履行", honoured=True)
    return out
