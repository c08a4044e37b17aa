"""Serializer building blocks shared by every scoped endpoint."""

from __future__ import annotations

from rest_framework import serializers

from gongzhi.core.validators import mask_address, mask_id_number, mask_phone
from gongzhi.people.scope import needs_personal_data, restrict
from gongzhi.people.services import scope_path_of

# Output fields that carry personal data, and how each is masked for viewers who do not need it.
PERSONAL_FIELDS = {"id_number": mask_id_number, "phone": mask_phone, "address": mask_address}


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key that may only point inside the acting user's scope.

    An id out of scope is refused with the very message a missing id gets, so a
    write cannot be used to probe what exists elsewhere.
    """

    def get_queryset(self):
        return restrict(super().get_queryset(), self.context["request"].user)

    def fail(self, key, **kwargs):
        if key in {"does_not_exist", "incorrect_type"}:
            raise serializers.ValidationError(
                f"所选的「{self.label or '记录'}」不存在。", code="does_not_exist"
            )
        super().fail(key, **kwargs)


class InputSerializer(serializers.ModelSerializer):
    """Validate the fields of a write; the view applies them and calls the service (never `.save()`)."""

    serializer_related_field = ScopedPrimaryKeyRelatedField

    def get_validators(self):
        # Uniqueness across fields is checked by the model's full_clean in the service.
        return []


class MaskedOutputSerializer(serializers.ModelSerializer):
    """Render a record, masking personal data per row for viewers whose work does not need it."""

    def sees_personal_data(self, instance) -> bool:
        request = self.context.get("request")
        if request is None:
            return False
        return needs_personal_data(request.user, scope_path_of(instance))

    def personal_fields(self, instance) -> dict:
        """Return the fields of this row that hold personal data, with their masks."""
        return PERSONAL_FIELDS

    def to_representation(self, instance):
        data = super().to_representation(instance)
        masks = self.personal_fields(instance)
        if masks and not self.sees_personal_data(instance):
            for field, mask in masks.items():
                if data.get(field):
                    data[field] = mask(data[field])
        return data


class TerritoryRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField(help_text="字段名称")
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    """One change of a record: who, when, what kind, which fields."""

    id = serializers.IntegerField()
    date = serializers.DateTimeField()
    type = serializers.ChoiceField(choices=["create", "update", "delete"])
    type_label = serializers.CharField()
    user = HistoryUserSerializer(allow_null=True)
    reason = serializers.CharField(allow_null=True)
    changes = HistoryChangeSerializer(many=True)
