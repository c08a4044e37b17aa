"""A topic taken through each procedure end to end, and the refusals met on the way."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from gongzhi.core.errors import Conflict, ValidationFailed
from gongzhi.deliberation import board
from gongzhi.deliberation.models import Topic, Vote
from gongzhi.deliberation.models.meetings import RollSource
from gongzhi.deliberation.services import topic_advance, topic_raise
from gongzhi.deliberation.tests.steps import meeting_vote
from gongzhi.deliberation.workflow import Body, Procedure, Step


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_six_steps_from_a_residents_idea_to_the_publics_rating(town):
    worker, resident = town["worker"], town["resident"]
    # Given a resident raises a topic in their grid (百姓点事)
    response = api(resident).post(
        "/api/v1/topics/",
        {"territory_id": town["tree"]["grid_a"].pk, "title": "加装电梯", "text": "3号楼老人多，想加装电梯"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    topic_id = response.json()["id"]
    assert response.json()["procedure"] == Procedure.SIX_STEPS
    assert response.json()["actions"] == []  # a resident cannot propose
    # When the committees propose it and the residents deliberate
    topic_advance(actor=worker, topic_id=topic_id, action="propose", note="两委会研究后列为议题")
    topic_advance(actor=worker, topic_id=topic_id, action="deliberate")
    topic = Topic.objects.get(pk=topic_id)
    # and the council votes on it
    vote = meeting_vote(worker, topic, body=Body.COUNCIL, source=RollSource.COUNCIL, council=town["council"])
    assert vote.outcome == "passed", vote.reason
    response = api(worker).post(f"/api/v1/topics/{topic_id}/advance/", {"action": "decide"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["decision"] == "同意「加装电梯」"
    topic_advance(actor=worker, topic_id=topic_id, action="implement", note="街道、物业、业主三方共同出资")
    # Then evaluation waits for the published result
    with pytest.raises(Conflict, match="实施结果公开"):
        topic_advance(actor=worker, topic_id=topic_id, action="evaluate")
    pub = board.publication_publish(
        actor=worker, kind="result", title="加装电梯完工", body="3号楼电梯已于6月投入使用", topic_id=topic_id
    )
    board.publication_comment(actor=resident, publication_id=pub.pk, text="方便多了", rating=5)
    topic = topic_advance(actor=worker, topic_id=topic_id, action="evaluate")
    assert topic.step == Step.EVALUATED
    assert (topic.rating_avg, topic.rating_count) == (5.0, 1)
    # And a later rating still feeds the evaluation
    other = town["tree"]["household_a"]
    from gongzhi.people.tests.factories import user_with_role

    neighbour = user_with_role("resident", other, username="neighbour")
    board.publication_comment(actor=neighbour, publication_id=pub.pk, rating=3)
    topic.refresh_from_db()
    assert (topic.rating_avg, topic.rating_count) == (4.0, 2)
    actions = [e.action for e in topic.events.order_by("at", "id")]
    for expected in ("raise", "propose", "deliberate", "agenda", "vote_open", "vote_close", "decide"):
        assert expected in actions
    assert actions[-1] == "comment"


def test_four_deliberations_in_a_village_with_both_publications(town):
    clerk, villager = town["village_worker"], town["villager"]
    topic = topic_raise(
        actor=villager, territory=town["village"], title="村集体鱼塘承包", text="鱼塘到期重新发包"
    )
    assert topic.procedure == Procedure.FOUR_DELIBERATIONS  # village matters default to 四议两公开
    with pytest.raises(Conflict, match="党支部委员会"):
        topic_advance(actor=clerk, topic_id=topic.pk, action="branch_propose")
    meeting_vote(clerk, topic, body=Body.BRANCH, source=RollSource.COMMITTEE)
    topic_advance(actor=clerk, topic_id=topic.pk, action="branch_propose")
    meeting_vote(clerk, topic, body=Body.COMMITTEES, source=RollSource.COMMITTEE)
    topic_advance(actor=clerk, topic_id=topic.pk, action="committees_discuss")
    meeting_vote(clerk, topic, body=Body.PARTY_MEMBERS, source=RollSource.PARTY_MEMBER, secret=True)
    topic_advance(actor=clerk, topic_id=topic.pk, action="members_review")
    meeting_vote(clerk, topic, body=Body.REPRESENTATIVES, source=RollSource.REPRESENTATIVE, present=5, for_=4)
    topic = topic_advance(actor=clerk, topic_id=topic.pk, action="decide", decision="公开竞价发包，期限5年")
    assert topic.decision == "公开竞价发包，期限5年"
    # Publishing the resolution takes the 决议公开 step by itself
    board.publication_publish(
        actor=clerk, kind="resolution", title="鱼塘发包决议", body="……", topic_id=topic.pk
    )
    topic.refresh_from_db()
    assert topic.step == Step.RESOLUTION_PUBLISHED
    topic_advance(actor=clerk, topic_id=topic.pk, action="implement")
    board.publication_publish(
        actor=clerk, kind="result", title="鱼塘发包结果", body="中标价每年3万元", topic_id=topic.pk
    )
    topic.refresh_from_db()
    assert topic.step == Step.RESULT_PUBLISHED
    topic = topic_advance(actor=clerk, topic_id=topic.pk, action="evaluate")
    assert topic.step == Step.EVALUATED
    steps = list(topic.events.exclude(to_step="").order_by("at", "id").values_list("to_step", flat=True))
    assert steps == [
        "raised",
        "branch_proposed",
        "committees_discussed",
        "members_reviewed",
        "decided",
        "resolution_published",
        "implementing",
        "result_published",
        "evaluated",
    ]


def _village_topic_at_review(town) -> Topic:
    clerk = town["village_worker"]
    topic = topic_raise(actor=clerk, territory=town["village"], title="修建村道", text="")
    for body, source, action in [
        (Body.BRANCH, RollSource.COMMITTEE, "branch_propose"),
        (Body.COMMITTEES, RollSource.COMMITTEE, "committees_discuss"),
        (Body.PARTY_MEMBERS, RollSource.PARTY_MEMBER, "members_review"),
    ]:
        meeting_vote(clerk, topic, body=body, source=source)
        topic_advance(actor=clerk, topic_id=topic.pk, action=action)
    return topic


def test_a_decision_without_quorum_is_refused(town):
    topic = _village_topic_at_review(town)
    # 6 representatives: 3 present is less than two thirds
    vote = meeting_vote(
        town["village_worker"], topic, body=Body.REPRESENTATIVES, source=RollSource.REPRESENTATIVE, present=3
    )
    assert vote.outcome == "no_decision"
    assert "未达到法定人数" in vote.reason and "应到 6 人，实到 3 人" in vote.reason
    with pytest.raises(Conflict, match="须达到法定人数和多数"):
        topic_advance(actor=town["village_worker"], topic_id=topic.pk, action="decide")
    assert Topic.objects.get(pk=topic.pk).step == Step.MEMBERS_REVIEWED


def test_a_decision_without_majority_is_refused(town):
    topic = _village_topic_at_review(town)
    vote = meeting_vote(
        town["village_worker"],
        topic,
        body=Body.REPRESENTATIVES,
        source=RollSource.REPRESENTATIVE,
        present=6,
        for_=3,
        against=2,
    )
    assert vote.outcome == "no_decision" and "赞成票未达到" in vote.reason
    response = api(town["village_worker"]).post(
        f"/api/v1/topics/{topic.pk}/advance/", {"action": "decide"}, format="json"
    )
    assert response.status_code == 409
    assert "通过本议题的表决" in response.json()["detail"]


def test_an_out_of_order_step_answers_409_naming_the_due_step(town):
    topic = topic_raise(actor=town["resident"], territory=town["tree"]["grid_a"], title="楼道堆物", text="")
    response = api(town["worker"]).post(
        f"/api/v1/topics/{topic.pk}/advance/", {"action": "implement"}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "illegal_transition"
    assert "下一步应为「两委提事」" in body["detail"]
    assert body["due_action"] == "propose"


def test_an_urban_community_uses_four_deliberations_only_for_major_matters(town):
    with pytest.raises(ValidationFailed, match="三重一大"):
        topic_raise(
            actor=town["worker"],
            territory=town["tree"]["community_a"],
            title="x",
            procedure=Procedure.FOUR_DELIBERATIONS,
        )
    topic = topic_raise(
        actor=town["worker"],
        territory=town["tree"]["community_a"],
        title="社区服务中心改扩建",
        procedure=Procedure.FOUR_DELIBERATIONS,
        is_major=True,
    )
    assert topic.is_major


def test_a_custom_quorum_rule_for_one_territory_wins_over_the_default(town):
    from fractions import Fraction

    from gongzhi.deliberation.models import QuorumRule
    from gongzhi.deliberation.selectors import rule_for

    QuorumRule.objects.create(
        territory=town["tree"]["street_a"],
        body=Body.REPRESENTATIVES,
        quorum_numerator=4,
        quorum_denominator=5,
        majority_numerator=2,
        majority_denominator=3,
        majority_base="present",
        majority_strict=False,
    )
    assert rule_for(body=Body.REPRESENTATIVES, territory=town["village"]).quorum == Fraction(4, 5)
    assert rule_for(body=Body.REPRESENTATIVES, territory=town["tree"]["community_b"]).quorum == Fraction(2, 3)
    topic = _village_topic_at_review(town)
    vote = meeting_vote(
        town["village_worker"], topic, body=Body.REPRESENTATIVES, source=RollSource.REPRESENTATIVE, present=4
    )
    assert vote.outcome == "no_decision"  # 4 of 6 is two thirds, but this street asks for four fifths
    assert Vote.objects.filter(topic=topic, outcome="passed").count() == 3
