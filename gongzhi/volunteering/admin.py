"""Back office of volunteering: registers in scope, Excel in and out; states change only by workflow."""

from __future__ import annotations

from django.contrib import admin, messages

from gongzhi.core.errors import ApplicationError
from gongzhi.people.admin import RegistryAdmin
from gongzhi.volunteering import services
from gongzhi.volunteering.models import (
    Activity,
    ActivityEvent,
    GovernancePost,
    Pledge,
    PostClaim,
    SignUp,
    Volunteer,
    VolunteerTeam,
)
from gongzhi.volunteering.resources import register

# The back office is built before the apps are ready: make our Excel resources known first.
register()


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(RegistryAdmin):
    list_display = ["name", "kind", "territory", "leader_name", "phone", "founded_on"]
    list_filter = ["kind"]
    search_fields = ["name", "leader_name"]


@admin.register(Volunteer)
class VolunteerAdmin(RegistryAdmin):
    list_display = ["name", "gender", "phone", "territory", "team", "party_member", "registered_on"]
    list_filter = ["gender"]
    search_fields = ["name", "=phone"]
    raw_id_fields = ["team", "resident", "party_member"]


def _run(modeladmin, request, queryset, action: str, label: str):
    done = 0
    for activity in queryset:
        try:
            services.activity_transition(actor=request.user, activity_id=activity.pk, action=action)
            done += 1
        except ApplicationError as exc:
            modeladmin.message_user(request, f"{activity}：{exc.message}", messages.WARNING)
    modeladmin.message_user(request, f"已{label} {done} 个活动。")


@admin.action(description="结束所选活动（未签到记为缺席，未签退按结束时间签退）")
def finish_activities(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, "finish", "结束")


@admin.action(description="取消所选活动")
def cancel_activities(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, "cancel", "取消")


@admin.register(Activity)
class ActivityAdmin(RegistryAdmin):
    list_display = ["title", "category", "territory", "starts_at", "capacity", "state", "people_served"]
    list_filter = ["state", "category"]
    search_fields = ["title", "place"]
    raw_id_fields = ["team"]
    readonly_fields = ["state"]
    date_hierarchy = "starts_at"
    actions = [finish_activities, cancel_activities]


@admin.register(SignUp)
class SignUpAdmin(RegistryAdmin):
    """Sign-ups change through the workflow (page, API, import), never by editing the row."""

    list_display = ["volunteer", "activity", "state", "checked_in_at", "checked_out_at", "service_hours"]
    list_filter = ["state"]
    search_fields = ["volunteer__name", "activity__title"]
    raw_id_fields = ["activity", "volunteer"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ActivityEvent)
class ActivityEventAdmin(admin.ModelAdmin):
    list_display = ["at", "activity", "sign_up", "actor", "action", "frm", "to", "note"]
    list_filter = ["action"]

    def get_queryset(self, request):
        from gongzhi.people.scope import restrict

        return (
            super().get_queryset(request).filter(activity__in=restrict(Activity.objects.all(), request.user))
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GovernancePost)
class GovernancePostAdmin(RegistryAdmin):
    list_display = ["name", "territory", "duty", "slots"]
    search_fields = ["name", "duty"]


@admin.register(PostClaim)
class PostClaimAdmin(RegistryAdmin):
    list_display = ["post", "party_member", "claimed_on", "released_on"]
    search_fields = ["post__name", "party_member__name"]
    raw_id_fields = ["post", "party_member"]


@admin.register(Pledge)
class PledgeAdmin(RegistryAdmin):
    list_display = ["party_member", "territory", "year", "published_at"]
    list_filter = ["year"]
    search_fields = ["party_member__name", "promise"]
    raw_id_fields = ["party_member"]
