"""REST endpoints of grid patrols: duty rules, patrols (log, due list, review, figures), visits, findings."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from gongzhi.api.viewsets import ScopedRegistryViewSet, ScopedViewSet
from gongzhi.core.periods import period_from_params
from gongzhi.core.validators import mask_address
from gongzhi.patrols import selectors
from gongzhi.patrols import serializers as s
from gongzhi.patrols.models import DutyRule, Finding, Patrol, Visit
from gongzhi.patrols.services import finding_to_demand, patrol_log
from gongzhi.people.nodes import figures_node
from gongzhi.people.scope import needs_personal_data

PERIOD_PARAMS = [
    OpenApiParameter("territory", int, description="辖区编号（默认：您的辖区）"),
    OpenApiParameter("period", str, enum=["week", "month", "quarter", "year"], description="统计周期"),
    OpenApiParameter("date", str, description="周期内任一天，如 2024-05-06（默认今天）"),
]


class DutyRuleViewSet(ScopedRegistryViewSet):
    """巡访职责（三必访、六必到、六必报）."""

    model = DutyRule
    select_related = ("territory",)
    input_serializer_class, output_serializer_class = s.DutyRuleIn, s.DutyRuleOut
    filterset_fields = ("kind", "active", "territory")
    search_fields = ("name", "tag")


class PatrolViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """巡访记录: log from a phone, the due list, the weekly/monthly review and figures."""

    model = Patrol
    # Council members log patrols too; patrol_log checks who may, so the registry editor rule does not apply.
    permission_classes = [IsAuthenticated]
    output_serializer_class = s.PatrolOut
    input_serializer_class = s.PatrolIn
    filterset_fields = ("territory", "date", "grid_worker", "council_member")
    ordering_fields = ("date", "id")

    def get_queryset(self):
        return selectors.patrol_list(actor=self.request.user)

    def get_object(self):
        return selectors.patrol_get(actor=self.request.user, patrol_id=self.kwargs["pk"])

    def get_serializer_class(self):
        if self.action == "retrieve":
            return s.PatrolDetailOut
        return super().get_serializer_class()

    @extend_schema(summary="录入巡访", request=s.PatrolIn, responses=s.PatrolDetailOut)
    def create(self, request):
        """Log one patrol; resending the same client_key returns the first one (200 instead of 201)."""
        data = s.PatrolIn(data=request.data)
        data.is_valid(raise_exception=True)
        patrol, created = patrol_log(actor=request.user, **data.validated_data)
        body = s.PatrolDetailOut(selectors.patrol_get(actor=request.user, patrol_id=patrol.pk)).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        summary="必访清单（按网格员）",
        parameters=[OpenApiParameter("grid_worker", int, description="网格员编号（默认：您本人）")],
        responses=s.DueItemOut(many=True),
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def due(self, request):
        """List the households a grid worker must visit, overdue first."""
        worker = _grid_worker(request)
        items = selectors.due_list(node=worker.territory)
        data = s.DueItemOut(items, many=True).data
        if not needs_personal_data(request.user, worker.territory.path):
            for row in data:
                row["address"] = mask_address(row["address"])
        return Response(data)

    @extend_schema(summary="一周一碰头、一月一盘点（按网格）", parameters=PERIOD_PARAMS)
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def review(self, request):
        node = figures_node(user=request.user, territory_id=request.query_params.get("territory"))
        period = period_from_params(request.query_params, default="week")
        rows = selectors.patrol_review(node=node, period=period)
        return Response(
            {
                "territory": {"id": node.pk, "name": node.name},
                "period": period.as_dict(),
                "rows": [r.as_dict() for r in rows],
                "total": selectors.patrol_figures(node=node, period=period, rows=rows).as_dict(),
            }
        )


def _grid_worker(request):
    from gongzhi.core.errors import NotFound
    from gongzhi.people.models import GridWorker

    pk = request.query_params.get("grid_worker")
    if pk:
        return selectors.grid_worker_get(actor=request.user, grid_worker_id=pk)
    own = GridWorker.objects.filter(user=request.user).select_related("territory").first()
    if own is None:
        raise NotFound("请指定网格员（grid_worker）。")
    return own


class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """走访 (read only: visits are logged with their patrol)."""

    model = Visit
    select_related = ("household",)
    output_serializer_class = s.VisitOut
    filterset_fields = ("patrol", "household", "visited_on")


class FindingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """巡访发现; POST …/to-demand/ passes one on to the demand loop."""

    model = Finding
    permission_classes = [IsAuthenticated]
    select_related = ("territory", "patrol")
    output_serializer_class = s.FindingOut
    filterset_fields = ("patrol", "category", "disposition")

    @extend_schema(summary="一键转为诉求", request=None, responses=s.FindingOut)
    @action(detail=True, methods=["post"], url_path="to-demand")
    def to_demand(self, request, pk=None):
        finding_to_demand(actor=request.user, finding_id=pk)
        return Response(s.FindingOut(self.get_object()).data)


ROUTES = {
    "duty-rules": DutyRuleViewSet,
    "patrols": PatrolViewSet,
    "patrol-visits": VisitViewSet,
    "patrol-findings": FindingViewSet,
}
