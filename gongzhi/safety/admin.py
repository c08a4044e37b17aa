"""Back office for safe-household assessments: scoped lists, Excel in and out; steps go through the workflow."""

from django.contrib import admin

from gongzhi.people.admin import RegistryAdmin
from gongzhi.safety.models import AssessmentEvent, SafeHouseholdAssessment
from gongzhi.safety.resources import register

register()


class AssessmentEventInline(admin.TabularInline):
    model = AssessmentEvent
    extra = 0
    can_delete = False
    fields = ["at", "actor", "action", "from_state", "to_state", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SafeHouseholdAssessment)
class SafeHouseholdAssessmentAdmin(RegistryAdmin):
    list_display = ["household", "origin", "state", "plaque", "awarded_on", "next_recheck_on"]
    list_filter = ["state", "plaque", "origin"]
    search_fields = ["household__name", "applicant_name"]
    # The state moves only through the six steps (pages and API), never by editing the row.
    readonly_fields = [
        "state",
        "plaque",
        "criteria",
        "notice_until",
        "awarded_on",
        "last_checked_on",
        "next_recheck_on",
        "lost_reason",
    ]
    inlines = [AssessmentEventInline]
