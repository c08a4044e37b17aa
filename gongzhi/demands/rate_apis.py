"""REST endpoints of the demand rates: one node's or one handler's figures, and the 赛马 ranking."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.demands.models import Handler
from gongzhi.demands.rates import rates_handler, rates_node, rates_period, rates_ranking

TAGS = ["诉求指标"]
PERIOD_PARAMS = [
    OpenApiParameter("territory", int, description="辖区 id；不填为本人辖区的顶层"),
    OpenApiParameter("start", str, description="开始日期（含），如 2025-01-01；默认一年前"),
    OpenApiParameter("end", str, description="结束日期（含），如 2025-12-31；默认今天"),
    OpenApiParameter("category", str, description="诉求分类代码，如 property"),
]
FIGURE_HELP = (
    "按提交日期（北京时间）统计期间内提交的诉求，及其至今的全部流转。"
    "受理率=受理/(受理+不予受理)；响应率=24小时内接单/交办；办结率=办结/(受理-合并)；"
    "满意率=(满意+基本满意)/已评价（取最后一次评价）；办结时长为提交到办结的自然小时，"
    "90分位按直方图分段取上界；超期=超期办结+未办结已过期限。"
)


class RatesOut(serializers.Serializer):
    submitted = serializers.IntegerField(label="诉求数")
    accepted = serializers.IntegerField(label="受理")
    rejected = serializers.IntegerField(label="不予受理")
    dispatched = serializers.IntegerField(label="交办")
    responded_on_time = serializers.IntegerField(label="按时响应")
    resolvable = serializers.IntegerField(label="应办结")
    resolved = serializers.IntegerField(label="办结")
    rated = serializers.IntegerField(label="已评价")
    satisfied = serializers.IntegerField(label="满意")
    basically_satisfied = serializers.IntegerField(label="基本满意")
    dissatisfied = serializers.IntegerField(label="不满意")
    overdue = serializers.IntegerField(label="超期")
    overdue_resolved = serializers.IntegerField(label="超期办结")
    overdue_open = serializers.IntegerField(label="超期未办结")
    reopened = serializers.IntegerField(label="重启")
    merged = serializers.IntegerField(label="合并")
    returned = serializers.IntegerField(label="退单")
    escalated = serializers.IntegerField(label="上报")
    acceptance_rate = serializers.FloatField(label="受理率", allow_null=True)
    response_rate = serializers.FloatField(label="响应率", allow_null=True)
    resolution_rate = serializers.FloatField(label="办结率", allow_null=True)
    satisfaction_rate = serializers.FloatField(label="满意率", allow_null=True)
    on_time_rate = serializers.FloatField(label="按期率", allow_null=True)
    avg_resolve_hours = serializers.FloatField(label="平均办结时长(小时)", allow_null=True)
    p90_resolve_hours = serializers.FloatField(label="90分位办结时长(小时)", allow_null=True)
    score = serializers.FloatField(label="赛马得分", allow_null=True)


def _period(request):
    q = request.query_params
    period = rates_period(start=q.get("start"), end=q.get("end"))
    return period, {"start": period.start, "end": period.last, "label": period.label}


def _unit(obj) -> dict:
    if isinstance(obj, Handler):
        return {"type": "handler", "id": obj.pk, "name": obj.name, "territory": obj.territory.name}
    return {"type": "territory", "id": obj.pk, "name": obj.name, "level": obj.level}


def _finite(figures: dict) -> dict:
    # JSON has no infinity: a p90 beyond the last bucket is reported as null.
    p90 = figures.get("p90_resolve_hours")
    return {**figures, "p90_resolve_hours": p90 if p90 is None or p90 != float("inf") else None}


class DemandRatesApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="诉求指标（受理率、响应率、办结率、满意率……）",
        description=FIGURE_HELP + "给出 handler 时统计最后一次交办给该承办单位的诉求。",
        parameters=[*PERIOD_PARAMS, OpenApiParameter("handler", int, description="承办单位 id")],
        responses=RatesOut,
    )
    def get(self, request):
        q = request.query_params
        period, period_out = _period(request)
        if q.get("handler"):
            unit, figures = rates_handler(
                actor=request.user, handler_id=q["handler"], period=period, category=q.get("category")
            )
        else:
            unit, figures = rates_node(
                actor=request.user, territory_id=q.get("territory"), period=period, category=q.get("category")
            )
        return Response({"unit": _unit(unit), "period": period_out, "rates": RatesOut(_finite(figures)).data})


class DemandRankingsApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="赛马排名：下级辖区或承办单位按综合得分排序",
        description=FIGURE_HELP
        + "综合得分 = 100 × (0.3×办结率 + 0.3×满意率 + 0.2×响应率 + 0.2×按期率)，缺少数据的指标不计，权重按比例放大。",
        parameters=[*PERIOD_PARAMS, OpenApiParameter("by", str, enum=["children", "handlers"])],
        responses=RatesOut(many=True),
    )
    def get(self, request):
        q = request.query_params
        period, period_out = _period(request)
        node, rows = rates_ranking(
            actor=request.user,
            territory_id=q.get("territory"),
            period=period,
            by=q.get("by") or "children",
            category=q.get("category"),
        )
        results = [{"rank": r["rank"], "unit": _unit(r["unit"]), **RatesOut(_finite(r)).data} for r in rows]
        return Response({"unit": _unit(node), "period": period_out, "results": results})
