"""REST endpoints of volunteering: registers, sign-up and check-in/out, posts, pledges, figures."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.api.viewsets import ScopedRegistryViewSet, ScopedViewSet
from gongzhi.people.nodes import resident_communities
from gongzhi.volunteering import selectors, services
from gongzhi.volunteering import serializers as s
from gongzhi.volunteering.models import (
    Activity,
    GovernancePost,
    Pledge,
    PostClaim,
    SignUp,
    Volunteer,
    VolunteerTeam,
)
from gongzhi.volunteering.workflow import SEAT_STATES

FIGURE_PARAMS = [
    OpenApiParameter("territory", int, description="辖区编号；不填为本人管辖范围的顶层"),
    OpenApiParameter(
        "period",
        str,
        description="统计期间：2024、2024-Q3、2024-05 或 2024-03-01..2024-06-30；不填为近12个月",
    ),
]


class VolunteerTeamViewSet(ScopedRegistryViewSet):
    """志愿队伍."""

    model = VolunteerTeam
    select_related = ("territory",)
    input_serializer_class, output_serializer_class = s.VolunteerTeamIn, s.VolunteerTeamOut
    filterset_fields = ("kind", "territory")
    search_fields = ("name", "leader_name")


class VolunteerViewSet(ScopedRegistryViewSet):
    """志愿者 (含在职党员双报到)."""

    model = Volunteer
    select_related = ("territory", "team", "party_member")
    input_serializer_class, output_serializer_class = s.VolunteerIn, s.VolunteerOut
    filterset_fields = ("territory", "team", "gender")
    search_fields = ("name",)


class ActivityViewSet(ScopedRegistryViewSet):
    """志愿活动: 报名、结束、取消."""

    model = Activity
    select_related = ("territory",)
    default_order = ("-starts_at", "-id")
    input_serializer_class, output_serializer_class = s.ActivityIn, s.ActivityOut
    filterset_fields = ("state", "category", "territory", "team")
    search_fields = ("title", "place")
    ordering_fields = ("id", "starts_at", "created_at")

    def base_queryset(self):
        return (
            super()
            .base_queryset()
            .annotate(seats_taken=Count("sign_ups", filter=Q(sign_ups__state__in=SEAT_STATES)))
        )

    @extend_schema(summary="报名", request=s.SignUpCreateIn, responses={201: s.SignUpOut})
    @action(detail=True, methods=["post"], url_path="sign-up")
    def sign_up(self, request, pk=None):
        data = s.SignUpCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        sign_up = services.signup_create(
            actor=request.user,
            activity_id=pk,
            volunteer_id=data.validated_data["volunteer"],
            note=data.validated_data["note"],
        )
        return Response(
            s.SignUpOut(sign_up, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(summary="结束活动", request=s.ActivityFinishIn, responses=s.ActivityOut)
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        data = s.ActivityFinishIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.activity_transition(
            actor=request.user, activity_id=pk, action="finish", **data.validated_data
        )
        return Response(self.output(self.get_object()))

    @extend_schema(summary="取消活动", request=None, responses=s.ActivityOut)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        services.activity_transition(actor=request.user, activity_id=pk, action="cancel")
        return Response(self.output(self.get_object()))

    @extend_schema(summary="活动记录", responses=s.ActivityEventOut(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def events(self, request, pk=None):
        activity = self.get_object()
        events = activity.events.select_related("actor").order_by("at", "id")
        return Response(s.ActivityEventOut(events, many=True).data)


class SignUpViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """活动报名: 取消、签到、签退、缺席 (by the workflow only)."""

    model = SignUp
    select_related = ("activity__territory", "volunteer")
    output_serializer_class = s.SignUpOut
    filterset_fields = ("activity", "volunteer", "state")

    @extend_schema(summary="报名状态变更", request=s.SignUpTransitionIn, responses=s.SignUpOut)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        data = s.SignUpTransitionIn(data=request.data)
        data.is_valid(raise_exception=True)
        sign_up = services.signup_transition(actor=request.user, sign_up_id=pk, **data.validated_data)
        return Response(s.SignUpOut(sign_up, context={"request": request}).data)


class GovernancePostViewSet(ScopedRegistryViewSet):
    """治理岗位 (认领岗位)."""

    model = GovernancePost
    select_related = ("territory",)
    input_serializer_class, output_serializer_class = s.GovernancePostIn, s.GovernancePostOut
    filterset_fields = ("territory",)
    search_fields = ("name", "duty")

    def base_queryset(self):
        return (
            super()
            .base_queryset()
            .annotate(claimed=Count("claims", filter=Q(claims__released_on__isnull=True)))
        )


class PostClaimViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """岗位认领: 党员认领治理岗位、卸任."""

    model = PostClaim
    select_related = ("post__territory", "party_member")
    output_serializer_class = s.PostClaimOut
    filterset_fields = ("post", "party_member")

    @extend_schema(summary="认领岗位", request=s.PostClaimIn, responses={201: s.PostClaimOut})
    def create(self, request):
        data = s.PostClaimIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        claim = services.post_claim(
            actor=request.user, post_id=v["post"], party_member_id=v["party_member"], on=v.get("claimed_on")
        )
        return Response(self.output(claim), status=status.HTTP_201_CREATED)

    @extend_schema(summary="卸任", request=None, responses=s.PostClaimOut)
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        return Response(self.output(services.post_release(actor=request.user, claim_id=pk)))


class PledgeViewSet(ScopedRegistryViewSet):
    """亮诺亮绩."""

    model = Pledge
    select_related = ("territory", "party_member")
    input_serializer_class, output_serializer_class = s.PledgeIn, s.PledgeOut
    filterset_fields = ("territory", "year")
    search_fields = ("party_member__name", "promise")

    @extend_schema(summary="向居民公示", request=None, responses=s.PledgeOut)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        services.pledge_publish(actor=request.user, pledge_id=pk)
        return Response(self.output(self.get_object()))


class PublicPledgesApi(APIView):
    """亮诺亮绩公示 and 认领岗位 of the communities where the user lives or works."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="本社区党员亮诺亮绩与岗位认领（居民可见）", responses=dict)
    def get(self, request):
        out = []
        for community in resident_communities(request.user):
            out.append(
                {
                    "community": {"id": community.pk, "name": community.name},
                    "pledges": s.PublicPledgeOut(
                        selectors.public_pledges(community=community), many=True
                    ).data,
                    "posts": [
                        {
                            "post": c.post.name,
                            "party_member_name": c.party_member.name,
                            "claimed_on": c.claimed_on,
                        }
                        for c in selectors.public_claims(community=community)
                    ],
                    "open_activities": [
                        {
                            "id": a.pk,
                            "title": a.title,
                            "starts_at": a.starts_at,
                            "place": a.place,
                            "capacity": a.capacity,
                            "taken": a.taken,
                        }
                        for a in selectors.open_activities(community=community, now=timezone.now())[:50]
                    ],
                }
            )
        return Response({"communities": out})


ROUTES = {
    "volunteer-teams": VolunteerTeamViewSet,
    "volunteers": VolunteerViewSet,
    "activities": ActivityViewSet,
    "sign-ups": SignUpViewSet,
    "governance-posts": GovernancePostViewSet,
    "post-claims": PostClaimViewSet,
    "pledges": PledgeViewSet,
}
