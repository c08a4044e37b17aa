"""Votes: open a motion, cast or count ballots, close it with the body's quorum and majority.

Secret ballots: a Ballot row is written without any voter and with a random key, the
BallotCast row says only that a person voted, neither has change history, and the tallies
stay hidden until the vote is closed, so no one can tell who voted what.
"""

from __future__ import annotations

import random

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.deliberation import quorum, workflow
from gongzhi.deliberation.models import AgendaItem, Attendance, Ballot, BallotCast, Vote
from gongzhi.deliberation.models.meetings import Choice, MeetingState, Outcome, Presence, VoteState
from gongzhi.deliberation.selectors import meeting_visible, rule_for, topic_visible
from gongzhi.deliberation.services import topic_record
from gongzhi.people.models import User
from gongzhi.people.scope import roles_at


def _is_clerk(actor: User, vote_or_meeting) -> bool:
    meeting = getattr(vote_or_meeting, "meeting", vote_or_meeting)
    return actor.is_superuser or bool(roles_at(actor, meeting.territory.path) & workflow.DELIBERATORS)


def _lock(*, actor: User, vote_id) -> Vote:
    try:
        return (
            Vote.objects.select_for_update(of=("self",))
            .select_related("meeting__territory", "topic")
            .get(pk=int(vote_id), meeting__in=meeting_visible(actor=actor).values("pk"))
        )
    except (Vote.DoesNotExist, ValueError, TypeError):
        raise NotFound("表决未找到。")


def vote_open(
    *, actor: User, meeting_id: int, motion: str = "", topic_id: int | None = None, secret: bool = False
) -> Vote:
    """Put a motion to the meeting; a topic it concerns goes on the agenda."""
    with transaction.atomic():
        try:
            meeting = (
                meeting_visible(actor=actor)
                .select_for_update(of=("self",))
                .select_related("territory")
                .get(pk=int(meeting_id))
            )
        except Exception:
            raise NotFound("会议未找到。")
        if not _is_clerk(actor, meeting):
            raise PermissionDenied("只有两委成员和议事会成员可以组织表决。")
        if meeting.state == MeetingState.CANCELLED:
            raise Conflict("会议已取消，不能表决。")
        motion = (motion or "").strip()
        topic = None
        if topic_id:
            try:
                topic = topic_visible(actor=actor).get(pk=int(topic_id))
            except Exception:
                raise NotFound("议题未找到。")
            AgendaItem.objects.get_or_create(
                meeting=meeting, topic=topic, defaults={"order": meeting.items.count() + 1}
            )
            motion = motion or f"同意「{topic.title}」"
        if not motion:
            raise ValidationFailed("请填写表决事项。")
        vote = Vote.objects.create(meeting=meeting, topic=topic, motion=motion[:200], secret=bool(secret))
        if topic is not None:
            topic_record(
                topic=topic,
                actor=actor,
                action="vote_open",
                note=f"{meeting.get_body_display()}表决：{vote.motion}（{'无记名' if vote.secret else '记名'}）",
                extra={"vote_id": vote.pk, "meeting_id": meeting.pk, "secret": vote.secret},
            )
    return vote


def _voter(vote: Vote, attendance_id) -> Attendance:
    try:
        voter = vote.meeting.roll.get(pk=int(attendance_id))
    except (Attendance.DoesNotExist, ValueError, TypeError):
        raise NotFound("参会人员未找到。")
    if not voter.voting:
        raise Conflict(f"{voter.name}是列席人员，没有表决权。")
    if voter.status != Presence.PRESENT:
        raise Conflict(f"{voter.name}未登记出席，不能投票。")
    return voter


def vote_cast(*, actor: User, vote_id: int, attendance_id: int, choice: str) -> None:
    """Cast one ballot. An open vote may be recorded by the clerk (举手表决); a secret one only by the voter."""
    if choice not in Choice.values:
        raise ValidationFailed("表决意见只能是：赞成（for）、反对（against）、弃权（abstain）。")
    with transaction.atomic():
        vote = _lock(actor=actor, vote_id=vote_id)
        if vote.state != VoteState.OPEN:
            raise Conflict("表决已计票结束。")
        voter = _voter(vote, attendance_id)
        own = voter.user_id is not None and voter.user_id == actor.pk
        if vote.secret and not own:
            raise PermissionDenied("无记名投票只能由本人投票；纸质选票请用「录入纸质票」。")
        if not vote.secret and not own and not _is_clerk(actor, vote):
            raise PermissionDenied("只有本人或会议记录人可以录入表决意见。")
        try:
            with transaction.atomic():
                BallotCast.objects.create(vote=vote, attendance=voter)
        except IntegrityError:
            raise Conflict(f"{voter.name}已经投过票。")
        Ballot.objects.create(vote=vote, choice=choice, voter=None if vote.secret else voter)


def vote_count_paper(
    *, actor: User, vote_id: int, cast_by: list[int], for_count: int, against_count: int, abstain_count: int
) -> int:
    """Enter the count of paper ballots: who handed one in, and how many said what (never who said what)."""
    counts = {Choice.FOR: for_count, Choice.AGAINST: against_count, Choice.ABSTAIN: abstain_count}
    if any(int(n) < 0 for n in counts.values()):
        raise ValidationFailed("票数不能为负。")
    if sum(int(n) for n in counts.values()) != len(set(cast_by)):
        raise ValidationFailed(
            f"票数合计（{sum(counts.values())}）与交回选票的人数（{len(set(cast_by))}）不一致。"
        )
    with transaction.atomic():
        vote = _lock(actor=actor, vote_id=vote_id)
        if not _is_clerk(actor, vote):
            raise PermissionDenied("只有两委成员和议事会成员可以录入计票结果。")
        if vote.state != VoteState.OPEN:
            raise Conflict("表决已计票结束。")
        voters = [_voter(vote, pk) for pk in sorted(set(cast_by))]
        if BallotCast.objects.filter(vote=vote, attendance__in=voters).exists():
            raise Conflict("名单中有人已经投过票。")
        BallotCast.objects.bulk_create([BallotCast(vote=vote, attendance=v) for v in voters])
        ballots = [Ballot(vote=vote, choice=c) for c, n in counts.items() for _ in range(int(n))]
        random.SystemRandom().shuffle(ballots)
        Ballot.objects.bulk_create(ballots)
    return len(voters)


def vote_close(*, actor: User, vote_id: int) -> Vote:
    """Count the ballots and decide with the body's quorum and majority, or record "no decision" and why."""
    with transaction.atomic():
        vote = _lock(actor=actor, vote_id=vote_id)
        if not _is_clerk(actor, vote):
            raise PermissionDenied("只有两委成员和议事会成员可以计票。")
        if vote.state != VoteState.OPEN:
            raise Conflict("表决已计票结束。")
        meeting = vote.meeting
        roll = meeting.roll.filter(voting=True)
        tallies = dict(vote.ballots.values_list("choice").annotate(n=Count("id")).values_list("choice", "n"))
        rule = rule_for(body=meeting.body, territory=meeting.territory)
        vote.roll_count = roll.count()
        vote.present_count = roll.filter(status=Presence.PRESENT).count()
        vote.for_count = tallies.get(Choice.FOR, 0)
        vote.against_count = tallies.get(Choice.AGAINST, 0)
        vote.abstain_count = tallies.get(Choice.ABSTAIN, 0)
        outcome = quorum.decide(
            rule=rule,
            roll=vote.roll_count,
            present=vote.present_count,
            for_=vote.for_count,
            against=vote.against_count,
            abstain=vote.abstain_count,
        )
        vote.outcome = Outcome.PASSED if outcome.passed else Outcome.NO_DECISION
        vote.reason = outcome.reason
        vote.rule = rule.as_dict()
        vote.state = VoteState.CLOSED
        vote.closed_at = timezone.now()
        vote.save()
        if meeting.state == MeetingState.PLANNED:
            meeting.state, meeting.held_at = MeetingState.HELD, meeting.held_at or vote.closed_at
            meeting.save(update_fields=["state", "held_at", "updated_at"])
        if vote.topic_id:
            topic_record(
                topic=vote.topic,
                actor=actor,
                action="vote_close",
                note=f"{meeting.get_body_display()}表决「{vote.motion}」：{vote.get_outcome_display()}。{vote.reason}",
                extra={
                    "vote_id": vote.pk,
                    "body": meeting.body,
                    "outcome": vote.outcome,
                    "reason_code": outcome.reason_code,
                    "for": vote.for_count,
                    "against": vote.against_count,
                    "abstain": vote.abstain_count,
                    "present": vote.present_count,
                    "roll": vote.roll_count,
                },
            )
    return vote
