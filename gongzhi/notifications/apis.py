"""/api/v1/notifications/: the signed-in person's inbox."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from gongzhi.notifications import selectors, services
from gongzhi.notifications.serializers import NotificationOut


class MarkedOut(serializers.Serializer):
    marked = serializers.IntegerField(help_text="标记为已读的条数")
    unread = serializers.IntegerField(help_text="剩余未读条数")


class UnreadOut(serializers.Serializer):
    unread = serializers.IntegerField()


@extend_schema(tags=["消息通知"])
class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """站内消息：只能看到发给自己的。"""

    serializer_class = NotificationOut
    filter_backends: list = []

    def get_queryset(self):
        unread = self.request.query_params.get("unread") in {"1", "true", "yes"}
        return selectors.notification_list(user=self.request.user, unread_only=unread)

    @extend_schema(
        summary="我的消息",
        parameters=[OpenApiParameter("unread", bool, description="只看未读")],
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="未读条数", responses=UnreadOut)
    @action(detail=False, methods=["get"], url_path="unread-count")
    def unread_count(self, request):
        return Response({"unread": selectors.unread_count(user=request.user)})

    @extend_schema(summary="标记为已读", request=None, responses=MarkedOut)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        marked = services.notification_mark_read(user=request.user, notification_id=_int(pk))
        return Response({"marked": marked, "unread": selectors.unread_count(user=request.user)})

    @extend_schema(summary="全部标记为已读", request=None, responses=MarkedOut)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        marked = services.notification_mark_read(user=request.user)
        return Response({"marked": marked, "unread": selectors.unread_count(user=request.user)})


def _int(value) -> int:
    from gongzhi.core.errors import NotFound

    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound("消息未找到。")
