"""Demo: a year of safe-household assessments — most awarded, some in the six steps, a few rejected or revoked."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from gongzhi.core.periods import CHINA, today
from gongzhi.safety import workflow
from gongzhi.safety.models import AssessmentEvent, SafeHouseholdAssessment
from gongzhi.safety.workflow import Origin, Plaque, State
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds

DEMO_ORDER = 36
BATCH = 5000
SHARE = 0.12  # of households that took part this year
ALL_MET = dict.fromkeys(workflow.five_no_criteria, True)
STEPS = [
    ("grid_check", State.GRID_CHECKED),
    ("review", State.REVIEWED),
    ("publish", State.NOTICE),
    ("award", State.AWARDED),
]


def demo_build(*, city: Territory, seed: int, scale: float, step) -> None:
    bounds = subtree_bounds(city.path)
    if SafeHouseholdAssessment.objects.filter(household__path__range=bounds).exists():
        step("平安家庭数据已生成，跳过 / safe households already built")
        return
    rng = random.Random(seed + 7002)
    end = today()
    homes = list(
        Territory.objects.order_by()
        .filter(path__range=bounds, level=Level.HOUSEHOLD)
        .values_list("pk", flat=True)
    )
    chosen = rng.sample(homes, int(len(homes) * SHARE))
    rows, timelines = [], []
    for household_id in chosen:
        start = end - dt.timedelta(days=rng.randint(20, 360))
        fate = rng.random()
        steps = 4 if fate < 0.86 else rng.randint(0, 3)
        a = SafeHouseholdAssessment(
            household_id=household_id,
            origin=Origin.NOMINATED if rng.random() < 0.6 else Origin.APPLIED,
            applicant_name="网格推荐" if rng.random() < 0.6 else "户主申请",
        )
        events = [("apply", "", State.APPLIED, start, "")]
        day, state = start, State.APPLIED
        for action, to in STEPS[:steps]:
            day += dt.timedelta(days=workflow.NOTICE_DAYS if action == "award" else rng.randint(2, 10))
            if day >= end:
                break
            events.append((action, state, to, day, ""))
            state = to
        if state == State.AWARDED:
            a.plaque, a.awarded_on, a.criteria = Plaque.HUNG, day, ALL_MET
            a.last_checked_on, a.next_recheck_on = day, day + dt.timedelta(days=workflow.RECHECK_DAYS)
            if rng.random() < 0.02 and day + dt.timedelta(days=30) < end:
                lost = day + dt.timedelta(days=rng.randint(10, 30))
                events.append(("revoke", state, State.REVOKED, lost, "复核发现楼道堆放易燃物，未整改"))
                state, a.plaque, a.lost_reason = (
                    State.REVOKED,
                    Plaque.WITHDRAWN,
                    "复核发现楼道堆放易燃物，未整改",
                )
        elif fate > 0.97 and len(events) > 1:
            events.append(
                ("reject", state, State.REJECTED, day + dt.timedelta(days=3), "网格核查发现存在安全隐患")
            )
            state, a.lost_reason = State.REJECTED, "网格核查发现存在安全隐患"
        if len(events) > 1 and events[1][0] == "grid_check":
            a.criteria, a.last_checked_on = ALL_MET, events[1][3]
        if state == State.NOTICE:
            a.notice_until = events[-1][3] + dt.timedelta(days=workflow.NOTICE_DAYS)
        a.state = state
        rows.append(a)
        timelines.append(events)
    with transaction.atomic():
        SafeHouseholdAssessment.objects.bulk_create(rows, batch_size=BATCH)
        AssessmentEvent.objects.bulk_create(
            [
                AssessmentEvent(
                    assessment_id=a.pk,
                    action=action,
                    from_state=frm,
                    to_state=to,
                    note=note,
                    at=dt.datetime.combine(
                        day, dt.time(rng.randint(9, 17), rng.choice((0, 30))), tzinfo=CHINA
                    ),
                )
                for a, events in zip(rows, timelines, strict=True)
                for action, frm, to, day, note in events
            ],
            batch_size=BATCH,
        )
    awarded = sum(1 for a in rows if a.state == State.AWARDED)
    step(f"  平安家庭评定 {len(rows)} 户，持牌 {awarded} 户")
