"""REST endpoints of the public board, the consultation catalogue and the deliberation figures."""

from __future__ import annotations

import datetime as dt

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.api.viewsets import ScopedRegistryViewSet
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.deliberation import board
from gongzhi.deliberation import serializers as s
from gongzhi.deliberation.figures import default_period, deliberation_figures
from gongzhi.deliberation.models import CatalogueEntry, ConsultationCatalogue
from gongzhi.deliberation.selectors import board_list, catalogue_match, publication_get
from gongzhi.people.scope import get_in_scope, is_staff_viewer
from gongzhi.territory.models import Territory

BOARD = ["公开栏"]


def _valid(serializer_class, request) -> dict:
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


@extend_schema(tags=BOARD)
class PublicationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """公开栏: residents see the boards above their household, staff those in their area."""

    serializer_class = s.PublicationOut
    filterset_fields = ("kind", "territory", "topic")
    search_fields = ("title", "body")

    def get_queryset(self):
        current = self.request.query_params.get("all_versions") not in {"1", "true"}
        return board_list(actor=self.request.user, current_only=current)

    @extend_schema(summary="公告（一个版本）", responses=s.PublicationOut)
    def retrieve(self, request, pk=None):
        return Response(s.PublicationOut(publication_get(actor=request.user, publication_id=pk)).data)

    @extend_schema(
        summary="发布公告（决议公开、实施结果公开）",
        request=s.PublicationIn,
        responses={201: s.PublicationOut},
    )
    def create(self, request):
        data = _valid(s.PublicationIn, request)
        pub = board.publication_publish(actor=request.user, territory=data.pop("territory_id", None), **data)
        return Response(s.PublicationOut(pub).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="更正（发布新版本，原版本保留）", request=s.CorrectIn, responses={201: s.PublicationOut}
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        pub = board.publication_correct(actor=request.user, publication_id=pk, **_valid(s.CorrectIn, request))
        return Response(s.PublicationOut(pub).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="评论与评分", request=s.CommentIn, responses=s.CommentOut(many=True))
    @action(detail=True, methods=["get", "post"])
    def comments(self, request, pk=None):
        if request.method == "POST":
            board.publication_comment(actor=request.user, publication_id=pk, **_valid(s.CommentIn, request))
        pub = publication_get(actor=request.user, publication_id=pk)
        rows = pub.comments.select_related("author").order_by("created_at", "id")
        return Response(s.CommentOut(rows, many=True).data)


class ConsultationCatalogueViewSet(ScopedRegistryViewSet):
    """协商目录."""

    model = ConsultationCatalogue
    select_related = ("territory",)
    input_serializer_class, output_serializer_class = s.CatalogueIn, s.CatalogueOut
    filterset_fields = ("territory", "year", "active")


class CatalogueEntryViewSet(ScopedRegistryViewSet):
    """协商目录事项."""

    model = CatalogueEntry
    select_related = ("catalogue__territory",)
    input_serializer_class, output_serializer_class = s.CatalogueEntryIn, s.CatalogueEntryOut
    filterset_fields = ("catalogue", "procedure", "is_major")
    search_fields = ("title",)
    ordering_fields = ("id", "title")


def _node(request, key: str = "territory_id") -> Territory:
    value = request.query_params.get(key)
    if not value:
        raise ValidationFailed("请指定辖区（territory_id）。")
    return get_in_scope(Territory.objects.all(), request.user, value)


class CatalogueMatchApi(APIView):
    """Tell whether a matter falls under a consultation catalogue and must go into deliberation."""

    @extend_schema(
        tags=BOARD,
        operation_id="catalogue_match",
        summary="协商目录匹配",
        parameters=[
            OpenApiParameter("territory_id", int, required=True),
            OpenApiParameter("text", str),
            OpenApiParameter("category", str),
        ],
        responses={200: None},
    )
    def get(self, request):
        node = _node(request)
        match = catalogue_match(
            territory=node,
            text=request.query_params.get("text", ""),
            category=request.query_params.get("category", ""),
        )
        if match is None:
            return Response({"match": False})
        e = match.entry
        return Response(
            {
                "match": True,
                "by": match.by,
                "keyword": match.keyword,
                "entry": {"id": e.pk, "title": e.title, "procedure": e.procedure, "is_major": e.is_major},
                "catalogue": {
                    "id": e.catalogue_id,
                    "name": e.catalogue.name,
                    "territory": e.catalogue.territory.name,
                },
            }
        )


def parse_period(params) -> tuple[dt.date, dt.date]:
    start, end = default_period()
    try:
        if params.get("start"):
            start = dt.date.fromisoformat(params["start"])
        if params.get("end"):
            end = dt.date.fromisoformat(params["end"])
    except ValueError:
        raise ValidationFailed("日期格式应为 YYYY-MM-DD。")
    if start > end:
        raise ValidationFailed("开始日期不能晚于结束日期。")
    return start, end


class DeliberationFiguresApi(APIView):
    """Figures of one territory node and period: raised, decided, implemented, days per step, rating."""

    @extend_schema(
        tags=BOARD,
        operation_id="deliberation_figures",
        summary="议事协商统计",
        parameters=[
            OpenApiParameter("territory_id", int, required=True),
            OpenApiParameter("start", str, description="YYYY-MM-DD，默认一年前"),
            OpenApiParameter("end", str, description="YYYY-MM-DD，默认今天"),
            OpenApiParameter("children", bool, description="同时给出各下级辖区"),
        ],
        responses={200: None},
    )
    def get(self, request):
        if not is_staff_viewer(request.user):
            raise PermissionDenied("您的角色不能查看统计。")
        try:
            node = _node(request)
        except NotFound:
            raise
        start, end = parse_period(request.query_params)
        body = deliberation_figures(node=node, start=start, end=end).as_dict()
        if request.query_params.get("children") in {"1", "true"}:
            body["children"] = [
                deliberation_figures(node=c, start=start, end=end).as_dict()
                for c in node.get_children()[:200]
            ]
        return Response(body)
