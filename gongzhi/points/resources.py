"""The points registers in Excel. Ledger rows and redemptions are only ever added, through the services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from gongzhi.core.cells import ChoiceWidget, CountWidget, DateWidget, TextWidget, YesNoWidget, text
from gongzhi.core.errors import ApplicationError
from gongzhi.core.widgets import DateTimeWidget, IntegerWidget
from gongzhi.people.resource_base import IdRefWidget, RegistryResource, col, territory_col
from gongzhi.points import services
from gongzhi.points.models import (
    EntryKind,
    Holder,
    PointEntry,
    PointRule,
    Redemption,
    Roll,
    RollEntry,
    ShopItem,
)
from gongzhi.territory.levels import Level
from gongzhi.territory.resources import TerritoryWidget, in_scope
from gongzhi.volunteering.models import Volunteer

VOLUNTEER_PREFIX = "志愿者#"


class AccountWidget(widgets.Widget):
    """An account named by its household (a territory key) or 志愿者#编号; opened on first use."""

    def __init__(self, **kw):
        self.household = TerritoryWidget(levels={Level.HOUSEHOLD}, what="积分户")
        super().__init__(**kw)

    def clean(self, value, row=None, **kwargs):
        key = text(value)
        if not key:
            return None
        user = kwargs.get("user")
        if key.startswith(VOLUNTEER_PREFIX):
            raw = key[len(VOLUNTEER_PREFIX) :]
            v = (
                Volunteer.objects.select_related("territory").filter(pk=int(raw)).first()
                if raw.isdigit()
                else None
            )
            if v is None or (user is not None and not in_scope(user, v.territory.path)):
                raise ValueError(f"找不到{key}，或不在您的管辖范围内")
            return services.account_for(volunteer=v)
        return services.account_for(household=self.household.clean(key, row, **kwargs))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if value.volunteer_id:
            return f"{VOLUNTEER_PREFIX}{value.volunteer_id}"
        return self.household.render(value.household)


class AppendOnly(RegistryResource):
    """Rows that are only ever added: an existing row imports unchanged or not at all."""

    def do_instance_save(self, instance, is_create):
        if not is_create:
            raise ValidationError("已有的记录只能新增、不能修改；记错了请冲正。")
        self.create_through_service(instance)

    def create_through_service(self, instance) -> None:
        raise NotImplementedError

    def save_m2m(self, instance, row, **kwargs):
        return None

    def _service(self, call):
        try:
            return call()
        except ApplicationError as exc:
            raise ValidationError(exc.message)


class PointRuleResource(RegistryResource):
    code = col("code", "规则代码")
    name = col("name", "名称")
    holder = col("holder", "对象", ChoiceWidget(Holder.choices))
    points = col("points", "分值", IntegerWidget())
    per_hour = col("per_hour", "按服务时长计", YesNoWidget())
    territory = territory_col("territory", "适用辖区(含下级)")
    active = col("active", "启用", YesNoWidget())
    description = col("description", "说明")
    natural_key = ("territory", "code")
    example = {
        "code": "help_neighbour",
        "name": "邻里互助",
        "holder": "家庭户",
        "points": "5",
        "per_hour": "否",
        "active": "是",
    }

    class Meta(RegistryResource.Meta):
        model = PointRule
        fields = ("id", "code", "name", "holder", "points", "per_hour", "territory", "active", "description")


class ShopItemResource(RegistryResource):
    name = col("name", "名称")
    territory = territory_col("territory", "所在积分超市(辖区)")
    cost = col("cost", "所需积分", CountWidget())
    stock = col("stock", "库存", CountWidget())
    active = col("active", "上架", YesNoWidget())
    natural_key = ("territory", "name")
    example = {"name": "洗衣液", "cost": "30", "stock": "50", "active": "是"}

    class Meta(RegistryResource.Meta):
        model = ShopItem
        fields = ("id", "name", "territory", "cost", "stock", "active")


class PointEntryResource(AppendOnly):
    account = col("account", "积分户/志愿者", AccountWidget())
    points = col("points", "分值", IntegerWidget(), readonly=True)
    kind = col("kind", "类型", ChoiceWidget(EntryKind.choices), readonly=True)
    # Read on import only: the service finds the rule and computes the points.
    rule = fields.Field(column_name="规则代码", widget=TextWidget())
    quantity = fields.Field(column_name="数量(小时)", widget=TextWidget())
    reason = col("reason", "事由")
    occurred_on = col("occurred_on", "发生日期", DateWidget())
    source = col("source", "来源", readonly=True)
    example = {"reason": "帮助独居老人买菜", "occurred_on": "2024-05-01"}

    class Meta(RegistryResource.Meta):
        model = PointEntry
        fields = ("id", "account", "points", "kind", "rule", "quantity", "reason", "occurred_on", "source")

    def related(self):
        return ["account__household", "account__volunteer", "rule", "account__territory"]

    def dehydrate_rule(self, entry):
        return entry.rule.code if entry.rule_id else ""

    def dehydrate_quantity(self, entry):
        return ""

    def import_instance(self, instance, row, **kwargs):
        instance._import_rule = text(row.get("规则代码"))
        instance._import_quantity = text(row.get("数量(小时)"))
        super().import_instance(instance, row, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if instance.pk is None and not getattr(instance, "_import_rule", ""):
            raise ValidationError({"规则代码": ["请填写积分规则代码"]})

    def create_through_service(self, instance) -> None:
        quantity = getattr(instance, "_import_quantity", "") or "1"
        entry = self._service(
            lambda: services.points_apply_rule(
                actor=self.actor,
                account_id=instance.account.pk,
                rule_code=instance._import_rule,
                quantity=quantity,
                reason=instance.reason,
                occurred_on=instance.occurred_on,
            )
        )
        instance.pk = instance.id = entry.pk


class RedemptionResource(AppendOnly):
    account = col("account", "积分户/志愿者", AccountWidget())
    item = col("item", "商品编号", IdRefWidget(ShopItem, "积分超市商品"))
    item_name = fields.Field(column_name="商品名称", attribute="item__name", readonly=True)
    quantity = col("quantity", "数量", CountWidget())
    points = col("points", "消耗积分", CountWidget(), readonly=True)
    created_at = col("created_at", "兑换时间", DateTimeWidget(), readonly=True)
    example = {"quantity": "1"}

    class Meta(RegistryResource.Meta):
        model = Redemption
        fields = ("id", "account", "item", "item_name", "quantity", "points", "created_at")

    def related(self):
        return ["account__household", "account__volunteer", "item", "account__territory"]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        return None

    def create_through_service(self, instance) -> None:
        made = self._service(
            lambda: services.points_redeem(
                actor=self.actor,
                account_id=instance.account.pk,
                item_id=instance.item.pk,
                quantity=instance.quantity,
            )
        )
        instance.pk = instance.id = made.pk


class RollEntryResource(RegistryResource):
    territory = territory_col("territory", "社区", {Level.COMMUNITY})
    roll = col("roll", "榜单", ChoiceWidget(Roll.choices))
    period_key = col("period_key", "期间")
    period_label = col("period_label", "期间名称")
    account = col("account", "积分户/志愿者", AccountWidget())
    rank = col("rank", "名次", CountWidget())
    points = col("points", "期间积分", IntegerWidget())
    reason = col("reason", "事由")
    published_at = col("published_at", "公示时间", DateTimeWidget())
    natural_key = ("territory", "roll", "period_key", "account")
    example = {
        "roll": "红榜",
        "period_key": "2024-Q2",
        "period_label": "2024年第2季度",
        "rank": "1",
        "points": "60",
        "reason": "积分排名靠前",
    }

    class Meta(RegistryResource.Meta):
        model = RollEntry
        fields = (
            "id",
            "territory",
            "roll",
            "period_key",
            "period_label",
            "account",
            "rank",
            "points",
            "reason",
            "published_at",
        )

    def related(self):
        return ["territory", "account__household", "account__volunteer"]


RESOURCES = {
    "point-rules": PointRuleResource,
    "shop-items": ShopItemResource,
    "point-entries": PointEntryResource,
    "redemptions": RedemptionResource,
    "roll-entries": RollEntryResource,
}


def register() -> None:
    """Add these registers to the ones `gongzhi registry` and the back office know (idempotent)."""
    from gongzhi.people.resources import REGISTRIES

    REGISTRIES.update(RESOURCES)
