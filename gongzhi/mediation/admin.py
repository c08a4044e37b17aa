"""Back office for mediation: mediators as a registry; cases read-only here, parties masked as on the pages."""

from django.contrib import admin

from gongzhi.mediation.models import Dispute, DisputeEvent, DisputeParty, Mediator
from gongzhi.mediation.resources import register
from gongzhi.mediation.selectors import dispute_visible, party_view, sees_parties
from gongzhi.people.admin import RegistryAdmin

register()


@admin.register(Mediator)
class MediatorAdmin(RegistryAdmin):
    list_display = ["name", "kind", "phone", "organisation", "territory", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "organisation"]
    raw_id_fields = ["council_member", "party_member"]


class DisputeEventInline(admin.TabularInline):
    model = DisputeEvent
    extra = 0
    can_delete = False
    fields = ["at", "actor", "action", "from_state", "to_state", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dispute)
class DisputeAdmin(RegistryAdmin):
    """Cases move only through the workflow (pages and API); here they are read and exported."""

    list_display = ["id", "territory", "source", "kind", "state", "mediator", "received_at", "party_names"]
    list_filter = ["state", "source", "kind"]
    search_fields = ["summary", "police_ref"]
    raw_id_fields = ["mediator", "demand", "supervisor", "registered_by"]
    inlines = [DisputeEventInline]

    def get_queryset(self, request):
        qs = dispute_visible(actor=request.user).select_related("territory", "mediator")
        return qs.prefetch_related("parties")

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="当事人（已脱敏）")
    def party_names(self, obj):
        # Lists mask for everyone; the case page shows the mediator and supervisor the full data.
        return "、".join(party_view(p, full=False)["name"] for p in obj.parties.all())


@admin.register(DisputeParty)
class DisputePartyAdmin(RegistryAdmin):
    list_display = ["dispute", "role", "masked_name"]
    search_fields = []

    def get_queryset(self, request):
        visible = dispute_visible(actor=request.user).values("pk")
        return DisputeParty.objects.filter(dispute__in=visible).select_related("dispute__mediator")

    @admin.display(description="姓名（已脱敏）")
    def masked_name(self, obj):
        return party_view(obj, full=False)["name"]

    def has_change_permission(self, request, obj=None):
        return bool(obj is None or sees_parties(actor=request.user, dispute=obj.dispute))

    def has_view_permission(self, request, obj=None):
        return bool(obj is None or sees_parties(actor=request.user, dispute=obj.dispute))
