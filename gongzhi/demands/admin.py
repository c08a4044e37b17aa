"""Back office for the taxonomy, handlers, dispatch rules, the holiday calendar and demands.

Demands are only read here: every change of state goes through the workflow
(services.demand_transition), so the admin shows the state and the timeline read-only.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone

from gongzhi.demands.models import Category, Demand, DemandEvent, DispatchRule, Handler, HolidayOverride
from gongzhi.demands.selectors import demand_visible
from gongzhi.demands.sla import year_is_known
from gongzhi.people.scope import restrict


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "parent", "deadline_hours", "sort_order", "active")
    list_filter = ("active",)
    list_editable = ("sort_order", "active")
    search_fields = ("name", "code")


@admin.register(Handler)
class HandlerAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "platform", "territory", "active")
    list_filter = ("kind", "platform", "active")
    search_fields = ("name", "territory__name")
    raw_id_fields = ("territory", "council", "partner_unit")
    filter_horizontal = ("members",)

    def get_queryset(self, request):
        return restrict(super().get_queryset(request), request.user).select_related("territory")


@admin.register(DispatchRule)
class DispatchRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "category", "territory", "handler_kind", "handler", "deadline_hours", "active")
    list_filter = ("category", "handler_kind", "active")
    raw_id_fields = ("territory", "handler")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category", "territory", "handler")


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "is_workday", "note")
    list_filter = ("is_workday",)
    date_hierarchy = "date"
    search_fields = ("note",)

    def changelist_view(self, request, extra_context=None):
        # The next year's arrangement is published each November or December: say when it is missing.
        this_year = timezone.localdate().year
        for year in (this_year, this_year + 1):
            if not year_is_known(year):
                messages.warning(
                    request,
                    f"{year} 年的节假日安排尚未录入，办理期限暂按周一至周五计算。请录入放假和调休上班日。",
                )
        return super().changelist_view(request, extra_context)


class DemandEventInline(admin.TabularInline):
    model = DemandEvent
    extra = 0
    can_delete = False
    fields = ("at", "action", "from_state", "to_state", "actor", "note", "extra")
    readonly_fields = fields
    ordering = ("at", "id")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Demand)
class DemandAdmin(admin.ModelAdmin):
    list_display = ("id", "__str__", "state", "category", "territory", "handler", "due_at", "created_at")
    list_filter = ("state", "channel", "category", "category_source", "supervised")
    search_fields = ("title", "text", "idempotency_key")
    date_hierarchy = "created_at"
    inlines = [DemandEventInline]
    fields = (
        ("state", "channel"),
        "title",
        "text",
        ("category", "category_source", "territory"),
        ("suggested_category", "suggestion_confidence", "suggestion_source"),
        "address",
        ("lng", "lat"),
        ("contact_name", "contact_phone"),
        ("handler", "claimed_by"),
        ("reporter", "submitted_by"),
        ("due_at", "supervised", "escalation"),
        "result",
        ("satisfaction", "merged_into"),
        "idempotency_key",
        ("created_at", "updated_at"),
    )

    def get_queryset(self, request):
        qs = demand_visible(actor=request.user)
        return qs.select_related("territory", "category", "suggested_category", "handler")

    def has_add_permission(self, request):
        # Intake goes through demand_submit (idempotency, location, classification, the first event).
        return False

    def has_change_permission(self, request, obj=None):
        # Every change is a workflow action with its event; the back office only reads demands here.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
