"""Input and output serializers of the demand API; inputs only validate, the services write."""

from __future__ import annotations

from rest_framework import serializers

from gongzhi.core.validators import mask_address, mask_phone
from gongzhi.demands import workflow
from gongzhi.demands.models import Channel, Demand, DemandEvent
from gongzhi.demands.workflow import EscalationTarget, Satisfaction
from gongzhi.people.scope import needs_personal_data


def mask_name(value: str) -> str:
    return value[:1] + "*" * (len(value) - 1) if value else ""


def mask_coordinate(value: float | None) -> float | None:
    # Three decimals is about 100 m: the street, not the door.
    return None if value is None else round(value, 3)


class DemandIn(serializers.Serializer):
    idempotency_key = serializers.CharField(
        required=False, max_length=64, help_text="幂等键；也可以放在请求头 Idempotency-Key 中"
    )
    channel = serializers.ChoiceField(choices=Channel.choices, label="渠道")
    title = serializers.CharField(required=False, allow_blank=True, max_length=100, label="标题")
    text = serializers.CharField(label="诉求内容")
    category = serializers.SlugField(
        required=False, allow_null=True, label="分类代码", help_text="不填则按关键词自动分类"
    )
    territory_id = serializers.IntegerField(required=False, allow_null=True, label="所在辖区 id")
    address = serializers.CharField(required=False, allow_blank=True, max_length=200, label="地址")
    lng = serializers.FloatField(required=False, allow_null=True, label="经度")
    lat = serializers.FloatField(required=False, allow_null=True, label="纬度")
    coord_system = serializers.ChoiceField(
        choices=[("gcj02", "GCJ-02（国内地图）"), ("wgs84", "WGS-84（手机 GPS）")],
        default="gcj02",
        label="坐标系",
    )
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=50, label="联系人")
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=20, label="联系电话")


class TransitionIn(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, label="说明/理由")
    result = serializers.CharField(required=False, allow_blank=True, label="办理结果（办结时）")
    handler_id = serializers.IntegerField(
        required=False, allow_null=True, label="承办单位 id（交办时，不填按规则）"
    )
    deadline_hours = serializers.IntegerField(required=False, min_value=1, label="办理时限（工作小时）")
    category = serializers.SlugField(required=False, label="改为分类（受理/交办时）")
    satisfaction = serializers.ChoiceField(
        choices=Satisfaction.choices, required=False, label="满意度（回访时）"
    )
    to = serializers.ChoiceField(choices=EscalationTarget.choices, required=False, label="上报去向")
    into_id = serializers.IntegerField(required=False, label="合并到的诉求 id")
    territory_id = serializers.IntegerField(required=False, label="辖区 id（定位时）")


class DemandEventOut(serializers.ModelSerializer):
    from_state = serializers.CharField(help_text="原状态（见诉求的 state）")
    to_state = serializers.CharField(help_text="新状态（见诉求的 state）")
    actor_name = serializers.SerializerMethodField()
    action_label = serializers.SerializerMethodField()
    from_state_label = serializers.SerializerMethodField()
    to_state_label = serializers.SerializerMethodField()

    class Meta:
        model = DemandEvent
        fields = [
            "id",
            "action",
            "action_label",
            "from_state",
            "from_state_label",
            "to_state",
            "to_state_label",
            "actor_name",
            "note",
            "extra",
            "at",
        ]

    def get_actor_name(self, obj) -> str | None:
        return str(obj.actor) if obj.actor_id else None

    def get_action_label(self, obj) -> str:
        t = workflow.TRANSITIONS.get(obj.action)
        return t.label if t else {"submit": "提交", **workflow.SYSTEM_EVENTS}.get(obj.action, obj.action)

    def get_from_state_label(self, obj) -> str:
        return workflow.state_label(obj.from_state) if obj.from_state else ""

    def get_to_state_label(self, obj) -> str:
        return workflow.state_label(obj.to_state)


class DemandOut(serializers.ModelSerializer):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    category = serializers.CharField(source="category.code", default=None, read_only=True)
    category_name = serializers.CharField(source="category.name", default=None, read_only=True)
    category_source = serializers.CharField(
        read_only=True,
        help_text="分类来源：reporter 提交时选定 / model 模型 / keywords 关键词 / staff 工作人员",
    )
    suggested_category = serializers.CharField(
        source="suggested_category.code", default=None, read_only=True, help_text="分类模型的建议（代码）"
    )
    suggestion_confidence = serializers.FloatField(read_only=True, help_text="建议的置信度 0–1")
    suggestion_source = serializers.CharField(read_only=True, help_text="model:版本号 或 keywords")
    territory_name = serializers.CharField(source="territory.name", default=None, read_only=True)
    handler_name = serializers.CharField(source="handler.name", default=None, read_only=True)
    claimed_by_name = serializers.SerializerMethodField()
    escalation = serializers.CharField(
        help_text="上报去向：parent 上级 / deliberation 议事协商；空表示未上报"
    )

    class Meta:
        model = Demand
        fields = [
            "id",
            "title",
            "text",
            "state",
            "state_label",
            "channel",
            "channel_label",
            "category",
            "category_name",
            "category_source",
            "suggested_category",
            "suggestion_confidence",
            "suggestion_source",
            "territory",
            "territory_name",
            "address",
            "lng",
            "lat",
            "contact_name",
            "contact_phone",
            "handler",
            "handler_name",
            "claimed_by_name",
            "due_at",
            "supervised",
            "escalation",
            "result",
            "satisfaction",
            "merged_into",
            "created_at",
            "updated_at",
        ]

    def get_claimed_by_name(self, obj) -> str | None:
        return str(obj.claimed_by) if obj.claimed_by_id else None

    def sees_personal_data(self, obj: Demand) -> bool:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is None:
            return False
        if obj.reporter_id == user.pk or obj.claimed_by_id == user.pk:
            return True
        return needs_personal_data(user, obj.territory.path if obj.territory_id else None)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.sees_personal_data(instance):
            data["contact_name"] = mask_name(data["contact_name"])
            data["contact_phone"] = mask_phone(data["contact_phone"])
            data["address"] = mask_address(data["address"])
            data["lng"], data["lat"] = mask_coordinate(data["lng"]), mask_coordinate(data["lat"])
        return data


class DemandDetailOut(DemandOut):
    events = DemandEventOut(many=True, read_only=True)
    actions = serializers.SerializerMethodField(help_text="当前用户此刻可以执行的操作")

    class Meta(DemandOut.Meta):
        fields = [*DemandOut.Meta.fields, "actions", "events"]

    def get_actions(self, obj) -> list[str]:
        return self.context.get("actions", [])
