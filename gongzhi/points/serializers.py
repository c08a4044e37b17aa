"""Input and output serializers of points; inputs only validate, the services write."""

from __future__ import annotations

from rest_framework import serializers

from gongzhi.api.serializers import InputSerializer, MaskedOutputSerializer
from gongzhi.points.models import PointAccount, PointEntry, PointRule, Redemption, RollEntry, ShopItem

STAMPS = ["created_at", "updated_at"]


class PointRuleIn(InputSerializer):
    class Meta:
        model = PointRule
        fields = ["code", "name", "holder", "points", "per_hour", "territory", "active", "description"]


class PointRuleOut(MaskedOutputSerializer):
    territory_name = serializers.CharField(source="territory.name", read_only=True)

    class Meta:
        model = PointRule
        fields = ["id", *PointRuleIn.Meta.fields, "territory_name", *STAMPS]


class ShopItemIn(InputSerializer):
    class Meta:
        model = ShopItem
        fields = ["name", "territory", "cost", "stock", "active"]


class ShopItemOut(MaskedOutputSerializer):
    territory_name = serializers.CharField(source="territory.name", read_only=True)

    class Meta:
        model = ShopItem
        fields = ["id", *ShopItemIn.Meta.fields, "territory_name", *STAMPS]


class PointAccountOut(serializers.ModelSerializer):
    balance = serializers.IntegerField(read_only=True, label="积分余额")
    stars = serializers.IntegerField(read_only=True, label="星级")
    label = serializers.CharField(read_only=True, label="名称")

    class Meta:
        model = PointAccount
        fields = ["id", "holder", "household", "volunteer", "territory", "label", "balance", "stars"]


class PointEntryOut(serializers.ModelSerializer):
    rule_code = serializers.CharField(source="rule.code", read_only=True, default=None)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = PointEntry
        fields = [
            "id",
            "account",
            "points",
            "kind",
            "kind_label",
            "rule",
            "rule_code",
            "reason",
            "occurred_on",
            "source",
            "actor",
            "created_at",
        ]


class ApplyRuleIn(serializers.Serializer):
    account = serializers.IntegerField(required=False, label="积分账户编号")
    household = serializers.IntegerField(required=False, label="户编号")
    volunteer = serializers.IntegerField(required=False, label="志愿者编号")
    rule = serializers.SlugField(label="规则代码")
    quantity = serializers.DecimalField(
        max_digits=6, decimal_places=1, required=False, default=1, label="数量(小时)"
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    occurred_on = serializers.DateField(required=False, allow_null=True)


class ReverseIn(serializers.Serializer):
    reason = serializers.CharField(label="冲正原因")


class RedeemIn(serializers.Serializer):
    account = serializers.IntegerField(required=False, label="积分账户编号")
    household = serializers.IntegerField(required=False, label="户编号")
    volunteer = serializers.IntegerField(required=False, label="志愿者编号")
    item = serializers.IntegerField(label="商品编号")
    quantity = serializers.IntegerField(min_value=1, default=1, label="数量")


class RedemptionOut(serializers.ModelSerializer):
    item_name = serializers.CharField(source="item.name", read_only=True)

    class Meta:
        model = Redemption
        fields = ["id", "account", "item", "item_name", "quantity", "points", "entry", "created_at"]


class AwardActivityIn(serializers.Serializer):
    activity = serializers.IntegerField(label="志愿活动编号")


class RollPublishIn(serializers.Serializer):
    community = serializers.IntegerField(label="社区编号")
    period = serializers.CharField(label="期间（如 2024-Q3）")
    size = serializers.IntegerField(min_value=1, max_value=50, default=10, label="每榜人数")


class RollEntryOut(serializers.ModelSerializer):
    roll_label = serializers.CharField(source="get_roll_display", read_only=True)

    class Meta:
        model = RollEntry
        fields = [
            "id",
            "territory",
            "roll",
            "roll_label",
            "period_key",
            "period_label",
            "rank",
            "account",
            "points",
            "reason",
            "published_at",
        ]
