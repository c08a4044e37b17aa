"""Patrols: logging from a phone, the due list, the review lists, one-tap demands, scope."""

import datetime as dt

import pytest

from gongzhi.core.errors import NotFound, PermissionDenied
from gongzhi.core.periods import period_of
from gongzhi.demands.models import Demand
from gongzhi.patrols.models import Finding, Patrol, Visit
from gongzhi.patrols.selectors import due_list, patrol_figures, patrol_review
from gongzhi.patrols.services import duty_rules_seed, finding_to_demand, patrol_log
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import (
    CouncilFactory,
    CouncilMemberFactory,
    GridWorkerFactory,
    ResidentFactory,
    user_with_role,
)
from gongzhi.territory.tests.factories import node

pytestmark = pytest.mark.django_db


@pytest.fixture
def grid(tree, clock):
    """Grid A with a worker who has a login, three households with tagged residents, the standard duties."""
    user = user_with_role(Role.GRID_WORKER, tree["grid_a"], username="gw")
    worker = GridWorkerFactory(territory=tree["grid_a"], user=user, name="赵网格")
    h1 = tree["household_a"]
    h2 = node(tree["building_a"], "household", "102室", address="A路8号1栋102室")
    h3 = node(tree["building_a"], "household", "103室")
    ResidentFactory(household=h1, tags=["独居老人"])  # every 7 days
    ResidentFactory(household=h2, tags=["困难家庭", "残疾人"])  # every 14 days (the stricter rule)
    ResidentFactory(household=h3, tags=[])
    duty_rules_seed(actor=None, territory=tree["city"])
    return {"user": user, "worker": worker, "h1": h1, "h2": h2, "h3": h3, "node": tree["grid_a"]}


def log(grid, day, households=(), findings=(), **kw):
    patrol, _ = patrol_log(
        actor=grid["user"],
        territory_id=grid["node"].pk,
        date=day,
        visits=[{"household_id": h.pk} for h in households],
        findings=list(findings),
        **kw,
    )
    return patrol


def test_a_phone_logs_a_patrol_with_its_route_converted_to_gcj02_and_a_retry_changes_nothing(grid):
    wgs = [[117.3600, 32.9400], [117.3610, 32.9400]]
    p1, new1 = patrol_log(
        actor=grid["user"],
        territory_id=grid["node"].pk,
        route=wgs,
        coord_system="wgs84",
        visits=[{"household_id": grid["h1"].pk, "note": "身体好"}],
        client_key="phone-123",
    )
    p2, new2 = patrol_log(actor=grid["user"], territory_id=grid["node"].pk, client_key="phone-123")
    assert (new1, new2, p1.pk) == (True, False, p2.pk)
    assert p1.grid_worker == grid["worker"] and p1.date == dt.date(2024, 5, 8)
    assert p1.route[0] != wgs[0] and abs(p1.route[0][0] - wgs[0][0]) < 0.01  # shifted by a few hundred metres
    assert 80 < p1.distance_m < 110  # 0.001° of longitude at 33°N is about 93 m
    assert Patrol.objects.count() == 1 and Visit.objects.get().visited_on == dt.date(2024, 5, 8)


def test_the_due_list_puts_never_visited_and_overdue_households_first(grid, clock):
    log(grid, dt.date(2024, 4, 20), [grid["h1"], grid["h2"]])  # 18 days ago
    log(grid, dt.date(2024, 5, 6), [grid["h2"]])  # 2 days ago
    items = {i.household.pk: i for i in due_list(node=grid["node"])}
    assert set(items) == {grid["h1"].pk, grid["h2"].pk}  # h3 carries no duty tag
    h1, h2 = items[grid["h1"].pk], items[grid["h2"].pk]
    assert (h1.interval_days, h1.last_visit, h1.due_on, h1.overdue_days, h1.status) == (
        7,
        dt.date(2024, 4, 20),
        dt.date(2024, 4, 27),
        11,
        "overdue",
    )
    assert (h2.interval_days, h2.due_on, h2.overdue_days, h2.status) == (14, dt.date(2024, 5, 20), 0, "ok")
    assert h2.tags == ["困难家庭", "残疾人"]
    ResidentFactory(household=grid["h3"], tags=["留守儿童"])
    first = due_list(node=grid["node"])[0]
    assert (first.household, first.status, first.status_label) == (grid["h3"], "never", "从未走访")


def test_the_weekly_review_counts_visits_findings_by_class_fixed_and_passed_on(tree, grid, clock):
    council = CouncilFactory(territory=tree["grid_a"])
    member = CouncilMemberFactory(council=council, name="钱议事")
    log(
        grid,
        dt.date(2024, 5, 6),
        [grid["h1"], grid["h2"]],
        [
            {"category": "safety", "description": "楼道飞线充电", "disposition": "fixed"},
            {"category": "property", "description": "路灯不亮", "disposition": "passed_on"},
        ],
    )
    log(
        grid,
        dt.date(2024, 5, 7),
        [grid["h1"]],
        [
            {"category": "safety", "description": "灭火器过期", "disposition": "passed_on"},
        ],
        council_member_id=member.pk,
    )
    log(grid, dt.date(2024, 5, 2), [grid["h3"]])  # the week before
    week = period_of("week", dt.date(2024, 5, 8))
    rows = patrol_review(node=tree["city"], period=week)
    by_grid = {r.territory: r for r in rows}
    a = by_grid[tree["grid_a"]]
    assert (a.patrols, a.visits, a.households_visited, a.findings, a.fixed, a.passed_on) == (2, 3, 2, 3, 1, 2)
    assert (
        a.by_category["safety"] == 2
        and a.by_category["property"] == 1
        and a.by_category["petition_stability"] == 0
    )
    assert a.grid_workers == ["赵网格"]
    month = patrol_figures(node=tree["city"], period=period_of("month", dt.date(2024, 5, 8)))
    assert (month.patrols, month.visits, month.households_visited, month.findings) == (3, 4, 3, 3)
    assert month.fixed_rate == pytest.approx(1 / 3)
    b = patrol_figures(node=tree["district_b"], period=week)
    assert (b.patrols, b.findings) == (0, 0)


def test_a_finding_becomes_a_patrol_demand_in_one_tap_and_a_second_tap_changes_nothing(grid):
    p = log(
        grid,
        dt.date(2024, 5, 8),
        findings=[
            {
                "category": "elder_child_care",
                "description": "独居老人家中断水两天",
                "territory_id": grid["h1"].pk,
            },
        ],
    )
    finding = p.findings.get()
    d1 = finding_to_demand(actor=grid["user"], finding_id=finding.pk)
    d2 = finding_to_demand(actor=grid["user"], finding_id=finding.pk)
    assert d1.pk == d2.pk and Demand.objects.count() == 1
    assert (d1.channel, d1.category.code, d1.territory) == ("patrol", "elder_child_care", grid["h1"])
    finding.refresh_from_db()
    assert (finding.demand, finding.disposition) == (d1, "passed_on")


def test_a_finding_marked_for_a_demand_when_logged_is_passed_on_at_once(grid):
    p = log(
        grid,
        dt.date(2024, 5, 8),
        findings=[
            {"category": "safety", "description": "井盖缺失", "disposition": "passed_on", "to_demand": True},
        ],
    )
    assert Finding.objects.get(patrol=p).demand.channel == "patrol"


def test_out_of_scope_and_the_wrong_people_cannot_log_or_pass_on(tree, grid):
    outsider = user_with_role(Role.GRID_WORKER, tree["grid_b"], username="gw-b")
    handler = user_with_role(Role.DEPARTMENT_HANDLER, tree["street_a"], username="handler")
    with pytest.raises(NotFound):
        patrol_log(actor=outsider, territory_id=grid["node"].pk)
    with pytest.raises(PermissionDenied):
        patrol_log(actor=handler, territory_id=grid["node"].pk)
    p = log(grid, dt.date(2024, 5, 8), findings=[{"category": "safety", "description": "x"}])
    with pytest.raises(NotFound):
        finding_to_demand(actor=outsider, finding_id=p.findings.get().pk)
    with pytest.raises(Exception, match="不在"):  # a household of another grid cannot be visited here
        log(grid, dt.date(2024, 5, 8), [tree["household_b"]])
