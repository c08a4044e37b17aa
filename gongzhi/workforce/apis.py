"""REST endpoints of the workforce (under /api/v1/workforce/): read-only lists, scoped and paginated.

Writes (核算, 递补, 红牌班编班, 出勤) are done on the pages and the command line; the registers
themselves are kept in Excel through the back office and `gongzhi registry`.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound as DrfNotFound
from rest_framework.exceptions import PermissionDenied as DrfPermissionDenied

from gongzhi.core.errors import NotFound
from gongzhi.core.periods import today
from gongzhi.people.nodes import figures_node
from gongzhi.people.scope import is_staff_viewer
from gongzhi.workforce import serializers as s
from gongzhi.workforce.selectors.access import is_assessor, sees_phones
from gongzhi.workforce.selectors.pay import worker_list, worker_rows
from gongzhi.workforce.selectors.postings import coverage, posting_list
from gongzhi.workforce.selectors.reserve import reserve_list, reserve_ranking
from gongzhi.workforce.selectors.training import course_list
from gongzhi.workforce.views.common import year_from
from gongzhi.workforce.workflow import PostingKind

TERRITORY = OpenApiParameter(
    "territory", int, description="辖区编号或 12 位区划代码；不填为本人管辖范围的顶层"
)
YEAR = OpenApiParameter("year", int, description="年度，如 2025；不填为上一年")
MAX_COVERAGE = 5000


class NodeMixin:
    """Read ?territory= as the node under the viewer's scope; out of scope answers 404."""

    def node(self):
        if not is_staff_viewer(self.request.user):
            raise DrfPermissionDenied("您的角色不能查看队伍台账。")
        try:
            return figures_node(
                user=self.request.user, territory_id=self.request.query_params.get("territory")
            )
        except NotFound:
            raise DrfNotFound("辖区未找到。")


@extend_schema(tags=["队伍"], summary="社区工作者（岗位等级与年度报酬）", parameters=[TERRITORY, YEAR])
class WorkersApi(NodeMixin, generics.ListAPIView):
    """Pay is null unless the viewer is the worker, or a street official or above over them."""

    serializer_class = s.WorkerOut
    filter_backends: list = []

    def year(self) -> int:
        return year_from(self.request.query_params.get("year"), default=today().year - 1)[0]

    def get_queryset(self):
        return worker_list(actor=self.request.user, node=self.node(), year=self.year())

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = worker_rows(actor=request.user, workers=page)
        return self.get_paginated_response(s.WorkerOut(rows, many=True).data)


@extend_schema(
    tags=["队伍"],
    summary="驻村(社区)力量",
    parameters=[TERRITORY, OpenApiParameter("kind", str, enum=PostingKind.values, description="类别")],
)
class PostingsApi(NodeMixin, generics.ListAPIView):
    serializer_class = s.PostingOut
    filter_backends: list = []

    def get_queryset(self):
        qs = posting_list(actor=self.request.user, node=self.node())
        kind = self.request.query_params.get("kind")
        return qs.filter(kind=kind) if kind in PostingKind.values else qs

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "full": sees_phones(self.request.user)}


class _Coverage:
    def __init__(self, row):
        self.node, self.people, self.village = row.node, row.people, row.village
        self.missing_kinds = row.missing()


@extend_schema(tags=["队伍"], summary="驻村覆盖（每个村、社区的在岗人员与缺项）", parameters=[TERRITORY])
class CoverageApi(NodeMixin, generics.ListAPIView):
    serializer_class = s.VillageCoverageOut
    filter_backends: list = []

    def get_queryset(self):
        return [_Coverage(r) for r in coverage(node=self.node(), day=today())[:MAX_COVERAGE]]


@extend_schema(tags=["队伍"], summary="培训班", parameters=[TERRITORY, YEAR])
class CoursesApi(NodeMixin, generics.ListAPIView):
    serializer_class = s.CourseOut
    filter_backends: list = []

    def get_queryset(self):
        qs = course_list(actor=self.request.user, node=self.node())
        raw = self.request.query_params.get("year")
        return qs.filter(year=year_from(raw, default=today().year)[0]) if raw else qs


@extend_schema(tags=["队伍"], summary="两委后备人才库（按递补顺序；街道及以上）", parameters=[TERRITORY])
class ReserveApi(NodeMixin, generics.ListAPIView):
    serializer_class = s.ReserveOut
    filter_backends: list = []

    def get_queryset(self):
        node = self.node()
        if not is_assessor(self.request.user):
            raise DrfPermissionDenied("只有街道及以上组织部门可以查看后备人才库。")
        return reserve_ranking(reserve_list(actor=self.request.user, node=node)[:MAX_COVERAGE])
