"""Back office for department keys: issue one (the key is shown once), see them, revoke them."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from gongzhi.core.errors import ApplicationError
from gongzhi.exchange.models import DepartmentKey
from gongzhi.exchange.services import department_key_check, department_key_create, department_key_revoke

SHOWN = ["department", "user", "prefix", "active", "created_at", "created_by", "last_used_at", "revoked_at"]


class IssueForm(forms.ModelForm):
    """发放密钥: a department and the account it acts as; checked by the same rules as the command."""

    username = forms.CharField(
        label="服务账号（用户名）", help_text="密钥以此账号的角色和辖区读写，脱敏规则相同"
    )

    class Meta:
        model = DepartmentKey
        fields = ["department"]

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                department_key_check(department=data["department"], username=data["username"])
            except ApplicationError as exc:
                raise forms.ValidationError(exc.message)
        return data


@admin.register(DepartmentKey)
class DepartmentKeyAdmin(SimpleHistoryAdmin):
    """Superusers only: a key reads and writes as its account, wherever that account reaches."""

    list_display = ["department", "user", "prefix", "active", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["active"]
    search_fields = ["department", "prefix", "user__username"]
    list_select_related = ["user"]
    actions = ["revoke"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A revoked key stays, so the history of what was written with it keeps its name.
        return False

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = IssueForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return SHOWN if obj is not None else ["department", "username"]

    def get_readonly_fields(self, request, obj=None):
        return SHOWN if obj is not None else []

    def save_model(self, request, obj, form, change):
        key, raw = department_key_create(
            actor=request.user, department=obj.department, username=form.cleaned_data["username"]
        )
        obj.pk, obj.prefix, obj.user = key.pk, key.prefix, key.user
        self.message_user(
            request,
            f"已为「{key.department}」发放密钥，请立即复制保存，它只显示这一次：{raw}",
            messages.WARNING,
        )

    @admin.action(description=_("吊销所选密钥"))
    def revoke(self, request, queryset):
        keys = list(queryset)
        for key in keys:
            department_key_revoke(actor=request.user, prefix=key.prefix)
        self.message_user(request, f"已吊销 {len(keys)} 个密钥。", messages.SUCCESS)
