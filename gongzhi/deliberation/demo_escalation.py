"""Demo: a demand escalated into deliberation, decided by the council, and resumed — all through the services."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongzhi.deliberation import meetings, voting
from gongzhi.deliberation.models import Topic
from gongzhi.deliberation.models.meetings import Presence, RollSource
from gongzhi.deliberation.services import topic_advance, topic_raise_from_demand
from gongzhi.deliberation.workflow import Body
from gongzhi.people.models import Council, User
from gongzhi.territory.models import Territory, subtree_bounds


def _route(community: Territory, demand) -> None:
    """Make sure the demand can be dispatched once decided: a community handler when no rule routes it."""
    from gongzhi.demands import routing
    from gongzhi.demands.models import DispatchRule, Handler

    if routing.route(category=demand.category, territory=demand.territory).handler is not None:
        return
    handler, _ = Handler.objects.get_or_create(
        territory=community, name=f"{community.name}居委会", defaults={"kind": "community"}
    )
    DispatchRule.objects.get_or_create(territory=community, category=None, handler=handler)


def escalate_and_decide(*, actor: User, community: Territory) -> Topic | None:
    from gongzhi.demands.models import Demand
    from gongzhi.demands.services import demand_submit, demand_transition

    council = (
        Council.objects.filter(territory__path__range=subtree_bounds(community.path)).order_by("id").first()
    )
    if council is None:
        return None
    with transaction.atomic():
        demand, created = demand_submit(
            actor=actor,
            idempotency_key=f"demo-deliberation-{community.pk}",
            channel="walk_in",
            title="小区公共收益使用不透明",
            text="多位居民反映小区广告位和停车费收益去向不明，希望公开并商量怎么用，涉及几个小区。",
            territory_id=council.territory_id,
            contact_name="王秀英",
            contact_phone="13912345678",
        )
        if not created and demand.topics.exists():
            return demand.topics.first()
        demand_transition(actor=actor, demand_id=demand.pk, action="accept")
        demand_transition(
            actor=actor,
            demand_id=demand.pk,
            action="escalate",
            note="涉及多个小区，转入议事协商",
            to="deliberation",
        )
        demand.refresh_from_db()
        _route(community, demand)
        topic = topic_raise_from_demand(actor=actor, demand=Demand.objects.get(pk=demand.pk))
        topic_advance(actor=actor, topic_id=topic.pk, action="propose", note="两委会研究，列为议题")
        topic_advance(actor=actor, topic_id=topic.pk, action="deliberate")
        meeting = meetings.meeting_create(
            actor=actor,
            territory=topic.territory,
            body=Body.COUNCIL,
            title=f"{council.name}专题议事会",
            scheduled_at=timezone.now() - dt.timedelta(hours=2),
            council_id=council.pk,
            topic_ids=[topic.pk],
            place=f"{community.name}党群服务中心",
        )
        meetings.meeting_draw_roll(actor=actor, meeting_id=meeting.pk, source=RollSource.COUNCIL)
        roll = list(meeting.roll.order_by("id"))
        meetings.attendance_mark(
            actor=actor,
            meeting_id=meeting.pk,
            statuses={
                a.pk: Presence.PRESENT if i < max(1, len(roll) - 1) else Presence.EXCUSED
                for i, a in enumerate(roll)
            },
        )
        meetings.meeting_hold(
            actor=actor,
            meeting_id=meeting.pk,
            minutes="议事会一致同意：公共收益每季度公示，优先用于更换单元门禁。",
        )
        vote = voting.vote_open(
            actor=actor,
            meeting_id=meeting.pk,
            topic_id=topic.pk,
            motion="公共收益每季度公示，用于更换单元门禁",
        )
        for a in roll[: max(1, len(roll) - 1)]:
            voting.vote_cast(actor=actor, vote_id=vote.pk, attendance_id=a.pk, choice="for")
        voting.vote_close(actor=actor, vote_id=vote.pk)
        return topic_advance(actor=actor, topic_id=topic.pk, action="decide")
