"""REST endpoints of assessment: schemes, results (scoped: a person's only to them and the levels above), steps."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.assessment import selectors
from gongzhi.assessment import serializers as s
from gongzhi.assessment.models import Scheme, SchemeVersion
from gongzhi.assessment.services import result_transition, scheme_run
from gongzhi.people.nodes import figures_node

TAGS = ["考评"]


@extend_schema(tags=TAGS)
class SchemeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """考核方案：当前版本的指标与等级，已考评的考核期。"""

    serializer_class = s.SchemeOut
    lookup_field = "code"
    pagination_class = None

    def get_queryset(self):
        current = SchemeVersion.objects.order_by("-number").prefetch_related("indicators", "grades")
        return (
            Scheme.objects.filter(active=True)
            .order_by("code")
            .prefetch_related(Prefetch("versions", queryset=current, to_attr="current_versions"))
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "periods": selectors.periods_with_results()}


RESULT_FILTERS = [
    OpenApiParameter("scheme", str, description="方案代码"),
    OpenApiParameter("period", str, description="考核期，如 2025 或 2025H1"),
    OpenApiParameter("grade", str, description="等级代码，如 5、red、excellent"),
    OpenApiParameter("territory", str, description="辖区编号或 12 位区划代码（含下级）"),
]


@extend_schema(tags=TAGS)
class ResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """考评结果（当前版本）：只列出本人、其考核人和上级可见的结果。"""

    serializer_class = s.ResultOut
    filter_backends: list = []

    def get_queryset(self):
        q = self.request.query_params
        scheme = None
        if q.get("scheme"):
            scheme = selectors.scheme_get(code=q["scheme"])
        node = (
            figures_node(user=self.request.user, territory_id=q["territory"]) if q.get("territory") else None
        )
        return selectors.result_list(
            actor=self.request.user,
            scheme=scheme,
            period_key=q.get("period", ""),
            grade=q.get("grade", ""),
            node=node,
        )

    def get_object(self):
        return selectors.result_get(actor=self.request.user, result_id=self.kwargs["pk"])

    def get_serializer_class(self):
        return s.ResultDetailOut if self.action != "list" else s.ResultOut

    @extend_schema(parameters=RESULT_FILTERS)
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _answer(self, result):
        return Response(
            s.ResultDetailOut(selectors.result_get(actor=self.request.user, result_id=result.pk)).data
        )

    @extend_schema(summary="审核", request=s.NoteIn, responses=s.ResultDetailOut)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        data = s.NoteIn(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            result_transition(actor=request.user, result_id=pk, action="review", **data.validated_data)
        )

    @extend_schema(summary="公布", request=s.NoteIn, responses=s.ResultDetailOut)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        data = s.NoteIn(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            result_transition(actor=request.user, result_id=pk, action="publish", **data.validated_data)
        )

    @extend_schema(summary="申诉（被考核方对一项指标）", request=s.AppealIn, responses=s.ResultDetailOut)
    @action(detail=True, methods=["post"])
    def appeal(self, request, pk=None):
        data = s.AppealIn(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            result_transition(actor=request.user, result_id=pk, action="appeal", **data.validated_data)
        )

    @extend_schema(
        summary="复核申诉：维持或更正（更正生成新版本）", request=s.DecideIn, responses=s.ResultDetailOut
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        data = s.DecideIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        result = result_transition(
            actor=request.user, result_id=pk, action=v["decision"], reason=v["reason"], points=v.get("points")
        )
        return self._answer(result)


@extend_schema(tags=TAGS)
class RunApi(APIView):
    """运行一期考评（考核人员）：可重复运行，输入未变化的结果不改写。"""

    @extend_schema(summary="运行考评", request=s.RunIn, responses=s.RunOut)
    def post(self, request):
        data = s.RunIn(data=request.data)
        data.is_valid(raise_exception=True)
        outcome = scheme_run(
            actor=request.user,
            scheme_code=data.validated_data["scheme"],
            period_key=data.validated_data["period"],
        )
        return Response({**outcome.as_json(), "message": outcome.message, "seconds": outcome.seconds})
