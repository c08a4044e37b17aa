"""REST endpoint of the territory tree: browse, count, add, rename and move nodes."""

from __future__ import annotations

from collections.abc import Iterable

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from gongzhi.api.viewsets import ScopedViewSet
from gongzhi.people.scope import restrict, scope_of
from gongzhi.people.selectors import coverage
from gongzhi.people.services import registry_save
from gongzhi.territory import serializers as s
from gongzhi.territory.filters import TerritoryFilter
from gongzhi.territory.models import Territory
from gongzhi.territory.selectors import territory_ancestors, territory_children_with_counts
from gongzhi.territory.services import territory_add, territory_move


class TerritoryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """辖区单元: the part of the tree under the user's roles."""

    model = Territory
    default_order = ("path",)
    output_serializer_class = s.TerritoryOut
    input_serializer_class = s.TerritoryUpdateIn
    filterset_class = TerritoryFilter
    search_fields = ("name",)
    ordering_fields = ("path", "name", "depth", "division_code")
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def _parent_ids(self, nodes: Iterable[Territory]) -> dict[str, int]:
        """Map parent paths to ids in one query; a parent out of scope stays unnamed."""
        paths = {n.parent_path for n in nodes if n.depth > 1}
        rows = restrict(Territory.objects.filter(path__in=paths), self.request.user).values_list("path", "id")
        return dict(rows)

    def _render(self, nodes: list[Territory], *, many: bool = True):
        ctx = {**self.get_serializer_context(), "parent_ids": self._parent_ids(nodes)}
        return s.TerritoryOut(nodes if many else nodes[0], many=many, context=ctx).data

    def _children(self, rows: list[dict]) -> list[dict]:
        ctx = {**self.get_serializer_context(), "parent_ids": self._parent_ids(r["node"] for r in rows)}
        return s.TerritoryChildOut(rows, many=True, context=ctx).data

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self._render(list(page)))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._render([self.get_object()], many=False))

    @extend_schema(summary="新建下级单元", request=s.TerritoryCreateIn, responses={201: s.TerritoryOut})
    def create(self, request, *args, **kwargs):
        data = dict(self._validate(s.TerritoryCreateIn))
        parent = data.pop("parent")
        node = territory_add(actor=request.user, parent_id=parent.pk if parent else None, **data)
        return Response(self._render([node], many=False), status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        node = self.get_object()
        for name, value in self._validate(s.TerritoryUpdateIn, node, partial=partial).items():
            setattr(node, name, value)
        registry_save(actor=request.user, instance=node, previous_path=node.path)
        return Response(self._render([node], many=False))

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def _validate(self, serializer_class, instance=None, *, partial: bool = False) -> dict:
        serializer = serializer_class(
            instance, data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(summary="移动到新的上级单元", request=s.TerritoryMoveIn, responses=s.TerritoryOut)
    @action(detail=True, methods=["post"], filter_backends=[])
    def move(self, request, pk=None):
        """Move this node and its whole subtree under another parent."""
        node = self.get_object()
        parent = self._validate(s.TerritoryMoveIn)["parent"]
        node = territory_move(actor=request.user, node_id=node.pk, new_parent_id=parent.pk)
        return Response(self._render([node], many=False))

    @extend_schema(summary="直接下级及各层级数量", responses=s.TerritoryChildOut(many=True))
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def children(self, request, pk=None):
        """List the children of this node with the count of each level under each."""
        return Response(self._children(territory_children_with_counts(node=self.get_object())))

    @extend_schema(summary="我的辖区（顶层单元及各层级数量）", responses=s.TerritoryChildOut(many=True))
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def roots(self, request):
        """List the top nodes of the user's scope with the count of each level under each."""
        paths = scope_of(request.user)
        nodes = Territory.get_root_nodes() if paths is None else Territory.objects.filter(path__in=paths)
        paths = list(restrict(nodes, request.user).values_list("path", flat=True))
        return Response(self._children(territory_children_with_counts(node=None, roots=paths)))

    @extend_schema(summary="全覆盖统计", responses=s.CoverageOut)
    @action(detail=True, methods=["get"], filter_backends=[])
    def coverage(self, request, pk=None):
        """Give the coverage (全覆盖) figures for everything under this node."""
        return Response(s.CoverageOut(coverage(node=self.get_object()).as_dict()).data)

    @extend_schema(summary="上级单元（仅限本人辖区内）", responses=s.TerritoryOut(many=True))
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def ancestors(self, request, pk=None):
        """List the ancestors of this node inside the user's scope, from the top down."""
        ids = [a.pk for a in territory_ancestors(node=self.get_object())]
        nodes = list(restrict(Territory.objects.filter(pk__in=ids), request.user).order_by("depth"))
        return Response(self._render(nodes) if nodes else [])
