"""Output of the inbox API."""

from __future__ import annotations

from rest_framework import serializers

from gongzhi.notifications.models import Notification


class NotificationOut(serializers.ModelSerializer):
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "link", "read", "read_at", "created_at"]

    def get_read(self, obj) -> bool:
        return obj.read_at is not None
