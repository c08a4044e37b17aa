"""REST endpoints of smart dispatch: duplicate suggestions for one demand, hotspots of a node."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.core.errors import NotFound
from gongzhi.demands.selectors import demand_get
from gongzhi.dispatch.duplicates import duplicate_candidates
from gongzhi.dispatch.hotspots import hotspots
from gongzhi.dispatch.views import node_for

TAGS = ["智能分拨"]


def _demand_row(d) -> dict:
    return {
        "id": d.pk,
        "title": d.title,
        "text": d.text[:200],
        "state": d.state,
        "state_label": d.get_state_display(),
        "category": d.category.name if d.category_id else None,
        "territory": d.territory.name if d.territory_id else None,
        "created_at": d.created_at.isoformat(),
    }


class DuplicatesApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="疑似重复诉求",
        responses=OpenApiTypes.OBJECT,
        parameters=[OpenApiParameter("demand", int, required=True, description="诉求编号")],
        description="附近（300 米内，无坐标时同一辖区节点）、7 天内、内容相似的未办结诉求，按相似度排序。"
        "确认后用诉求的 merge（合并）操作并入其中一件。看不到的诉求返回 404。",
    )
    def get(self, request):
        if not request.query_params.get("demand"):
            raise NotFound("诉求未找到。")
        demand = demand_get(actor=request.user, demand_id=request.query_params["demand"])
        found = duplicate_candidates(actor=request.user, demand=demand)
        return Response(
            {
                "demand": demand.pk,
                "results": [
                    {**_demand_row(d), "score": score, "distance_m": dist} for d, score, dist in found
                ],
            }
        )


def hotspots_json(data: dict) -> dict:
    def unit(t):
        return {"id": t.pk, "name": t.name, "level": t.level}

    return {
        "territory": unit(data["node"]),
        "month": f"{data['month']:%Y-%m}",
        "units": [{**r, "territory": unit(r["territory"])} for r in data["units"]],
        "rises": [
            {**r, "territory": unit(r["territory"]), "flagged_to": unit(r["flagged_to"])}
            for r in data["rises"]
        ],
    }


class HotspotsApi(APIView):
    @extend_schema(
        tags=TAGS,
        summary="每月一题与突增预警",
        responses=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter("territory", int, description="辖区编号，默认为本人管辖范围的根节点"),
            OpenApiParameter("month", str, description="月份 YYYY-MM，默认本月"),
        ],
        description="各街道本月诉求最多的分类（每月一题），以及下级辖区中某分类本月数量达到前三个月"
        "平均值 2 倍且不少于 5 件的突增，报给本级。",
    )
    def get(self, request):
        node = node_for(request.user, request.query_params.get("territory"))
        return Response(hotspots_json(hotspots(node=node, month=request.query_params.get("month"))))
