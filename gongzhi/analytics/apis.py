"""GET /api/v1/figures/: every registered figure of a node and period, scoped like everything else."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.analytics import selectors
from gongzhi.analytics.params import areas_param, flag, period_param
from gongzhi.people.nodes import figures_node

TERRITORY_PARAM = OpenApiParameter(
    "territory", str, description="区划代码（12 位）或辖区 id；不填为本人辖区的顶层"
)
PERIOD_PARAM = OpenApiParameter(
    "period",
    str,
    description="统计期间：2026-11、2026-W47、2026-Q4、2026H2、2026、2026-11-05 或 2026-11-01..2026-11-30；"
    "默认上一个整月；也接受 week/month/quarter/year 加 date",
)
DATE_PARAM = OpenApiParameter("date", str, description="与 period=week|month|quarter|year 连用的任一天")


class TerritoryRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()
    division_code = serializers.CharField(allow_null=True)


class PeriodOut(serializers.Serializer):
    key = serializers.CharField(help_text="可再次传入 period 的写法，如 2026-11")
    kind = serializers.CharField()
    label = serializers.CharField()
    start = serializers.DateField(help_text="第一天")
    end = serializers.DateField(help_text="最后一天（含）")


class FigureOut(serializers.Serializer):
    key = serializers.CharField(help_text="稳定的指标键，如 demands.resolution_rate")
    area = serializers.CharField()
    label = serializers.CharField()
    label_en = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)
    unit = serializers.CharField()
    definition = serializers.CharField()
    higher_is_better = serializers.BooleanField(allow_null=True)
    previous = serializers.FloatField(allow_null=True, required=False, help_text="上一期的值")
    change = serializers.FloatField(allow_null=True, required=False)
    trend = serializers.CharField(required=False, help_text="better / worse / same / up / down / 空")


class AreaOut(serializers.Serializer):
    area = serializers.CharField()
    label = serializers.CharField()
    label_en = serializers.CharField()
    figures = FigureOut(many=True)


class ValueOut(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)


class ChildOut(serializers.Serializer):
    territory = TerritoryRef()
    figures = serializers.DictField(child=ValueOut(), help_text="指标键 → 值")


class FiguresOut(serializers.Serializer):
    territory = TerritoryRef()
    period = PeriodOut()
    previous_period = PeriodOut()
    areas = AreaOut(many=True)
    children = ChildOut(many=True, required=False)


def territory_ref(node) -> dict:
    return {"id": node.pk, "name": node.name, "level": node.level, "division_code": node.division_code}


def value_dict(v) -> dict:
    return {"value": v.value, "numerator": v.numerator, "denominator": v.denominator}


class FiguresApi(APIView):
    @extend_schema(
        tags=["统计指标"],
        summary="辖区全部指标（各领域统一口径）",
        description=(
            "返回各领域登记的全部指标：值、分子分母、单位、口径说明、是否越高越好，以及与上一期的比较。"
            "辖区不在本人范围内时与不存在一样返回 404。"
        ),
        parameters=[
            TERRITORY_PARAM,
            PERIOD_PARAM,
            DATE_PARAM,
            OpenApiParameter("area", str, description="只看这些领域，逗号分隔，如 demands,patrols"),
            OpenApiParameter("children", str, description="为 1 时同时给出每个下级辖区的值"),
        ],
        responses=FiguresOut,
    )
    def get(self, request):
        q = request.query_params
        return self.respond(request, areas=areas_param(q.get("area")), children=flag(q.get("children")))

    def respond(self, request, *, areas, children: bool) -> Response:
        q = request.query_params
        node = figures_node(user=request.user, territory_id=q.get("territory"))
        period = period_param(q.get("period"), q.get("date"))
        return Response(self.answer(node=node, period=period, areas=areas, children=children))

    def answer(self, *, node, period, areas, children: bool) -> dict:
        body = {
            "territory": territory_ref(node),
            "period": period.as_dict(),
            "previous_period": period.previous().as_dict(),
            "areas": [
                {
                    "area": a.provider.area,
                    "label": a.provider.label,
                    "label_en": a.provider.label_en,
                    "figures": [f.as_dict() for f in a.figures],
                }
                for a in selectors.node_figures(node=node, period=period, areas=areas)
            ],
        }
        if children:
            kids, table = selectors.children_figures(node=node, period=period, areas=areas)
            body["children"] = [
                {
                    "territory": territory_ref(c),
                    "figures": {k: value_dict(v) for k, v in table[c.pk].items()},
                }
                for c in kids
            ]
        return body


class AreaFiguresApi(FiguresApi):
    """One area's figures where its own endpoint used to be (/api/v1/points/figures/ …), children included."""

    area = ""

    @extend_schema(
        tags=["统计指标"],
        summary="本领域指标（/api/v1/figures/?area=… 的别名）",
        description="与 /api/v1/figures/ 相同口径，只含本领域，默认带下级；children=0 时不带下级。",
        parameters=[
            TERRITORY_PARAM,
            PERIOD_PARAM,
            DATE_PARAM,
            OpenApiParameter("children", str, description="为 0 时不带下级"),
        ],
        responses=FiguresOut,
    )
    def get(self, request):
        children = request.query_params.get("children", "1").strip() not in {"0", "false", "no", "off"}
        return self.respond(request, areas=[self.area], children=children)
