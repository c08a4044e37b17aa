"""Input and output serializers of the deliberation API; inputs only validate, the services write."""

from __future__ import annotations

from rest_framework import serializers

from gongzhi.deliberation import workflow
from gongzhi.deliberation.models import (
    Attendance,
    CatalogueEntry,
    ConsultationCatalogue,
    Meeting,
    MeetingSeries,
    Publication,
    PublicationComment,
    Reminder,
    Topic,
    TopicEvent,
    Vote,
)
from gongzhi.deliberation.models.meetings import Choice, RollSource
from gongzhi.deliberation.recurrence import MeetingKind


def mask_name(value: str) -> str:
    return value[:1] + "*" * (len(value) - 1) if value else ""


# --- topics -----------------------------------------------------------------------------------------
class TopicEventOut(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    from_step_label = serializers.SerializerMethodField()
    to_step_label = serializers.SerializerMethodField()

    class Meta:
        model = TopicEvent
        fields = ("id", "at", "actor", "action", "from_step", "from_step_label", "to_step", "to_step_label")
        fields += ("note", "duration_days", "extra")

    def get_actor(self, obj) -> str:
        return str(obj.actor) if obj.actor_id else ""

    def get_from_step_label(self, obj) -> str:
        return workflow.step_label(obj.topic.procedure, obj.from_step) if obj.from_step else ""

    def get_to_step_label(self, obj) -> str:
        return workflow.step_label(obj.topic.procedure, obj.to_step) if obj.to_step else ""


class TopicOut(serializers.ModelSerializer):
    territory_name = serializers.CharField(source="territory.name", read_only=True)
    procedure_label = serializers.CharField(source="get_procedure_display", read_only=True)
    step_label = serializers.CharField(source="step_display", read_only=True)
    origin_label = serializers.CharField(source="get_origin_display", read_only=True)
    due_step = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = (
            "id", "territory", "territory_name", "title", "text", "procedure", "procedure_label",
            "step", "step_label", "step_changed_at", "due_step", "origin", "origin_label", "is_major",
            "source_demand", "source_ref", "decision", "result", "rating_avg", "rating_count", "created_at",
        )  # fmt: skip

    def get_due_step(self, obj) -> dict | None:
        nxt = workflow.due(obj.procedure, obj.step)
        return {"step": nxt.step, "label": nxt.label, "action": nxt.action} if nxt else None


class TopicDetailOut(TopicOut):
    events = TopicEventOut(many=True, read_only=True)
    steps = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta(TopicOut.Meta):
        fields = (*TopicOut.Meta.fields, "steps", "actions", "events")

    def get_steps(self, obj) -> list[dict]:
        proc = workflow.procedure_of(obj.procedure)
        here = proc.index(obj.step)
        return [{"step": s.step, "label": s.label, "done": i <= here} for i, s in enumerate(proc.steps)]

    def get_actions(self, obj) -> list[str]:
        return self.context.get("actions", [])


class TopicIn(serializers.Serializer):
    territory_id = serializers.IntegerField(label="辖区 id（社区、网格、小区或自然村）")
    title = serializers.CharField(max_length=100, label="议题")
    text = serializers.CharField(required=False, allow_blank=True, label="内容")
    procedure = serializers.ChoiceField(
        choices=workflow.Procedure.choices,
        required=False,
        allow_null=True,
        label="议事程序（不填按辖区和协商目录）",
    )
    is_major = serializers.BooleanField(required=False, default=False, label="三重一大事项")
    category = serializers.CharField(
        required=False, allow_blank=True, label="诉求分类代码（用于匹配协商目录）"
    )


class AdvanceIn(serializers.Serializer):
    action = serializers.CharField(label="步骤操作，如 propose、deliberate、decide")
    note = serializers.CharField(required=False, allow_blank=True, label="说明")
    decision = serializers.CharField(required=False, allow_blank=True, label="决议内容（决事时）")
    result = serializers.CharField(required=False, allow_blank=True, label="实施结果")


# --- meetings and votes -----------------------------------------------------------------------------
class AttendanceOut(serializers.ModelSerializer):
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Attendance
        fields = ("id", "name", "source", "source_label", "voting", "status", "status_label")


class VoteOut(serializers.ModelSerializer):
    counts = serializers.SerializerMethodField()
    ballots = serializers.SerializerMethodField()

    class Meta:
        model = Vote
        fields = (
            "id",
            "meeting",
            "topic",
            "motion",
            "secret",
            "state",
            "outcome",
            "reason",
            "rule",
            "closed_at",
        )
        fields += ("counts", "ballots")

    def get_counts(self, obj) -> dict | None:
        if obj.state != "closed":  # a running count would let watchers infer single ballots
            return None
        return {
            "roll": obj.roll_count,
            "present": obj.present_count,
            "for": obj.for_count,
            "against": obj.against_count,
            "abstain": obj.abstain_count,
        }

    def get_ballots(self, obj) -> list[dict] | None:
        """Name the voters of a closed open (记名) vote; a secret vote never has names to give."""
        if obj.secret or obj.state != "closed":
            return None
        return [
            {"name": b.voter.name, "choice": b.choice}
            for b in obj.ballots.select_related("voter").order_by("voter__id")
            if b.voter_id
        ]


class MeetingOut(serializers.ModelSerializer):
    territory_name = serializers.CharField(source="territory.name", read_only=True)
    body_label = serializers.CharField(source="get_body_display", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    topics = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = (
            "id", "territory", "territory_name", "title", "body", "body_label", "kind", "kind_label",
            "series", "council", "scheduled_at", "place", "agenda", "state", "state_label", "held_at",
            "chair_name", "recorder_name", "topics",
        )  # fmt: skip

    def get_topics(self, obj) -> list[dict]:
        return [{"id": i.topic_id, "title": i.topic.title} for i in obj.items.all()]


class MeetingDetailOut(MeetingOut):
    roll = AttendanceOut(many=True, read_only=True)
    votes = VoteOut(many=True, read_only=True)

    class Meta(MeetingOut.Meta):
        fields = (*MeetingOut.Meta.fields, "minutes", "roll", "votes")


class MeetingIn(serializers.Serializer):
    territory_id = serializers.IntegerField(label="辖区 id")
    body = serializers.ChoiceField(choices=workflow.Body.choices, label="会议主体")
    title = serializers.CharField(max_length=100, label="会议名称")
    scheduled_at = serializers.DateTimeField(label="召开时间")
    place = serializers.CharField(required=False, allow_blank=True, max_length=100, label="地点")
    agenda = serializers.CharField(required=False, allow_blank=True, label="议程")
    council_id = serializers.IntegerField(required=False, allow_null=True, label="议事会 id")
    topic_ids = serializers.ListField(child=serializers.IntegerField(), required=False, label="议题 id")


class RollIn(serializers.Serializer):
    source = serializers.ChoiceField(
        choices=[c for c in RollSource.choices if c[0] != "other"], label="名单来源"
    )
    council_id = serializers.IntegerField(required=False, allow_null=True, label="议事会 id")


class AttendanceIn(serializers.Serializer):
    statuses = serializers.DictField(child=serializers.CharField(), label="{参会 id: present/absent/excused}")


class HoldIn(serializers.Serializer):
    minutes = serializers.CharField(required=False, allow_blank=True, label="会议记录")
    chair_name = serializers.CharField(required=False, allow_blank=True, label="主持人")
    recorder_name = serializers.CharField(required=False, allow_blank=True, label="记录人")


class AgendaIn(serializers.Serializer):
    topic_id = serializers.IntegerField(label="议题 id")


class VoteIn(serializers.Serializer):
    meeting_id = serializers.IntegerField(label="会议 id")
    motion = serializers.CharField(required=False, allow_blank=True, max_length=200, label="表决事项")
    topic_id = serializers.IntegerField(required=False, allow_null=True, label="议题 id")
    secret = serializers.BooleanField(required=False, default=False, label="无记名投票")


class CastIn(serializers.Serializer):
    attendance_id = serializers.IntegerField(label="参会 id（投票人）")
    choice = serializers.ChoiceField(choices=Choice.choices, label="表决意见")


class PaperIn(serializers.Serializer):
    cast_by = serializers.ListField(child=serializers.IntegerField(), label="交回选票的参会 id")
    for_count = serializers.IntegerField(min_value=0, label="赞成票")
    against_count = serializers.IntegerField(min_value=0, label="反对票")
    abstain_count = serializers.IntegerField(min_value=0, label="弃权票")


class SeriesOut(serializers.ModelSerializer):
    class Meta:
        model = MeetingSeries
        fields = (
            "id",
            "territory",
            "title",
            "kind",
            "body",
            "council",
            "rule",
            "first_at",
            "place",
            "active",
        )


class SeriesIn(serializers.Serializer):
    territory_id = serializers.IntegerField(label="辖区 id")
    title = serializers.CharField(max_length=100, label="名称")
    kind = serializers.ChoiceField(choices=MeetingKind.choices, label="例会类型")
    body = serializers.ChoiceField(
        choices=workflow.Body.choices, default=workflow.Body.COUNCIL, label="会议主体"
    )
    rule = serializers.CharField(required=False, allow_blank=True, label="重复规则 RRULE（不填按类型）")
    first_at = serializers.DateTimeField(label="首次时间")
    place = serializers.CharField(required=False, allow_blank=True, label="地点")
    council_id = serializers.IntegerField(required=False, allow_null=True, label="议事会 id")


class ScheduleIn(serializers.Serializer):
    until = serializers.DateTimeField(label="排到此时间为止")


class ReminderOut(serializers.ModelSerializer):
    class Meta:
        model = Reminder
        fields = ("id", "meeting", "text", "created_at", "read_at")


# --- the board ---------------------------------------------------------------------------------------
class PublicationOut(serializers.ModelSerializer):
    territory_name = serializers.CharField(source="territory.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Publication
        fields = (
            "id", "territory", "territory_name", "topic", "kind", "kind_label", "title", "body",
            "published_at", "display_until", "min_display_days", "version", "corrects",
            "correction_reason", "superseded_at", "is_current",
        )  # fmt: skip


class PublicationIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=workflow.PublicationKind.choices, label="类型")
    title = serializers.CharField(max_length=100, label="标题")
    body = serializers.CharField(label="正文")
    territory_id = serializers.IntegerField(
        required=False, allow_null=True, label="公开范围（辖区 id；不填用议题的辖区）"
    )
    topic_id = serializers.IntegerField(required=False, allow_null=True, label="议题 id")
    display_days = serializers.IntegerField(required=False, allow_null=True, min_value=1, label="公示天数")


class CorrectIn(serializers.Serializer):
    body = serializers.CharField(label="更正后的正文")
    reason = serializers.CharField(max_length=200, label="更正原因")
    title = serializers.CharField(required=False, allow_blank=True, max_length=100, label="标题")


class CommentOut(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = PublicationComment
        fields = ("id", "author", "text", "rating", "created_at")

    def get_author(self, obj) -> str:
        return mask_name(str(obj.author))  # 张** : neighbours see that someone spoke, not who exactly


class CommentIn(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, label="评论")
    rating = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=5, label="评分 1-5"
    )


# --- catalogue -----------------------------------------------------------------------------------------
class CatalogueOut(serializers.ModelSerializer):
    class Meta:
        model = ConsultationCatalogue
        fields = ("id", "territory", "name", "year", "active", "created_at", "updated_at")


class CatalogueIn(serializers.ModelSerializer):
    class Meta:
        model = ConsultationCatalogue
        fields = ("territory", "name", "year", "active")


class CatalogueEntryOut(serializers.ModelSerializer):
    class Meta:
        model = CatalogueEntry
        fields = ("id", "catalogue", "title", "categories", "keywords", "procedure", "is_major")


class CatalogueEntryIn(serializers.ModelSerializer):
    class Meta:
        model = CatalogueEntry
        fields = ("catalogue", "title", "categories", "keywords", "procedure", "is_major")
