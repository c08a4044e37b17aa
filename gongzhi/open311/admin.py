"""Back office: see the keys and tokens, revoke a key. Keys are issued with `gongzhi open311 create-key`."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from gongzhi.open311.models import ApiKey, RequestToken
from gongzhi.open311.services import apikey_revoke


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "prefix")
    readonly_fields = ("name", "prefix", "user", "created_at", "last_used_at", "revoked_at")
    exclude = ("key_hash",)
    actions = ["revoke"]

    def has_add_permission(self, request):
        # The raw key must be shown once to whoever issues it: that is the command's job.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("吊销所选密钥"))
    def revoke(self, request, queryset):
        for key in queryset:
            apikey_revoke(actor=request.user, name_or_id=key.name)
        self.message_user(request, f"已吊销 {queryset.count()} 个密钥。", messages.SUCCESS)


@admin.register(RequestToken)
class RequestTokenAdmin(admin.ModelAdmin):
    list_display = ("token", "demand", "api_key", "created_at")
    readonly_fields = ("token", "demand", "api_key", "created_at")
    list_select_related = ("demand", "api_key")

    def has_add_permission(self, request):
        return False
