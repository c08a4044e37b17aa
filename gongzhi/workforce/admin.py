"""Back office for the workforce registers: scoped lists, Excel in and out; computed pay read-only."""

from django.contrib import admin

from gongzhi.people.admin import RegistryAdmin as PeopleRegistryAdmin
from gongzhi.people.provenance import PROVENANCE_FIELDS
from gongzhi.people.scope import scope_of
from gongzhi.territory.models import subtree_q
from gongzhi.workforce.models import (
    Attendance,
    CommunityPopulation,
    Course,
    Enrollment,
    MemberCard,
    OnSiteDay,
    PayRecord,
    PayScale,
    PerformanceRule,
    Posting,
    PostType,
    ReserveCandidate,
    ReserveEvent,
    Session,
    WorkerGrade,
    WorkforceAudit,
)
from gongzhi.workforce.resources import register
from gongzhi.workforce.resources.pay import pay_visible
from gongzhi.workforce.selectors.access import is_assessor_over, sets_pay_tables
from gongzhi.workforce.workflow import ASSESSOR_ROLES

register()


class RegistryAdmin(PeopleRegistryAdmin):
    """people's registry admin, for registers that do not record who supplied each row."""

    def get_list_display(self, request):
        return [n for n in super().get_list_display(request) if n not in PROVENANCE_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        return [n for n in super().get_readonly_fields(request, obj) if n not in PROVENANCE_FIELDS]


@admin.register(PostType)
class PostTypeAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "rank"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class PayTableAdmin(RegistryAdmin):
    """A pay table is the city's or county's: others read it."""

    def has_add_permission(self, request):
        return super().has_add_permission(request) and sets_pay_tables(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and sets_pay_tables(request.user, obj.territory.path if obj else None)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and sets_pay_tables(request.user, obj.territory.path if obj else None)


@admin.register(PayScale)
class PayScaleAdmin(PayTableAdmin):
    list_display = ["year", "territory", "post_type", "grade", "monthly_base"]
    list_filter = ["year", "post_type"]
    search_fields = ["territory__name"]


@admin.register(PerformanceRule)
class PerformanceRuleAdmin(PayTableAdmin):
    list_display = ["year", "territory", "grade", "coefficient"]
    list_filter = ["year", "grade"]
    search_fields = ["territory__name"]


@admin.register(WorkerGrade)
class WorkerGradeAdmin(RegistryAdmin):
    list_display = ["worker", "post_type", "grade", "since"]
    list_filter = ["post_type", "grade"]
    search_fields = ["worker__name"]
    raw_id_fields = ["worker"]


@admin.register(PayRecord)
class PayRecordAdmin(RegistryAdmin):
    """Pay is computed (核算), never typed in; only the person, their assessors and those above see it."""

    list_display = ["year", "name", "territory", "post_type", "grade", "months", "performance_grade", "total"]
    list_filter = ["year", "performance_grade"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return pay_visible(super().get_queryset(request), request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request):
        return False


@admin.register(CommunityPopulation)
class CommunityPopulationAdmin(RegistryAdmin):
    list_display = ["territory", "year", "urban_resident_population", "source"]
    list_filter = ["year"]
    search_fields = ["territory__name"]


class ReserveEventInline(admin.TabularInline):
    model = ReserveEvent
    extra = 0
    can_delete = False
    fields = ["at", "actor", "action", "from_state", "to_state", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReserveCandidate)
class ReserveCandidateAdmin(RegistryAdmin):
    """递补 and 退出 go through the pool page; here the scores are kept (street officials and above)."""

    list_display = ["name", "territory", "exam_year", "exam_score", "interview_score", "state", "promoted_to"]
    list_filter = ["state", "exam_year"]
    search_fields = ["name"]
    readonly_fields = ["state", "promoted_on", "promoted_to"]
    inlines = [ReserveEventInline]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.within(scope_of(request.user, roles=set(ASSESSOR_ROLES)) or [])

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or is_assessor_over(request.user, obj.territory.path))


@admin.register(Posting)
class PostingAdmin(RegistryAdmin):
    list_display = ["person_name", "kind", "territory", "from_unit", "phone", "start", "end"]
    list_filter = ["kind"]
    search_fields = ["person_name", "from_unit"]


@admin.register(OnSiteDay)
class OnSiteDayAdmin(RegistryAdmin):
    list_display = ["posting", "date", "note"]
    search_fields = ["posting__person_name"]
    raw_id_fields = ["posting"]
    date_hierarchy = "date"


@admin.register(Course)
class CourseAdmin(RegistryAdmin):
    list_display = ["name", "kind", "period_key", "territory"]
    list_filter = ["kind", "year"]
    search_fields = ["name"]
    readonly_fields = ["year"]


@admin.register(Session)
class SessionAdmin(RegistryAdmin):
    list_display = ["course", "date", "hours", "topic", "place"]
    search_fields = ["course__name", "topic"]
    raw_id_fields = ["course"]


@admin.register(Enrollment)
class EnrollmentAdmin(RegistryAdmin):
    list_display = ["course", "person_kind", "name", "territory"]
    list_filter = ["person_kind"]
    search_fields = ["name", "course__name"]
    raw_id_fields = ["course"]


@admin.register(Attendance)
class AttendanceAdmin(RegistryAdmin):
    list_display = ["session", "enrollment"]
    search_fields = ["enrollment__name"]
    raw_id_fields = ["session", "enrollment"]


@admin.register(MemberCard)
class MemberCardAdmin(RegistryAdmin):
    list_display = ["party_member", "public_post", "hidden"]
    list_filter = ["hidden"]
    search_fields = ["party_member__name"]
    raw_id_fields = ["party_member", "user"]


@admin.register(WorkforceAudit)
class WorkforceAuditAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor", "territory", "note"]
    list_filter = ["action"]
    readonly_fields = ["at", "action", "actor", "territory", "note", "extra"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("actor", "territory")
        if request.user.is_superuser:
            return qs
        return qs.filter(subtree_q(scope_of(request.user) or [], "territory__path"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
