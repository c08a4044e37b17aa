"""Back office of points: rules and goods are edited; the ledger and redemptions are only ever viewed."""

from __future__ import annotations

from django.contrib import admin

from gongzhi.people.admin import RegistryAdmin
from gongzhi.points.models import PointEntry, PointRule, Redemption, RollEntry, ShopItem
from gongzhi.points.resources import register

# The back office is built before the apps are ready: make our Excel resources known first.
register()


@admin.register(PointRule)
class PointRuleAdmin(RegistryAdmin):
    list_display = ["code", "name", "holder", "points", "per_hour", "territory", "active"]
    list_filter = ["holder", "per_hour", "active"]
    search_fields = ["code", "name"]


@admin.register(ShopItem)
class ShopItemAdmin(RegistryAdmin):
    list_display = ["name", "territory", "cost", "stock", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


class ReadOnlyLedgerAdmin(RegistryAdmin):
    """A ledger is append-only: no one changes or deletes a row here, not even a superuser.

    New rows come from the services (pages, API, Excel import), which lock the account.
    """

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PointEntry)
class PointEntryAdmin(ReadOnlyLedgerAdmin):
    list_display = ["occurred_on", "account", "points", "kind", "rule", "reason", "actor"]
    list_filter = ["kind", "occurred_on"]
    search_fields = ["reason", "account__volunteer__name", "account__household__name"]
    raw_id_fields = ["account", "rule"]


@admin.register(Redemption)
class RedemptionAdmin(ReadOnlyLedgerAdmin):
    list_display = ["created_at", "account", "item", "quantity", "points", "actor"]
    search_fields = ["item__name"]
    raw_id_fields = ["account", "item", "entry"]


@admin.register(RollEntry)
class RollEntryAdmin(RegistryAdmin):
    list_display = [
        "territory",
        "roll",
        "period_label",
        "rank",
        "account",
        "points",
        "reason",
        "published_at",
    ]
    list_filter = ["roll", "period_key"]
    raw_id_fields = ["account"]
