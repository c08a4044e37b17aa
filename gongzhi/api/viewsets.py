"""The generic scoped viewsets every registry endpoint and the territory endpoint build on.

Lists go through `scope.restrict`, single objects through `scope.get_in_scope` (out of
scope answers exactly like a missing id), writes through the registry services.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from gongzhi.api.history import history_entries
from gongzhi.api.permissions import ScopedWritePermission
from gongzhi.api.serializers import HistoryEntrySerializer
from gongzhi.people.scope import get_in_scope, needs_personal_data, restrict
from gongzhi.people.services import registry_delete, registry_save, scope_path_of

WRITE_ACTIONS = {"create", "update", "partial_update"}


class InputOutputSchema(AutoSchema):
    """Document writes as taking the input serializer and answering with the output one."""

    def _write(self) -> bool:
        return getattr(self.view, "action", None) in WRITE_ACTIONS

    def get_request_serializer(self):
        if self._write():
            return self.view.input_serializer_class
        return super().get_request_serializer()

    def get_response_serializers(self):
        if self._write():
            return self.view.output_serializer_class
        return super().get_response_serializers()

    def get_tags(self) -> list[str]:
        # One section of the docs per registry, named as the offices name it.
        return [str(self.view.model._meta.verbose_name_plural)]


class ScopedViewSet(viewsets.GenericViewSet):
    """Read side: the user's part of the tree only, and the change history of one record."""

    model: type[Model]
    output_serializer_class: type
    input_serializer_class: type | None = None
    select_related: tuple[str, ...] = ()
    default_order: tuple[str, ...] = ("id",)
    permission_classes = [IsAuthenticated, ScopedWritePermission]
    schema = InputOutputSchema()

    def base_queryset(self) -> QuerySet:
        return self.model.objects.select_related(*self.select_related).order_by(*self.default_order)

    def get_queryset(self) -> QuerySet:
        return restrict(self.base_queryset(), self.request.user)

    def get_object(self) -> Model:
        obj = get_in_scope(self.base_queryset(), self.request.user, self.kwargs[self.lookup_field])
        self.check_object_permissions(self.request, obj)
        return obj

    def get_serializer_class(self):
        if self.action in WRITE_ACTIONS and self.input_serializer_class is not None:
            return self.input_serializer_class
        return self.output_serializer_class

    def scope_path(self, obj: Model) -> str | None:
        return scope_path_of(obj)

    def output(self, instance: Model) -> dict:
        return self.output_serializer_class(instance, context=self.get_serializer_context()).data

    @extend_schema(summary="变更记录", responses=HistoryEntrySerializer(many=True))
    @action(detail=True, methods=["get"], filter_backends=[])
    def history(self, request, pk=None):
        """List who changed this record, when, and which fields, newest first."""
        obj = self.get_object()
        entries = history_entries(
            instance=obj, sees_personal_data=needs_personal_data(request.user, self.scope_path(obj))
        )
        page = self.paginate_queryset(entries)
        return self.get_paginated_response(HistoryEntrySerializer(page, many=True).data)


class ScopedRegistryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ScopedViewSet,
):
    """CRUD over one registry; a subclass names the model, serializers, filters and search fields."""

    search_fields: tuple[str, ...] = ("name",)
    ordering_fields: tuple[str, ...] = ("id", "name", "created_at", "updated_at")

    def _validated(self, instance: Model | None, *, partial: bool = False) -> dict:
        serializer = self.input_serializer_class(
            instance, data=self.request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def create(self, request, *args, **kwargs):
        instance = self.model(**self._validated(None))
        registry_save(actor=request.user, instance=instance)
        return Response(self.output(instance), status=status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs):
        instance = self.get_object()
        previous_path = self.scope_path(instance)
        for name, value in self._validated(instance, partial=partial).items():
            setattr(instance, name, value)
        registry_save(actor=request.user, instance=instance, previous_path=previous_path)
        return Response(self.output(instance))

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        registry_delete(actor=request.user, instance=instance)
        return Response(status=status.HTTP_204_NO_CONTENT)
