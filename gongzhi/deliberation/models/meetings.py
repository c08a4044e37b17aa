"""Meetings, their roll and attendance, votes and ballots, quorum rules and reminders.

A secret ballot (Ballot with `voter` empty) carries no voter, no timestamp and a random
key, and `BallotCast` says only that someone handed a ballot in; neither has change
history, so nobody — administrators included — can tell who voted what.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongzhi.core.models import TimeStampedModel
from gongzhi.deliberation.quorum import PRESENT, ROLL
from gongzhi.deliberation.recurrence import MeetingKind
from gongzhi.deliberation.workflow import Body
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet


class MeetingSeries(ScopedModel, TimeStampedModel):
    """例会: a regular meeting (逢四说事、民主议政日、一周一碰头) and its recurrence rule."""

    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="meeting_series", verbose_name=_("辖区")
    )
    title = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("例会类型"), max_length=20, choices=MeetingKind.choices)
    body = models.CharField(_("会议主体"), max_length=20, choices=Body.choices, default=Body.COUNCIL)
    council = models.ForeignKey(
        "people.Council", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("议事会")
    )
    rule = models.CharField(
        _("重复规则(RRULE)"),
        max_length=200,
        blank=True,
        help_text=_("不填则按例会类型，如逢四说事为每月4、14、24日"),
    )
    first_at = models.DateTimeField(_("首次时间"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("例会")
        verbose_name_plural = _("例会")

    def __str__(self) -> str:
        return self.title


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("待召开")
    HELD = "held", _("已召开")
    CANCELLED = "cancelled", _("已取消")


class Meeting(ScopedModel, TimeStampedModel):
    """会议: agenda, roll, attendance, minutes and votes."""

    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("辖区")
    )
    title = models.CharField(_("会议名称"), max_length=100)
    body = models.CharField(_("会议主体"), max_length=20, choices=Body.choices)
    kind = models.CharField(
        _("会议类型"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.AD_HOC
    )
    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("例会"),
    )
    council = models.ForeignKey(
        "people.Council", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("议事会")
    )
    scheduled_at = models.DateTimeField(_("召开时间"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    agenda = models.TextField(_("议程"), blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    held_at = models.DateTimeField(_("实际召开时间"), null=True, blank=True)
    minutes = models.TextField(_("会议记录"), blank=True)
    chair_name = models.CharField(_("主持人"), max_length=50, blank=True)
    recorder_name = models.CharField(_("记录人"), max_length=50, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-scheduled_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "scheduled_at"],
                condition=models.Q(series__isnull=False),
                name="meeting_once_per_series_time",
            )
        ]
        indexes = [models.Index(fields=["state", "scheduled_at"], name="meeting_state_time")]

    def __str__(self) -> str:
        return self.title


class AgendaItem(ScopedModel):
    scope_field = "meeting__territory"
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("会议")
    )
    topic = models.ForeignKey(
        "deliberation.Topic", on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("议题")
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("议程事项")
        verbose_name_plural = _("议程事项")
        ordering = ["meeting", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "topic"], name="agenda_topic_once")]


class RollSource(models.TextChoices):
    COUNCIL = "council", _("议事会成员")
    REPRESENTATIVE = "representative", _("居民（村民）代表")
    COMMITTEE = "committee", _("两委成员")
    PARTY_MEMBER = "party_member", _("党员")
    OTHER = "other", _("列席/其他")


class Presence(models.TextChoices):
    INVITED = "invited", _("已通知")
    PRESENT = "present", _("出席")
    ABSENT = "absent", _("缺席")
    EXCUSED = "excused", _("请假")


class Attendance(ScopedModel, TimeStampedModel):
    """参会: one person on a meeting's roll and whether they came."""

    scope_field = "meeting__territory"
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="roll", verbose_name=_("会议")
    )
    name = models.CharField(_("姓名"), max_length=50)
    source = models.CharField(_("身份"), max_length=20, choices=RollSource.choices)
    voting = models.BooleanField(
        _("有表决权"), default=True, help_text=_("列席人员没有表决权，不计入应到人数")
    )
    council_member = models.ForeignKey(
        "people.CouncilMember", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    party_member = models.ForeignKey(
        "people.PartyMember", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="attendances"
    )
    status = models.CharField(
        _("出席情况"), max_length=20, choices=Presence.choices, default=Presence.INVITED
    )
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("参会")
        verbose_name_plural = _("参会")
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "council_member"],
                condition=models.Q(council_member__isnull=False),
                name="attendance_council_member_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "party_member"],
                condition=models.Q(party_member__isnull=False),
                name="attendance_party_member_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class VoteState(models.TextChoices):
    OPEN = "open", _("表决中")
    CLOSED = "closed", _("已计票")


class Outcome(models.TextChoices):
    PASSED = "passed", _("通过")
    NO_DECISION = "no_decision", _("不作决定")


class Choice(models.TextChoices):
    FOR = "for", _("赞成")
    AGAINST = "against", _("反对")
    ABSTAIN = "abstain", _("弃权")


class Vote(ScopedModel, TimeStampedModel):
    """表决: one motion put to a meeting; the counts stay hidden until it is closed."""

    scope_field = "meeting__territory"
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="votes", verbose_name=_("会议")
    )
    topic = models.ForeignKey(
        "deliberation.Topic",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="votes",
        verbose_name=_("议题"),
    )
    motion = models.CharField(_("表决事项"), max_length=200)
    secret = models.BooleanField(_("无记名投票"), default=False)
    state = models.CharField(_("状态"), max_length=20, choices=VoteState.choices, default=VoteState.OPEN)
    roll_count = models.PositiveIntegerField(_("应到人数"), default=0)
    present_count = models.PositiveIntegerField(_("实到人数"), default=0)
    for_count = models.PositiveIntegerField(_("赞成"), default=0)
    against_count = models.PositiveIntegerField(_("反对"), default=0)
    abstain_count = models.PositiveIntegerField(_("弃权"), default=0)
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices, blank=True)
    reason = models.TextField(_("说明"), blank=True)
    rule = models.JSONField(_("适用的表决规则"), default=dict, blank=True)
    closed_at = models.DateTimeField(_("计票时间"), null=True, blank=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("表决")
        verbose_name_plural = _("表决")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.motion


class Ballot(models.Model):
    """One ballot. For a secret vote `voter` stays empty and nothing else points to a person."""

    # A random key: ballots cannot be put back in the order they were cast.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(_("表决意见"), max_length=10, choices=Choice.choices)
    voter = models.ForeignKey(
        Attendance, on_delete=models.CASCADE, null=True, blank=True, related_name="open_ballots"
    )

    class Meta:
        verbose_name = _("选票")
        verbose_name_plural = _("选票")
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "voter"], condition=models.Q(voter__isnull=False), name="ballot_open_once"
            )
        ]

    def __str__(self) -> str:
        return self.get_choice_display()


class BallotCast(models.Model):
    """That someone has voted (not how), so nobody votes twice."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="casts")
    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="casts")

    class Meta:
        verbose_name = _("已投票登记")
        verbose_name_plural = _("已投票登记")
        constraints = [models.UniqueConstraint(fields=["vote", "attendance"], name="ballot_cast_once")]

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.attendance_id}"


class QuorumRule(TimeStampedModel):
    """A body's quorum and majority for a territory and everything under it (the deepest wins)."""

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("适用辖区(含下级)"),
        help_text=_("不填表示全部辖区"),
    )
    body = models.CharField(_("会议主体"), max_length=20, choices=Body.choices)
    quorum_numerator = models.PositiveSmallIntegerField(_("到会比例分子"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(
        _("到会比例分母"), default=3, validators=[MinValueValidator(1)]
    )
    quorum_strict = models.BooleanField(_("到会须超过该比例"), default=False, help_text=_("不勾选：达到即可"))
    majority_numerator = models.PositiveSmallIntegerField(_("赞成比例分子"), default=1)
    majority_denominator = models.PositiveSmallIntegerField(
        _("赞成比例分母"), default=2, validators=[MinValueValidator(1)]
    )
    majority_base = models.CharField(
        _("赞成比例的基数"),
        max_length=10,
        choices=[(PRESENT, _("到会人数")), (ROLL, _("应到人数"))],
        default=PRESENT,
    )
    majority_strict = models.BooleanField(_("赞成须超过该比例"), default=True)

    class Meta:
        verbose_name = _("表决规则")
        verbose_name_plural = _("表决规则")
        constraints = [
            models.UniqueConstraint(fields=["territory", "body"], name="quorum_rule_once"),
            models.UniqueConstraint(
                fields=["body"], condition=models.Q(territory__isnull=True), name="quorum_rule_global_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.territory or '全部辖区'} · {self.get_body_display()}"


class Reminder(models.Model):
    """An in-app message reminding a member of a meeting; one per person and meeting."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_reminders",
        verbose_name=_("收件人"),
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("会议")
    )
    text = models.CharField(_("内容"), max_length=300)
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会议提醒")
        verbose_name_plural = _("会议提醒")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "meeting"], name="reminder_once")]

    def __str__(self) -> str:
        return self.text
