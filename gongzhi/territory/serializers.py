"""Input and output serializers of the territory endpoint."""

from __future__ import annotations

import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gongzhi.api.serializers import InputSerializer, MaskedOutputSerializer, ScopedPrimaryKeyRelatedField
from gongzhi.core.validators import mask_address
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory

DIVISION_CODE_RE = re.compile(r"^\d{12}$")


class TerritoryOut(MaskedOutputSerializer):
    """A node; the exact address of a household is masked for viewers who do not need it."""

    level_label = serializers.CharField(source="get_level_display", read_only=True)
    parent = serializers.SerializerMethodField()

    class Meta:
        model = Territory
        fields = [
            "id",
            "name",
            "level",
            "level_label",
            "kind",
            "division_code",
            "address",
            "lng",
            "lat",
            "path",
            "depth",
            "numchild",
            "parent",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True, help_text="上级单元 id"))
    def get_parent(self, node: Territory) -> int | None:
        parent_ids = self.context.get("parent_ids")
        if parent_ids is None:
            parent = node.get_parent()
            return parent.pk if parent else None
        return parent_ids.get(node.parent_path)

    def personal_fields(self, instance) -> dict:
        # Only a household's address points at a door; a community's or a grid's is public.
        return {"address": mask_address} if instance.level == Level.HOUSEHOLD else {}


def _check_division_code(value: str | None) -> str | None:
    if value and not DIVISION_CODE_RE.match(value):
        raise serializers.ValidationError("区划代码应为 12 位数字。")
    return value or None


class TerritoryUpdateIn(InputSerializer):
    """The fields of a node that may change in place (level and parent change only by a move)."""

    class Meta:
        model = Territory
        fields = ["name", "kind", "division_code", "address", "lng", "lat"]

    def validate_division_code(self, value):
        return _check_division_code(value)


class TerritoryCreateIn(TerritoryUpdateIn):
    parent = ScopedPrimaryKeyRelatedField(
        queryset=Territory.objects.all(), allow_null=True, label="上级单元", help_text="上级单元 id"
    )

    class Meta:
        model = Territory
        fields = ["parent", "name", "level", "kind", "division_code", "address", "lng", "lat"]
        extra_kwargs = {"division_code": {"error_messages": {"unique": "该区划代码已被其他单元使用。"}}}


class TerritoryMoveIn(serializers.Serializer):
    parent = ScopedPrimaryKeyRelatedField(
        queryset=Territory.objects.all(), label="新的上级单元", help_text="新的上级单元 id"
    )


class TerritoryChildOut(serializers.Serializer):
    node = TerritoryOut()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="各层级的下级单元数")


class CoverageOut(serializers.Serializer):
    """Coverage (全覆盖) figures for a subtree."""

    units = serializers.IntegerField(help_text="网格、小区、自然村数")
    units_with_branch = serializers.IntegerField(help_text="已建支部的单元数")
    units_with_council = serializers.IntegerField(help_text="已建议事会的单元数")
    councils = serializers.IntegerField()
    council_members = serializers.IntegerField()
    households = serializers.IntegerField()
    households_linked = serializers.IntegerField(help_text="有党员联系的户数")
    party_members = serializers.IntegerField()
    party_members_in_service = serializers.IntegerField(help_text="在职党员双报到人数")
    branch_rate = serializers.FloatField(allow_null=True)
    council_rate = serializers.FloatField(allow_null=True)
    members_per_council = serializers.FloatField(allow_null=True)
    linked_rate = serializers.FloatField(allow_null=True)
