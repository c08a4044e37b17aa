"""一中心四平台: platforms are routed to by rule, offered to the front desk, and watched on their boards."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from openpyxl import load_workbook

from gongzhi.core.periods import TZ, parse_period
from gongzhi.demands import demo, platforms, routing
from gongzhi.demands.models import Demand, DispatchRule, Handler, Platform
from gongzhi.demands.queues import dispatch_choices, queue
from gongzhi.demands.rates import rates_handler
from gongzhi.demands.services import demand_transition
from gongzhi.demands.tests.factories import DispatchRuleFactory, HandlerFactory, category, submit
from gongzhi.demands.tests.test_rates import clock, step  # the same clock the rates tests stop
from gongzhi.demands.workflow import State
from gongzhi.people.models import User
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role

MARCH = dt.date(2025, 3, 3)  # a Monday
VIEWED = dt.date(2025, 4, 8)  # a Tuesday, a working day after Qingming


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_platforms(street, **members) -> dict[str, Handler]:
    return {
        value: HandlerFactory(
            name=f"{street.name}{label}平台",
            kind="department",
            territory=street,
            platform=value,
            members=members.get(value, []),
        )
        for value, label in Platform.choices
    }


@pytest.fixture
def centre(cast):
    """Given street A's four platforms, a member of its governance platform, and street B's platforms."""
    t = cast["tree"]
    member = user_with_role(Role.DEPARTMENT_HANDLER, t["street_a"], username="gov")
    a = make_platforms(t["street_a"], governance=[member])
    b = make_platforms(t["street_b"])
    return {**cast, "member": member, "a": a, "b": b}


def test_a_rule_naming_a_platform_routes_the_demand_there(centre):
    t, desk = centre["tree"], centre["desk"]
    emergency = centre["a"][Platform.EMERGENCY]
    DispatchRuleFactory(category=category("safety"), territory=t["street_a"], handler=emergency)
    demand = submit(centre["resident"], t["grid_a"], category_code="safety", text="楼道电动车飞线充电")
    assert routing.route(category=demand.category, territory=demand.territory).handler == emergency
    demand_transition(actor=desk, demand_id=demand.pk, action="accept")
    demand = demand_transition(actor=desk, demand_id=demand.pk, action="dispatch")
    assert demand.handler == emergency and demand.state == State.DISPATCHED
    event = demand.events.get(action="dispatch")
    assert event.extra["handler_id"] == emergency.pk and event.extra["rule_id"] is not None


def test_a_rule_by_kind_never_picks_one_of_the_four_platforms(centre):
    # Street B's platforms are departments, but a kind cannot tell which of the four is meant.
    DispatchRule.objects.all().delete()
    DispatchRuleFactory(category=category("safety"), handler_kind="department")
    t = centre["tree"]
    assert routing.route(category=category("safety"), territory=t["grid_b"]).handler is None
    ordinary = HandlerFactory(name="B区应急管理局", kind="department", territory=t["district_b"])
    assert routing.route(category=category("safety"), territory=t["grid_b"]).handler == ordinary


def test_the_dispatch_choices_offer_the_platforms_of_the_demands_street(centre):
    t = centre["tree"]
    demand = submit(centre["resident"], t["grid_a"], category_code="property")
    choices = dispatch_choices(demand=demand)
    labels = [h.choice_label for h in choices if h.platform]
    assert labels == ["A街道·综合治理平台", "A街道·公共服务平台", "A街道·综合执法平台", "A街道·应急管理平台"]
    assert not {h.pk for h in choices} & {h.pk for h in centre["b"].values()}
    demand_transition(actor=centre["desk"], demand_id=demand.pk, action="accept")
    page = login(centre["desk"]).get(f"/demands/{demand.pk}/").content.decode()
    assert "A街道·综合执法平台" in page
    enforcement = centre["a"][Platform.ENFORCEMENT]
    demand = demand_transition(
        actor=centre["desk"], demand_id=demand.pk, action="dispatch", handler_id=enforcement.pk
    )
    assert demand.handler == enforcement


def test_a_second_platform_of_the_same_kind_in_a_street_is_refused(centre):
    t = centre["tree"]
    twin = Handler(
        name="A街道第二综合执法平台", kind="department", territory=t["street_a"], platform="enforcement"
    )
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert "每类平台只能有一个" in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    # Ordinary handlers and the same platform in another street are not affected.
    HandlerFactory(name="A街道城管中队", kind="department", territory=t["street_a"])
    HandlerFactory(name="A街道志愿服务队", kind="social_org", territory=t["street_a"])
    assert Handler.objects.filter(platform="enforcement").count() == 2


@pytest.fixture
def month(centre):
    """Given a March of platform work in street A, looked at on a Tuesday morning in April."""
    t, desk, gov, resident = centre["tree"], centre["desk"], centre["member"], centre["resident"]
    g, e, p = (centre["a"][k] for k in (Platform.GOVERNANCE, Platform.EMERGENCY, Platform.PUBLIC_SERVICE))
    d = {}

    def bring(key, code, day, hour, handler, **kw):
        with clock(day, hour):
            d[key] = submit(resident, t["grid_a"], category_code=code, text=f"{key} 讨薪 助餐 飞线")
        step(desk, d[key], "accept", day, hour + 0.2)
        step(desk, d[key], "dispatch", day, hour + 0.4, handler_id=handler.pk, **kw)

    # g1: claimed within the hour, resolved, rated satisfied.
    bring("g1", "petition_stability", MARCH, 9, g)
    step(gov, d["g1"], "claim", MARCH, 10)
    step(gov, d["g1"], "resolve", MARCH, 15, note="已协调发放")
    step(resident, d["g1"], "follow_up", MARCH, 16, satisfaction="satisfied")
    # g2: claimed two days late, still being worked, long past its deadline.
    bring("g2", "petition_stability", MARCH, 9, g, deadline_hours=7)
    step(gov, d["g2"], "claim", MARCH + dt.timedelta(days=2), 10)
    # g3: claimed in time, resolved, rated dissatisfied.
    bring("g3", "petition_stability", MARCH + dt.timedelta(days=1), 9, g)
    step(gov, d["g3"], "claim", MARCH + dt.timedelta(days=1), 10)
    step(gov, d["g3"], "resolve", MARCH + dt.timedelta(days=1), 12, note="已答复")
    step(resident, d["g3"], "follow_up", MARCH + dt.timedelta(days=1), 14, satisfaction="dissatisfied")
    # e1: dispatched to emergency, never claimed, past its deadline.
    bring("e1", "safety", MARCH, 9, e)
    # April, the morning it is looked at: g4 due this afternoon, p1 due next week.
    bring("g4", "petition_stability", VIEWED, 9, g, deadline_hours=3)
    bring("p1", "elder_child_care", VIEWED, 9, p, deadline_hours=35)
    for k in d:
        d[k].refresh_from_db()
    now = dt.datetime.combine(VIEWED, dt.time(10), tzinfo=TZ)
    assert now < d["g4"].due_at < now + dt.timedelta(hours=24) < d["p1"].due_at
    assert d["g2"].due_at < now and d["e1"].due_at < now
    return {**centre, "d": d}


def test_the_board_counts_and_rates_match_the_demands(month):
    street, official = month["tree"]["street_a"], month["official"]
    with clock(VIEWED, 10):
        rows = platforms.board(actor=official, street=street, period=parse_period("2025-03"))
    by = {r["platform"]: r for r in rows}
    assert [r["label"] for r in rows] == ["综合治理平台", "公共服务平台", "综合执法平台", "应急管理平台"]
    # Open now: g2 worked and overdue, g4 waiting and due within a day; p1 waiting; e1 waiting, overdue.
    assert by["governance"]["counts"] == platforms.Counts(waiting=1, working=1, soon=1, overdue=1)
    assert by["public_service"]["counts"] == platforms.Counts(waiting=1)
    assert by["enforcement"]["counts"] == platforms.Counts()
    assert by["emergency"]["counts"] == platforms.Counts(waiting=1, overdue=1)
    # March, governance: g1, g2, g3 dispatched; g1 and g3 claimed within 24 h of submission;
    # g1 and g3 resolved out of 3; one of the two ratings (g1) satisfied.
    g = by["governance"]["rates"]
    assert (g["dispatched"], g["responded_on_time"], g["resolved"], g["resolvable"]) == (3, 2, 2, 3)
    assert g["response_rate"] == g["resolution_rate"] == round(2 / 3, 4)
    assert g["satisfaction_rate"] == 0.5
    e = by["emergency"]["rates"]
    assert (e["dispatched"], e["response_rate"], e["resolution_rate"], e["satisfaction_rate"]) == (
        1,
        0,
        0,
        None,
    )
    assert by["public_service"]["rates"]["dispatched"] == 0  # p1 came in April
    with clock(VIEWED, 10):
        _, same = rates_handler(
            actor=official, handler_id=month["a"]["governance"].pk, period=parse_period("2025-03")
        )
    assert same == g


def test_the_board_page_shows_the_four_platforms_and_exports_them(month):
    client = login(month["official"])
    with clock(VIEWED, 10):
        page = client.get("/demands/platforms/", {"period": "2025-03"})
        export = client.get("/demands/platforms/export.xlsx", {"period": "2025-03"})
        default = client.get("/demands/platforms/")
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("综合治理平台", "公共服务平台", "综合执法平台", "应急管理平台", "按时响应率", "66.7%"):
        assert label in html
    assert page.context["street"] == month["tree"]["street_a"]
    assert default.context["period"].key == "2025-03"  # the last full month
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert rows[0][:6] == ("平台", "承办单位", "待接单", "办理中", "即将超期", "已超期")
    assert rows[1][:6] == ("综合治理平台", "A街道综合治理平台", 1, 1, 1, 1)
    assert rows[1][6] == round(2 / 3, 4) and len(rows) == 5


def test_the_platform_board_lists_its_open_demands_most_urgent_first(month):
    d, g = month["d"], month["a"]["governance"]
    with clock(VIEWED, 10):
        page = login(month["member"]).get(f"/demands/platforms/{g.pk}/")
        export = login(month["member"]).get(f"/demands/platforms/{g.pk}/export.xlsx")
    assert page.status_code == 200
    rows = page.context["rows"]
    assert [r["demand"].pk for r in rows] == [d["g2"].pk, d["g4"].pk]
    assert rows[0]["urgency"] == "overdue" and rows[0]["countdown"].startswith("已超期")
    # g4 was dispatched at 9:24 with 3 office hours: 2 h 36 min before lunch, 24 min after 13:30.
    assert rows[1]["urgency"] == "soon" and rows[1]["countdown"] == "剩3小时54分"
    assert "gz-overdue" in page.content.decode()
    assert [r[0] for r in list(load_workbook(io.BytesIO(export.content)).active.values)[1:]] == [
        d["g2"].pk,
        d["g4"].pk,
    ]


def test_a_platform_member_finds_what_was_dispatched_to_the_platform_in_my_orders(month):
    member, d = month["member"], month["d"]
    rows, _, chosen = queue(actor=member, tab="mine")
    assert chosen.slug == "mine"
    # g4 waits for a claim by the platform; g1–g3 are the member's own claims, not yet archived;
    # p1 and e1 went to other platforms.
    assert {x.pk for x in rows} == {d["g1"].pk, d["g2"].pk, d["g3"].pk, d["g4"].pk}
    page = login(member).get("/demands/queue/")
    assert page.context["tab"].slug == "mine" and "A街道·综合治理平台" in page.content.decode()


def test_who_sees_the_boards(month, tree):
    t, a, b = month["tree"], month["a"], month["b"]
    district = user_with_role(Role.DISTRICT_OFFICIAL, t["district_a"], username="district")
    city = user_with_role(Role.CITY_ADMIN, t["city"], username="city")
    gov = a["governance"].pk
    # A district official picks among their streets, then sees one; the city sees every street.
    picker = login(district).get("/demands/platforms/")
    assert [s["street"] for s in picker.context["streets"]] == [t["street_a"]]
    chosen = login(district).get("/demands/platforms/", {"territory": t["street_a"].pk})
    assert chosen.status_code == 200 and chosen.context["can_switch"]
    assert login(district).get(f"/demands/platforms/{gov}/").status_code == 200
    assert len(login(city).get("/demands/platforms/").context["streets"]) == 2
    assert login(city).get("/demands/platforms/", {"territory": t["street_b"].pk}).status_code == 200
    # Out of scope answers exactly like missing; so does a node that is not a street.
    official = login(month["official"])
    assert not official.get("/demands/platforms/", {"territory": t["street_a"].pk}).context["can_switch"]
    missing = official.get("/demands/platforms/", {"territory": 987654})
    other = official.get("/demands/platforms/", {"territory": t["street_b"].pk})
    community = official.get("/demands/platforms/", {"territory": t["community_a"].pk})
    assert missing.status_code == other.status_code == community.status_code == 404
    # The same page but for the per-request CSRF token: nothing tells the two apart.
    assert without_csrf(missing.content) == without_csrf(other.content)
    assert official.get(f"/demands/platforms/{b['governance'].pk}/").status_code == 404
    assert official.get("/demands/platforms/987654/").status_code == 404
    assert official.get(f"/demands/platforms/{b['governance'].pk}/export.xlsx").status_code == 404
    # A platform's member sees their own platform's board, not the street's centre nor another platform.
    member = login(month["member"])
    assert member.get(f"/demands/platforms/{gov}/").status_code == 200
    assert member.get(f"/demands/platforms/{a['emergency'].pk}/").status_code == 404
    assert member.get("/demands/platforms/").status_code == 404
    # A community worker of the street is no official of its 调度中心; a resident sees nothing.
    for user in (month["desk"], month["resident"]):
        c = login(user)
        assert c.get("/demands/platforms/").status_code == 404
        assert c.get("/demands/platforms/", {"territory": t["street_a"].pk}).status_code == 404
        assert c.get("/demands/platforms/export.xlsx", {"territory": t["street_a"].pk}).status_code == 404
        assert c.get(f"/demands/platforms/{gov}/").status_code == 404
        assert c.get(f"/demands/platforms/{gov}/export.xlsx").status_code == 404


def test_the_board_reads_a_fixed_number_of_queries(month, django_assert_max_num_queries):
    client = login(month["official"])
    with django_assert_max_num_queries(14):
        assert client.get("/demands/platforms/", {"period": "2025-03"}).status_code == 200


def test_the_demo_gives_every_street_four_platforms_and_routes_some_through_them(tree):
    t = tree
    user_with_role(Role.STREET_OFFICIAL, t["street_a"], username="street_official")
    user_with_role(Role.DEPARTMENT_HANDLER, t["district_a"], username="department_handler")
    demo.demo_build(city=t["city"], seed=7, scale=3, step=lambda _: None)
    assert Handler.objects.exclude(platform="").count() == 8  # two streets × four
    a = platforms.platform_handlers(street=t["street_a"])
    assert set(a) == set(Platform.values)
    for value, handler in a.items():
        assert Demand.objects.filter(handler=handler).exists(), value
        member = User.objects.get(username=f"platform_{value}")
        assert list(handler.members.all()) == [member]
    routed = Demand.objects.exclude(handler__platform="").exclude(handler=None).count()
    assert 0 < routed < Demand.objects.exclude(handler=None).count()
    rules = DispatchRule.objects.exclude(handler=None).filter(handler__platform__gt="").count()
    counts = (Handler.objects.count(), DispatchRule.objects.count(), User.objects.count(), routed)
    demo.demo_build(city=t["city"], seed=7, scale=3, step=lambda _: None)  # twice changes nothing
    assert (Handler.objects.count(), DispatchRule.objects.count(), User.objects.count()) == counts[:3]
    assert rules == 6  # street A: every category to a platform; street B is not in the sample


def test_ids_beyond_the_database_integer_answer_not_found(cast, client):
    client.force_login(cast["official"])
    assert client.get("/demands/platforms/", {"territory": "9" * 30}).status_code == 404
    assert client.get(f"/demands/platforms/{'9' * 30}/").status_code == 404


def without_csrf(content: bytes) -> str:
    """Drop the CSRF tokens, which are masked afresh on every page."""
    return re.sub(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', r"\1", content.decode())
