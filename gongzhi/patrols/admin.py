"""Back office for the patrol registers: scoped lists, masked personal data, Excel in and out."""

from django.contrib import admin

from gongzhi.patrols.models import DutyRule, Finding, Patrol, Visit
from gongzhi.patrols.resources import register
from gongzhi.people.admin import RegistryAdmin

register()


class VisitInline(admin.TabularInline):
    model = Visit
    extra = 0
    fields = ["household", "visited_on", "note"]
    raw_id_fields = ["household"]


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    fields = ["territory", "category", "description", "disposition", "demand"]
    raw_id_fields = ["territory", "demand"]


@admin.register(DutyRule)
class DutyRuleAdmin(RegistryAdmin):
    list_display = ["name", "kind", "tag", "interval_days", "territory", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "tag"]


@admin.register(Patrol)
class PatrolAdmin(RegistryAdmin):
    list_display = ["date", "territory", "grid_worker", "council_member", "distance_m"]
    list_filter = ["date"]
    search_fields = ["territory__name", "grid_worker__name", "council_member__name"]
    raw_id_fields = ["grid_worker", "council_member"]
    readonly_fields = ["distance_m", "client_key"]
    inlines = [VisitInline, FindingInline]


@admin.register(Visit)
class VisitAdmin(RegistryAdmin):
    list_display = ["visited_on", "household", "patrol", "note"]
    search_fields = ["household__name"]
    raw_id_fields = ["patrol"]


@admin.register(Finding)
class FindingAdmin(RegistryAdmin):
    list_display = ["patrol", "territory", "category", "disposition", "demand"]
    list_filter = ["category", "disposition"]
    search_fields = ["description"]
    raw_id_fields = ["patrol", "demand"]
