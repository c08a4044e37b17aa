"""The demo steps of patrols, safe households and mediation on a small tree: content, idempotence, speed."""

import time

import pytest

from gongzhi.core.periods import period_of, today
from gongzhi.mediation import demo as mediation_demo
from gongzhi.mediation.models import Dispute, DisputeEvent, Mediator
from gongzhi.patrols import demo as patrols_demo
from gongzhi.patrols.models import DutyRule, Finding, Patrol, Visit
from gongzhi.patrols.selectors import patrol_figures
from gongzhi.people.tests.factories import (
    CouncilFactory,
    CouncilMemberFactory,
    GridWorkerFactory,
    ResidentFactory,
)
from gongzhi.safety import demo as safety_demo
from gongzhi.safety.models import SafeHouseholdAssessment
from gongzhi.territory.tests.factories import node

pytestmark = pytest.mark.django_db


def test_the_demo_builds_a_year_of_content_once(tree):
    for key in ("a", "b"):
        GridWorkerFactory(territory=tree[f"grid_{key}"])
        for i in range(12):
            h = node(tree[f"building_{key}"], "household", f"{i + 2}01室")
            ResidentFactory(household=h, is_head=True, tags=["独居老人"] if i % 3 == 0 else [])
    CouncilMemberFactory(council=CouncilFactory(territory=tree["grid_a"]), roles=["five_elders"])
    modules = sorted([patrols_demo, safety_demo, mediation_demo], key=lambda m: m.DEMO_ORDER)
    lines = []
    start = time.monotonic()
    for m in modules:
        m.demo_build(city=tree["city"], seed=2024, scale=0.1, step=lines.append)
    assert time.monotonic() - start < 10
    counts = [
        m.objects.count()
        for m in (DutyRule, Patrol, Visit, Finding, SafeHouseholdAssessment, Mediator, Dispute, DisputeEvent)
    ]
    assert all(counts), counts
    year = patrol_figures(node=tree["city"], period=period_of("year", today()))
    last_year = patrol_figures(
        node=tree["city"], period=period_of("year", today().replace(year=today().year - 1))
    )
    assert year.patrols + last_year.patrols == Patrol.objects.count() == 2 * patrols_demo.PATROLS_PER_WORKER
    assert Dispute.objects.exclude(state="registered").exists()
    for m in modules:
        m.demo_build(city=tree["city"], seed=2024, scale=0.1, step=lines.append)
    assert counts == [
        m.objects.count()
        for m in (DutyRule, Patrol, Visit, Finding, SafeHouseholdAssessment, Mediator, Dispute, DisputeEvent)
    ]
    assert sum("跳过" in line for line in lines) == 3
