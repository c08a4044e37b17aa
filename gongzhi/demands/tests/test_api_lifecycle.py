"""One demand walked through every state by API, and the refusals a user meets on the way."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from gongzhi.demands.models import Demand, DemandEvent
from gongzhi.demands.workflow import State

URL = "/api/v1/demands/"


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def act(user, demand_id: int, action: str, expect: int = 200, **data):
    response = as_user(user).post(f"{URL}{demand_id}/{action}/", data, format="json")
    assert response.status_code == expect, response.json()
    return response.json()


@pytest.fixture
def submitted(cast):
    """Given a resident's report about the lift, sent with an idempotency key."""
    response = as_user(cast["resident"]).post(
        URL,
        {
            "channel": "self_report",
            "title": "电梯坏了",
            "text": "3号楼电梯停了两天，物业一直没人来修",
            "territory_id": cast["tree"]["grid_a"].pk,
            "contact_name": "王秀英",
            "contact_phone": "13912345678",
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="lift-2026-0001",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_demand_goes_through_every_state_and_every_step_is_on_its_timeline(cast, submitted):
    d = submitted["id"]
    assert submitted["state"] == State.SUBMITTED
    assert submitted["category"] == "property"  # classified by the keywords 电梯 / 物业

    act(cast["desk"], d, "accept")
    body = act(cast["desk"], d, "dispatch")
    assert body["handler"] == cast["handler"].pk and body["due_at"]
    act(cast["worker1"], d, "claim")
    act(cast["worker1"], d, "return", note="电梯归维保公司，不归物业中心")
    act(cast["desk"], d, "dispatch", handler_id=cast["handler"].pk)
    act(cast["worker2"], d, "claim")
    act(cast["worker2"], d, "escalate", note="涉及三个小区的电梯改造", to="parent")
    act(cast["official"], d, "dispatch", handler_id=cast["handler"].pk, deadline_hours=7)
    act(cast["official"], d, "supervise", note="请加快")
    act(cast["worker1"], d, "claim")
    act(cast["worker1"], d, "resolve", result="已联系维保公司更换主板，电梯恢复运行")
    act(cast["resident"], d, "follow_up", satisfaction="dissatisfied", note="第二天又坏了")
    act(cast["desk"], d, "reopen", note="居民不满意，重办")
    act(cast["worker1"], d, "claim")
    act(cast["worker1"], d, "resolve", result="更换了曳引机，连续运行一周无故障")
    act(cast["desk"], d, "follow_up", satisfaction="satisfied")
    body = act(cast["desk"], d, "close")

    assert body["state"] == State.CLOSED
    assert body["supervised"] is True
    assert body["actions"] == []
    steps = [(e["action"], e["from_state"], e["to_state"]) for e in body["events"]]
    assert steps[0] == ("submit", "", "submitted")
    assert [s[0] for s in steps[1:]] == [
        "accept", "dispatch", "claim", "return", "dispatch", "claim", "escalate", "dispatch",
        "supervise", "claim", "resolve", "follow_up", "reopen", "claim", "resolve", "follow_up", "close",
    ]  # fmt: skip
    visited = {s[2] for s in steps}
    assert visited == set(State.values) - {State.REJECTED, State.MERGED}
    assert body["events"][4]["note"] == "电梯归维保公司，不归物业中心"
    assert body["events"][4]["actor_name"] == str(cast["worker1"])
    assert body["events"][4]["action_label"] == "退单"


def test_a_demand_can_be_rejected_with_a_reason(cast, submitted):
    act(cast["desk"], submitted["id"], "reject", expect=400)  # no reason given
    body = act(cast["desk"], submitted["id"], "reject", note="属于私人合同纠纷，建议走司法途径")

    assert body["state"] == State.REJECTED
    assert body["events"][-1]["note"] == "属于私人合同纠纷，建议走司法途径"


def test_a_duplicate_is_merged_into_the_first_demand(cast, submitted):
    other = as_user(cast["desk"]).post(
        URL,
        {"channel": "walk_in", "text": "3号楼电梯又坏了", "territory_id": cast["tree"]["grid_a"].pk},
        format="json",
        HTTP_IDEMPOTENCY_KEY="walk-in-7",
    )
    assert other.status_code == 201

    body = act(cast["desk"], other.json()["id"], "merge", into_id=submitted["id"])

    assert body["state"] == State.MERGED
    assert body["merged_into"] == submitted["id"]
    act(cast["desk"], submitted["id"], "merge", expect=409, into_id=submitted["id"])


def test_an_illegal_transition_answers_409_in_chinese_and_changes_nothing(cast, submitted):
    body = act(cast["worker1"], submitted["id"], "claim", expect=409)

    assert body["code"] == "illegal_transition"
    assert (
        body["detail"]
        == "诉求当前状态为「已提交」，不能接单。此状态下可以：受理、不予受理、定位、归类、合并。"
    )
    assert Demand.objects.get(pk=submitted["id"]).state == State.SUBMITTED
    assert DemandEvent.objects.filter(demand_id=submitted["id"]).count() == 1


def test_a_role_the_table_does_not_name_is_refused_with_403(cast, submitted):
    body = act(cast["resident"], submitted["id"], "accept", expect=403)

    assert "不能对诉求执行「受理」" in body["detail"]


def test_someone_outside_the_handler_cannot_claim_its_order(cast, submitted, tree):
    from gongzhi.people.roles import Role
    from gongzhi.people.tests.factories import user_with_role

    stranger = user_with_role(Role.DEPARTMENT_HANDLER, tree["street_a"], username="stranger")
    act(cast["desk"], submitted["id"], "accept")
    act(cast["desk"], submitted["id"], "dispatch")

    body = act(stranger, submitted["id"], "claim", expect=403)

    assert "A社区物业服务中心" in body["detail"]


def test_an_unknown_action_is_a_bad_request(cast, submitted):
    assert act(cast["desk"], submitted["id"], "teleport", expect=400)["code"] == "unknown_action"


def test_the_detail_lists_what_the_user_may_do_now(cast, submitted):
    body = as_user(cast["desk"]).get(f"{URL}{submitted['id']}/").json()

    assert body["actions"] == ["accept", "reject", "locate", "categorize", "merge"]
    assert as_user(cast["resident"]).get(f"{URL}{submitted['id']}/").json()["actions"] == []


def test_an_order_cannot_be_dispatched_to_a_handler_of_another_district(cast, submitted, tree):
    from gongzhi.demands.tests.factories import HandlerFactory

    elsewhere = HandlerFactory(territory=tree["community_b"])
    act(cast["desk"], submitted["id"], "accept")

    body = act(cast["official"], submitted["id"], "dispatch", expect=400, handler_id=elsewhere.pk)

    assert body["detail"] == "所选承办单位不负责该诉求所在的辖区，请另选。"


def test_a_handler_member_without_a_territorial_role_works_the_order_and_may_send_it_back(cast, submitted):
    from gongzhi.people.tests.factories import UserFactory

    contractor = UserFactory(username="contractor")
    cast["handler"].members.add(contractor)
    act(cast["desk"], submitted["id"], "accept")
    act(cast["desk"], submitted["id"], "dispatch")

    act(contractor, submitted["id"], "claim")
    body = act(contractor, submitted["id"], "return", note="不归我们管")

    assert body == {"id": submitted["id"], "state": "returned", "state_label": "已退单"}
