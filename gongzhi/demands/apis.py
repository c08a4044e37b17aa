"""REST endpoints of demands: list, intake, one demand with its timeline, and one POST per action."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.core.errors import NotFound
from gongzhi.demands import workflow
from gongzhi.demands.filters import DemandFilter
from gongzhi.demands.selectors import demand_get, demand_list
from gongzhi.demands.serializers import DemandDetailOut, DemandIn, DemandOut, TransitionIn
from gongzhi.demands.services import demand_roles, demand_submit, demand_transition

TAGS = ["诉求"]


def _detail(request, demand_id) -> dict:
    demand = demand_get(actor=request.user, demand_id=demand_id)
    actions = workflow.available(demand.state, demand_roles(actor=request.user, demand=demand))
    return DemandDetailOut(demand, context={"request": request, "actions": actions}).data


@extend_schema(tags=TAGS)
class DemandViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """诉求 (民呼我应): the user's part of the tree, what they reported, and what their handler holds."""

    serializer_class = DemandOut
    filterset_class = DemandFilter
    search_fields = ("title", "text", "address")
    ordering_fields = ("id", "created_at", "updated_at", "due_at")

    def get_queryset(self):
        return demand_list(actor=self.request.user)

    @extend_schema(
        summary="提交诉求",
        request=DemandIn,
        responses={201: DemandDetailOut, 200: DemandDetailOut},
        parameters=[OpenApiParameter("Idempotency-Key", str, OpenApiParameter.HEADER, required=False)],
        description="同一个幂等键重试时返回第一次创建的诉求（200），不会重复创建。",
    )
    def create(self, request, *args, **kwargs):
        data = DemandIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        key = request.headers.get("Idempotency-Key") or fields.pop("idempotency_key", "")
        fields.pop("idempotency_key", None)
        demand, created = demand_submit(
            actor=request.user, idempotency_key=key, category_code=fields.pop("category", None), **fields
        )
        return Response(
            _detail(request, demand.pk), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(summary="诉求详情（含流转记录）", responses=DemandDetailOut)
    def retrieve(self, request, pk=None):
        return Response(_detail(request, pk))


class DemandTransitionApi(APIView):
    """Apply one workflow action (受理、交办、接单、办结、回访……) to a demand."""

    @extend_schema(
        tags=TAGS,
        operation_id="demands_transition",
        summary="诉求流转操作",
        request=TransitionIn,
        responses=DemandDetailOut,
        description="操作："
        + "、".join(f"{k}（{t.label}）" for k, t in workflow.TRANSITIONS.items())
        + "。当前状态不允许时返回 409 和中文说明。",
    )
    def post(self, request, pk: int, transition: str):
        data = TransitionIn(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        note = fields.pop("note", "")
        demand = demand_transition(actor=request.user, demand_id=pk, action=transition, note=note, **fields)
        try:
            return Response(_detail(request, pk))
        except NotFound:
            # Sending an order back or up can take it out of a handler member's sight: say it went through.
            return Response(
                {"id": demand.pk, "state": demand.state, "state_label": demand.get_state_display()}
            )
