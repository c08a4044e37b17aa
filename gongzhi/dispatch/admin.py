from django.contrib import admin

from gongzhi.dispatch.models import Label


@admin.register(Label)
class LabelAdmin(admin.ModelAdmin):
    list_display = ("label", "predicted_label", "source", "short_text", "created_by", "created_at")
    list_filter = ("source", "label")
    search_fields = ("text", "label")
    readonly_fields = ("created_by", "created_at")

    @admin.display(description="诉求内容")
    def short_text(self, obj):
        return obj.text[:40]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
