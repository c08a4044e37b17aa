"""Hold a meeting on a topic and vote, as the clerk of a community would, through the services."""

from __future__ import annotations

from django.utils import timezone

from gongzhi.deliberation import meetings, voting
from gongzhi.deliberation.models.meetings import Presence


def meeting_vote(
    actor,
    topic,
    *,
    body: str,
    source: str,
    council=None,
    territory=None,
    present: int | None = None,
    for_: int | None = None,
    against: int = 0,
    secret: bool = False,
):
    """Convene `body`, draw its roll from `source`, mark `present` people in, vote and close.

    By default everyone comes and everyone votes for.
    """
    meeting = meetings.meeting_create(
        actor=actor,
        territory=territory or topic.territory,
        body=body,
        title=f"{topic.title}·{body}",
        scheduled_at=timezone.now(),
        council_id=council.pk if council else None,
        topic_ids=[topic.pk],
    )
    meetings.meeting_draw_roll(actor=actor, meeting_id=meeting.pk, source=source)
    roll = list(meeting.roll.order_by("id"))
    present = len(roll) if present is None else present
    statuses = {a.pk: (Presence.PRESENT if i < present else Presence.ABSENT) for i, a in enumerate(roll)}
    meetings.attendance_mark(actor=actor, meeting_id=meeting.pk, statuses=statuses)
    vote = voting.vote_open(actor=actor, meeting_id=meeting.pk, topic_id=topic.pk, secret=secret)
    here = roll[:present]
    for_ = present - against if for_ is None else for_
    if secret:
        voting.vote_count_paper(
            actor=actor,
            vote_id=vote.pk,
            cast_by=[a.pk for a in here],
            for_count=for_,
            against_count=against,
            abstain_count=present - for_ - against,
        )
    else:
        for i, a in enumerate(here):
            choice = "for" if i < for_ else "against" if i < for_ + against else "abstain"
            voting.vote_cast(actor=actor, vote_id=vote.pk, attendance_id=a.pk, choice=choice)
    return voting.vote_close(actor=actor, vote_id=vote.pk)
