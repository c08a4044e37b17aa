"""The change feed endpoint: what changed in the shared registries since the caller last asked."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from gongzhi.core.errors import ValidationFailed
from gongzhi.exchange.cursor import cursor_decode, cursor_encode
from gongzhi.exchange.feed import CHANGES, DEFAULT_LIMIT, MAX_LIMIT, change_page
from gongzhi.people.apis import REGISTRY_ROUTES

RECORD_SCHEMA = PolymorphicProxySerializer(
    component_name="RegistryRecord",
    serializers=[viewset.output_serializer_class for viewset in REGISTRY_ROUTES.values()],
    resource_type_field_name=None,
)


@extend_schema_field(RECORD_SCHEMA)
class RecordField(serializers.JSONField):
    """A registry record as that registry's endpoint shows it to the caller."""


class ChangeOut(serializers.Serializer):
    registry = serializers.ChoiceField(choices=list(REGISTRY_ROUTES), help_text="台账（接口路径名）")
    id = serializers.IntegerField(help_text="记录编号")
    change = serializers.ChoiceField(choices=list(CHANGES.values()), help_text="新建、修改或删除")
    at = serializers.DateTimeField(help_text="变更时间")
    source_unit = serializers.CharField(allow_blank=True, help_text="来源单位：写入这次变更的部门或单位")
    record = RecordField(
        allow_null=True,
        help_text="变更后的记录，与该台账接口对调用者的显示相同（含脱敏）；删除时为 null",
    )


class ChangeFeedOut(serializers.Serializer):
    results = ChangeOut(many=True)
    next = serializers.CharField(help_text="下次调用时作为 since 传入的游标")
    more = serializers.BooleanField(help_text="是否还有已可读取的变更：为 true 时可立即再次调用")


def _registries(raw: str | None) -> list[str]:
    names = [n.strip() for n in (raw or "").split(",") if n.strip()]
    unknown = [n for n in names if n not in REGISTRY_ROUTES]
    if unknown:
        raise ValidationFailed(f"没有台账「{'、'.join(unknown)}」，可选：{'、'.join(REGISTRY_ROUTES)}。")
    return [n for n in REGISTRY_ROUTES if n in names] if names else list(REGISTRY_ROUTES)


def _limit(raw: str | None) -> int:
    if raw in (None, ""):
        return DEFAULT_LIMIT
    if not raw.isdigit() or int(raw) < 1:
        raise ValidationFailed(f"limit 应为 1–{MAX_LIMIT} 的整数。")
    return min(int(raw), MAX_LIMIT)


EXAMPLE = {
    "results": [
        {
            "registry": "residents",
            "id": 42,
            "change": "created",
            "at": "2025-03-01T09:30:00+08:00",
            "source_unit": "民政局",
            "record": {"id": 42, "name": "张三", "id_number": "340302********1234", "...": "..."},
        },
        {
            "registry": "residents",
            "id": 17,
            "change": "deleted",
            "at": "2025-03-01T09:31:12+08:00",
            "source_unit": "东风社区 社区工作者",
            "record": None,
        },
    ],
    "next": "eyJ2IjoxLCJwIjp7InJlc2lkZW50cyI6OTN9fQ",
    "more": False,
}


class ChangesApi(APIView):
    """The shared registries' changes, for other departments' systems to keep their copy in step.

    The cursor holds history ids, and an id can become visible after a higher one when
    its transaction commits late; rows younger than GONGZHI_EXCHANGE_SETTLE_SECONDS are
    therefore held back for a later call (see gongzhi/exchange/feed.py).
    """

    @extend_schema(
        summary="台账变更订阅（增量同步）",
        description=(
            "按时间先后列出调用者辖区内各台账自游标以来的新建、修改和删除（一部门采集、多部门共享）。"
            "首次不带 since 从头读取；之后把答复中的 next 原样作为 since 传入，不会重复也不会遗漏。"
            "more 为 true 时还有可读的变更。为避免并发事务晚提交造成遗漏，最近几秒内的变更稍后才会出现。"
        ),
        tags=["数据共享交换"],
        parameters=[
            OpenApiParameter("since", OpenApiTypes.STR, description="上次答复中的 next；不传则从头读取"),
            OpenApiParameter(
                "registry",
                OpenApiTypes.STR,
                description=f"只看这些台账，逗号分隔：{', '.join(REGISTRY_ROUTES)}",
            ),
            OpenApiParameter(
                "limit", OpenApiTypes.INT, description=f"每次最多条数，默认 {DEFAULT_LIMIT}，最大 {MAX_LIMIT}"
            ),
        ],
        responses=ChangeFeedOut,
        examples=[OpenApiExample("新建与删除", value=EXAMPLE, response_only=True)],
    )
    def get(self, request):
        registries = _registries(request.query_params.get("registry"))
        positions = cursor_decode(request.query_params.get("since"), registries=REGISTRY_ROUTES)
        page = change_page(
            actor=request.user,
            positions=positions,
            registries=registries,
            limit=_limit(request.query_params.get("limit")),
        )
        context = {"request": request, "view": self}
        results = [
            {
                "registry": c.registry,
                "id": c.record_id,
                "change": c.change,
                "at": serializers.DateTimeField().to_representation(c.at),
                "source_unit": c.source_unit,
                "record": None
                if c.instance is None
                else REGISTRY_ROUTES[c.registry].output_serializer_class(c.instance, context=context).data,
            }
            for c in page.changes
        ]
        return Response({"results": results, "next": cursor_encode(page.positions), "more": page.more})
