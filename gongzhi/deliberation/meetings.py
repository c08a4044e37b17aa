"""Writes to meetings: convening, the roll drawn from the registers, attendance, minutes, regular
meetings from their recurrence rule, and reminders to members."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.deliberation import recurrence, workflow
from gongzhi.deliberation.models import AgendaItem, Attendance, Meeting, MeetingSeries, Reminder, Topic
from gongzhi.deliberation.models.meetings import MeetingState, Presence, RollSource, VoteState
from gongzhi.deliberation.selectors import meeting_visible, topic_visible
from gongzhi.deliberation.services import topic_record
from gongzhi.people.models import (
    CommunityWorker,
    Council,
    CouncilMember,
    PartyMember,
    Resident,
    RoleAssignment,
    User,
)
from gongzhi.people.models.org import CouncilRole
from gongzhi.people.roles import Role
from gongzhi.people.scope import get_in_scope, roles_at
from gongzhi.territory.models import Territory, subtree_bounds

REPRESENTATIVE_ROLES = {CouncilRole.RESIDENT_REPRESENTATIVE, CouncilRole.PARTY_REPRESENTATIVE}


def check_convener(actor: User, node: Territory) -> None:
    if actor.is_superuser:
        return
    roles = roles_at(actor, node.path)
    if not roles:
        raise NotFound("辖区未找到。")
    if not roles & workflow.DELIBERATORS:
        raise PermissionDenied("只有两委成员和议事会成员可以组织会议。")


def _lock(*, actor: User, meeting_id) -> Meeting:
    try:
        meeting = (
            meeting_visible(actor=actor)
            .select_for_update(of=("self",))
            .select_related("territory")
            .get(pk=int(meeting_id))
        )
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise NotFound("会议未找到。")
    check_convener(actor, meeting.territory)
    return meeting


def meeting_create(
    *,
    actor: User,
    territory,
    body: str,
    title: str,
    scheduled_at: dt.datetime,
    place: str = "",
    agenda: str = "",
    council_id: int | None = None,
    topic_ids: list[int] | tuple = (),
    kind: str = recurrence.MeetingKind.AD_HOC,
) -> Meeting:
    """Convene a meeting of one body, with the topics on its agenda."""
    node = (
        territory
        if isinstance(territory, Territory)
        else get_in_scope(Territory.objects.all(), actor, territory)
    )
    check_convener(actor, node)
    if body not in workflow.Body.values:
        raise ValidationFailed(f"未知的会议主体「{body}」。")
    if timezone.is_naive(scheduled_at):
        raise ValidationFailed("召开时间须带时区。")
    council = None
    if council_id:
        council = get_in_scope(Council.objects.all(), actor, council_id)
    with transaction.atomic():
        meeting = Meeting.objects.create(
            territory=node,
            body=body,
            title=(title or "").strip()[:100] or f"{workflow.Body(body).label}",
            kind=kind,
            scheduled_at=scheduled_at,
            place=place,
            agenda=agenda,
            council=council,
            created_by=actor,
        )
        for topic_id in topic_ids:
            _add_topic(actor=actor, meeting=meeting, topic_id=topic_id)
    return meeting


def _add_topic(*, actor: User, meeting: Meeting, topic_id) -> AgendaItem:
    try:
        topic = topic_visible(actor=actor).get(pk=int(topic_id))
    except (Topic.DoesNotExist, ValueError, TypeError):
        raise NotFound("议题未找到。")
    item, created = AgendaItem.objects.get_or_create(
        meeting=meeting, topic=topic, defaults={"order": meeting.items.count() + 1}
    )
    if created:
        topic_record(
            topic=topic,
            actor=actor,
            action="agenda",
            note=f"列入{meeting.get_body_display()}「{meeting.title}」议程",
            extra={"meeting_id": meeting.pk, "scheduled_at": meeting.scheduled_at.isoformat()},
        )
    return item


def meeting_add_topic(*, actor: User, meeting_id: int, topic_id: int) -> AgendaItem:
    with transaction.atomic():
        meeting = _lock(actor=actor, meeting_id=meeting_id)
        if meeting.state == MeetingState.CANCELLED:
            raise Conflict("会议已取消。")
        return _add_topic(actor=actor, meeting=meeting, topic_id=topic_id)


# --- the roll ---------------------------------------------------------------------------------------
def _council_users(council: Council) -> dict[str, User]:
    """Map a council's member names to the logins that hold the council-member role at its node."""
    rows = RoleAssignment.objects.filter(
        role=Role.COUNCIL_MEMBER, territory=council.territory
    ).select_related("user")
    return {a.user.display_name: a.user for a in rows if a.user.display_name}


def _rows_from_council(meeting: Meeting, members, source: str) -> list[Attendance]:
    users: dict[int, dict[str, User]] = {}
    out = []
    for m in members:
        if m.council_id not in users:
            users[m.council_id] = _council_users(m.council)
        out.append(
            Attendance(
                meeting=meeting,
                name=m.name,
                source=source,
                council_member=m,
                user=users[m.council_id].get(m.name),
            )
        )
    return out


def meeting_draw_roll(*, actor: User, meeting_id: int, source: str, council_id: int | None = None) -> int:
    """Invite a roll (议事会、代表、两委、党员) from the registers; drawing twice adds nobody twice."""
    with transaction.atomic():
        meeting = _lock(actor=actor, meeting_id=meeting_id)
        if meeting.votes.filter(state=VoteState.CLOSED).exists():
            raise Conflict("本次会议已有表决计票，名单不能再改。")
        bounds = subtree_bounds(meeting.territory.path)
        if source == RollSource.COUNCIL:
            council = meeting.council
            if council_id:
                council = get_in_scope(Council.objects.all(), actor, council_id)
            if council is None:
                raise ValidationFailed("请指定议事会（理事会）。")
            members = CouncilMember.objects.filter(council=council).select_related("council__territory")
            rows = _rows_from_council(meeting, members.order_by("id"), RollSource.COUNCIL)
        elif source == RollSource.REPRESENTATIVE:
            members = CouncilMember.objects.filter(council__territory__path__range=bounds).select_related(
                "council__territory"
            )
            reps = [m for m in members.order_by("id") if set(m.roles or []) & REPRESENTATIVE_ROLES]
            rows = _rows_from_council(meeting, reps, RollSource.REPRESENTATIVE)
        elif source == RollSource.PARTY_MEMBER:
            members = list(PartyMember.objects.filter(territory__path__range=bounds).order_by("id"))
            users = dict(
                Resident.objects.filter(
                    id_number__in=[m.id_number for m in members], user__isnull=False
                ).values_list("id_number", "user")
            )
            rows = [
                Attendance(
                    meeting=meeting,
                    name=m.name,
                    source=source,
                    party_member=m,
                    user_id=users.get(m.id_number),
                )
                for m in members
            ]
        elif source == RollSource.COMMITTEE:
            have = set(meeting.roll.filter(source=source).values_list("name", flat=True))
            workers = CommunityWorker.objects.filter(territory=meeting.territory).order_by("id")
            rows = [
                Attendance(meeting=meeting, name=w.name, source=source, user_id=w.user_id)
                for w in workers
                if w.name not in have
            ]
        else:
            raise ValidationFailed(
                "名单来源应为：council（议事会）、representative（代表）、committee（两委）、party_member（党员）。"
            )
        before = meeting.roll.count()
        Attendance.objects.bulk_create(rows, ignore_conflicts=True)
        added = meeting.roll.count() - before
    return added


def attendance_add(
    *, actor: User, meeting_id: int, name: str, voting: bool = False, user_id: int | None = None
) -> Attendance:
    """Put one more person on the roll (列席 by default: no vote, not counted in the quorum)."""
    with transaction.atomic():
        meeting = _lock(actor=actor, meeting_id=meeting_id)
        if not (name or "").strip():
            raise ValidationFailed("请填写姓名。")
        return Attendance.objects.create(
            meeting=meeting, name=name.strip()[:50], source=RollSource.OTHER, voting=voting, user_id=user_id
        )


def attendance_mark(*, actor: User, meeting_id: int, statuses: dict[int, str]) -> int:
    """Record who came (出席、缺席、请假); frozen once a vote has been counted."""
    bad = {s for s in statuses.values() if s not in Presence.values}
    if bad:
        raise ValidationFailed(f"出席情况只能是：{'、'.join(Presence.values)}。")
    with transaction.atomic():
        meeting = _lock(actor=actor, meeting_id=meeting_id)
        if meeting.state == MeetingState.CANCELLED:
            raise Conflict("会议已取消。")
        if meeting.votes.filter(state=VoteState.CLOSED).exists():
            raise Conflict("本次会议已有表决计票，出席情况不能再改。")
        rows = {a.pk: a for a in meeting.roll.filter(pk__in=[int(k) for k in statuses])}
        if len(rows) != len(statuses):
            raise NotFound("参会人员未找到。")
        for pk, status in statuses.items():
            rows[int(pk)].status = status
        Attendance.objects.bulk_update(list(rows.values()), ["status"])
    return len(rows)


def meeting_hold(
    *, actor: User, meeting_id: int, minutes: str = "", chair_name: str = "", recorder_name: str = ""
) -> Meeting:
    """Record that the meeting took place, with its minutes; each topic on the agenda notes it."""
    with transaction.atomic():
        meeting = _lock(actor=actor, meeting_id=meeting_id)
        if meeting.state == MeetingState.CANCELLED:
            raise Conflict("会议已取消，不能记录召开。")
        first = meeting.state == MeetingState.PLANNED
        meeting.state = MeetingState.HELD
        meeting.held_at = meeting.held_at or timezone.now()
        meeting.minutes = minutes or meeting.minutes
        meeting.chair_name = chair_name or meeting.chair_name
        meeting.recorder_name = recorder_name or meeting.recorder_name
        meeting._history_user = actor
        meeting.save(
            update_fields=["state", "held_at", "minutes", "chair_name", "recorder_name", "updated_at"]
        )
        present = meeting.roll.filter(status=Presence.PRESENT).count()
        for item in meeting.items.select_related("topic"):
            topic_record(
                topic=item.topic,
                actor=actor,
                action="meeting_held" if first else "minutes",
                note=f"{meeting.get_body_display()}「{meeting.title}」{'召开' if first else '更新会议记录'}",
                extra={"meeting_id": meeting.pk, "present": present, "roll": meeting.roll.count()},
            )
    return meeting


def meeting_cancel(*, actor: User, meeting_id: int, note: str = "") -> Meeting:
    with transaction.atomic():
        meeting = _lock(actor=actor, meeting_id=meeting_id)
        if meeting.state != MeetingState.PLANNED:
            raise Conflict("只有待召开的会议可以取消。")
        meeting.state = MeetingState.CANCELLED
        meeting.minutes = note or meeting.minutes
        meeting._history_user = actor
        meeting.save(update_fields=["state", "minutes", "updated_at"])
    return meeting


# --- regular meetings and reminders -----------------------------------------------------------------
def series_create(
    *,
    actor: User,
    territory,
    title: str,
    kind: str,
    first_at: dt.datetime,
    body: str = workflow.Body.COUNCIL,
    rule: str = "",
    place: str = "",
    council_id: int | None = None,
) -> MeetingSeries:
    node = (
        territory
        if isinstance(territory, Territory)
        else get_in_scope(Territory.objects.all(), actor, territory)
    )
    check_convener(actor, node)
    text = recurrence.rule_for(kind, rule)
    recurrence.occurrences(rule=text, first=first_at, start=first_at, end=first_at)  # refuses a bad rule now
    council = get_in_scope(Council.objects.all(), actor, council_id) if council_id else None
    return MeetingSeries.objects.create(
        territory=node,
        title=title,
        kind=kind,
        body=body,
        rule=text,
        first_at=first_at,
        place=place,
        council=council,
    )


def meetings_schedule(*, series: MeetingSeries, until: dt.datetime, now: dt.datetime | None = None) -> int:
    """Create the series' meetings from now to `until`; scheduling twice creates nothing twice."""
    now = now or timezone.now()
    start = max(now, series.first_at)
    times = recurrence.occurrences(
        rule=recurrence.rule_for(series.kind, series.rule), first=series.first_at, start=start, end=until
    )
    have = set(series.meetings.values_list("scheduled_at", flat=True))
    rows = [
        Meeting(
            territory_id=series.territory_id,
            title=f"{series.title}（{timezone.localtime(t):%m月%d日}）",
            body=series.body,
            kind=series.kind,
            series=series,
            council_id=series.council_id,
            scheduled_at=t,
            place=series.place,
        )
        for t in times
        if t not in have
    ]
    Meeting.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def reminders_send(*, now: dt.datetime | None = None, within_hours: int = 24) -> int:
    """Put a reminder in the inbox of every member of each meeting due within the next hours.

    Idempotent: one reminder per person and meeting, however often it runs.
    """
    now = now or timezone.now()
    due = Meeting.objects.filter(
        state=MeetingState.PLANNED,
        scheduled_at__gte=now,
        scheduled_at__lte=now + dt.timedelta(hours=within_hours),
    ).select_related("council__territory")
    rows = []
    for meeting in due:
        users = set(meeting.roll.filter(user__isnull=False).values_list("user_id", flat=True))
        if meeting.council_id:
            users |= set(
                RoleAssignment.objects.filter(
                    role=Role.COUNCIL_MEMBER, territory=meeting.council.territory
                ).values_list("user_id", flat=True)
            )
        when = timezone.localtime(meeting.scheduled_at)
        text = f"会议提醒：{meeting.title}，{when:%m月%d日 %H:%M}" + (
            f"，地点：{meeting.place}" if meeting.place else ""
        )
        rows += [Reminder(user_id=u, meeting=meeting, text=text[:300], created_at=now) for u in sorted(users)]
    before = Reminder.objects.count()
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    return Reminder.objects.count() - before


def reminder_read(*, actor: User, reminder_id: int) -> Reminder:
    Reminder.objects.filter(pk=reminder_id, user=actor, read_at__isnull=True).update(read_at=timezone.now())
    try:
        return Reminder.objects.get(pk=reminder_id, user=actor)
    except (Reminder.DoesNotExist, ValueError, TypeError):
        raise NotFound("提醒未找到。")
