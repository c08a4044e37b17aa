from django.contrib import admin

from gongzhi.notifications.models import Delivery, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "user__username", "user__display_name"]
    raw_id_fields = ["user"]
    date_hierarchy = "created_at"


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "backend", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["backend", "status", "kind"]
    search_fields = ["dedupe_key", "title", "user__username"]
    raw_id_fields = ["user"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False
