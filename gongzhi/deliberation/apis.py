"""REST endpoints of deliberation: topics and their steps, meetings, votes, regular meetings, reminders."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from gongzhi.core.errors import NotFound
from gongzhi.deliberation import meetings as m
from gongzhi.deliberation import serializers as s
from gongzhi.deliberation import voting, workflow
from gongzhi.deliberation.models import MeetingSeries, Reminder
from gongzhi.deliberation.selectors import meeting_get, meeting_visible, topic_get, topic_list, vote_get
from gongzhi.deliberation.services import topic_advance, topic_raise, topic_roles
from gongzhi.people.scope import restrict

TOPICS, MEETINGS = ["议题"], ["会议与表决"]


def _valid(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def _topic_detail(request, topic_id) -> dict:
    topic = topic_get(actor=request.user, topic_id=topic_id)
    actions = workflow.available(topic.procedure, topic.step, topic_roles(actor=request.user, topic=topic))
    return s.TopicDetailOut(topic, context={"request": request, "actions": actions}).data


@extend_schema(tags=TOPICS)
class TopicViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """议题: what the viewer may see; raising one; taking its next step."""

    serializer_class = s.TopicOut
    filterset_fields = ("procedure", "step", "territory", "origin", "is_major")
    search_fields = ("title", "text")
    ordering_fields = ("id", "created_at", "step_changed_at")

    def get_queryset(self):
        return topic_list(actor=self.request.user)

    @extend_schema(summary="议题详情（含全部记录）", responses=s.TopicDetailOut)
    def retrieve(self, request, pk=None):
        return Response(_topic_detail(request, pk))

    @extend_schema(summary="提出议题（百姓点事）", request=s.TopicIn, responses={201: s.TopicDetailOut})
    def create(self, request):
        data = _valid(s.TopicIn, request)
        topic = topic_raise(actor=request.user, territory=data.pop("territory_id"), **data)
        return Response(_topic_detail(request, topic.pk), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="进行下一步",
        request=s.AdvanceIn,
        responses=s.TopicDetailOut,
        description="六事：propose、deliberate、decide、implement、evaluate；四议两公开：branch_propose、"
        "committees_discuss、members_review、decide、publish_resolution、implement、publish_result、evaluate。"
        "不是当前应进行的步骤时返回 409，并说明应进行哪一步。",
    )
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        data = _valid(s.AdvanceIn, request)
        topic_advance(actor=request.user, topic_id=pk, **data)
        return Response(_topic_detail(request, pk))


def _meeting_detail(request, meeting_id) -> dict:
    return s.MeetingDetailOut(meeting_get(actor=request.user, meeting_id=meeting_id)).data


@extend_schema(tags=MEETINGS)
class MeetingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """会议: agenda, roll drawn from the registers, attendance, minutes and votes."""

    serializer_class = s.MeetingOut
    filterset_fields = ("body", "kind", "state", "territory", "series")
    search_fields = ("title", "agenda")
    ordering_fields = ("id", "scheduled_at")

    def get_queryset(self):
        return (
            meeting_visible(actor=self.request.user)
            .select_related("territory")
            .prefetch_related("items__topic")
            .order_by("-scheduled_at", "-id")
        )

    @extend_schema(summary="会议详情（名单、出席、表决）", responses=s.MeetingDetailOut)
    def retrieve(self, request, pk=None):
        return Response(_meeting_detail(request, pk))

    @extend_schema(summary="召集会议", request=s.MeetingIn, responses={201: s.MeetingDetailOut})
    def create(self, request):
        data = _valid(s.MeetingIn, request)
        meeting = m.meeting_create(
            actor=request.user,
            territory=data.pop("territory_id"),
            topic_ids=data.pop("topic_ids", []),
            **data,
        )
        return Response(_meeting_detail(request, meeting.pk), status=status.HTTP_201_CREATED)

    @extend_schema(summary="列入议程", request=s.AgendaIn, responses=s.MeetingDetailOut)
    @action(detail=True, methods=["post"])
    def agenda(self, request, pk=None):
        m.meeting_add_topic(actor=request.user, meeting_id=pk, **_valid(s.AgendaIn, request))
        return Response(_meeting_detail(request, pk))

    @extend_schema(summary="从台账生成参会名单", request=s.RollIn, responses=s.MeetingDetailOut)
    @action(detail=True, methods=["post"])
    def roll(self, request, pk=None):
        m.meeting_draw_roll(actor=request.user, meeting_id=pk, **_valid(s.RollIn, request))
        return Response(_meeting_detail(request, pk))

    @extend_schema(summary="登记出席情况", request=s.AttendanceIn, responses=s.MeetingDetailOut)
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        m.attendance_mark(
            actor=request.user, meeting_id=pk, statuses=_valid(s.AttendanceIn, request)["statuses"]
        )
        return Response(_meeting_detail(request, pk))

    @extend_schema(summary="记录会议召开与会议记录", request=s.HoldIn, responses=s.MeetingDetailOut)
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        m.meeting_hold(actor=request.user, meeting_id=pk, **_valid(s.HoldIn, request))
        return Response(_meeting_detail(request, pk))


@extend_schema(tags=MEETINGS)
class VoteViewSet(viewsets.GenericViewSet):
    """表决: open a motion, cast (记名 by the clerk, 无记名 only by the voter), count paper ballots, close."""

    serializer_class = s.VoteOut

    def get_queryset(self):
        return meeting_visible(actor=self.request.user).none()

    @extend_schema(summary="表决详情（计票前不显示票数）", responses=s.VoteOut)
    def retrieve(self, request, pk=None):
        return Response(s.VoteOut(vote_get(actor=request.user, vote_id=pk)).data)

    @extend_schema(summary="发起表决", request=s.VoteIn, responses={201: s.VoteOut})
    def create(self, request):
        data = _valid(s.VoteIn, request)
        vote = voting.vote_open(actor=request.user, meeting_id=data.pop("meeting_id"), **data)
        return Response(s.VoteOut(vote).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="投票", request=s.CastIn, responses={204: None})
    @action(detail=True, methods=["post"])
    def cast(self, request, pk=None):
        voting.vote_cast(actor=request.user, vote_id=pk, **_valid(s.CastIn, request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="录入纸质票计票结果", request=s.PaperIn, responses=s.VoteOut)
    @action(detail=True, methods=["post"])
    def paper(self, request, pk=None):
        voting.vote_count_paper(actor=request.user, vote_id=pk, **_valid(s.PaperIn, request))
        return Response(s.VoteOut(vote_get(actor=request.user, vote_id=pk)).data)

    @extend_schema(summary="计票并按法定人数和多数作出决定", request=None, responses=s.VoteOut)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        vote = voting.vote_close(actor=request.user, vote_id=pk)
        return Response(s.VoteOut(vote).data)


@extend_schema(tags=MEETINGS)
class MeetingSeriesViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """例会（逢四说事、民主议政日、一周一碰头）: a recurrence rule that schedules meetings."""

    serializer_class = s.SeriesOut

    def get_queryset(self):
        return restrict(MeetingSeries.objects.select_related("territory").order_by("id"), self.request.user)

    @extend_schema(summary="设立例会", request=s.SeriesIn, responses={201: s.SeriesOut})
    def create(self, request):
        data = _valid(s.SeriesIn, request)
        series = m.series_create(actor=request.user, territory=data.pop("territory_id"), **data)
        return Response(s.SeriesOut(series).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="按规则排出会议", request=s.ScheduleIn, responses={200: None})
    @action(detail=True, methods=["post"])
    def schedule(self, request, pk=None):
        series = self.get_queryset().filter(pk=pk).first()
        if series is None:
            raise NotFound("例会未找到。")
        m.check_convener(request.user, series.territory)
        created = m.meetings_schedule(series=series, until=_valid(s.ScheduleIn, request)["until"])
        return Response({"created": created})


@extend_schema(tags=MEETINGS)
class ReminderViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """我的会议提醒 (the in-app inbox)."""

    serializer_class = s.ReminderOut

    queryset = Reminder.objects.none()  # for the schema; get_queryset narrows to the viewer's own

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or not self.request.user.is_authenticated:
            return Reminder.objects.none()
        return Reminder.objects.filter(user=self.request.user).order_by("-created_at", "-id")

    @extend_schema(summary="标为已读", request=None, responses=s.ReminderOut)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        return Response(s.ReminderOut(m.reminder_read(actor=request.user, reminder_id=pk)).data)
