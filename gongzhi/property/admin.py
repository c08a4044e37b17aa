"""Back office of red property: every register in scope, with history and Excel in and out."""

from __future__ import annotations

from django.contrib import admin

from gongzhi.people.admin import RegistryAdmin
from gongzhi.property.models import (
    CommitteeMember,
    Compound,
    CompoundRating,
    CrossAppointment,
    OwnersCommittee,
    PropertyCompany,
)
from gongzhi.property.resources import register

# The back office is built before the apps are ready: make our Excel resources known first.
register()


@admin.register(PropertyCompany)
class PropertyCompanyAdmin(RegistryAdmin):
    list_display = ["name", "credit_code", "territory", "contact_name", "phone", "has_party_org"]
    list_filter = ["has_party_org"]
    search_fields = ["name", "=credit_code"]


@admin.register(Compound)
class CompoundAdmin(RegistryAdmin):
    list_display = ["territory", "service_mode", "company", "branch", "service_since"]
    list_filter = ["service_mode"]
    search_fields = ["territory__name", "company__name"]
    raw_id_fields = ["company", "branch"]


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    fields = ["name", "phone", "role", "is_party_member"]


@admin.register(OwnersCommittee)
class OwnersCommitteeAdmin(RegistryAdmin):
    list_display = ["name", "territory", "elected_on", "term_ends_on"]
    search_fields = ["name"]
    inlines = [CommitteeMemberInline]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(RegistryAdmin):
    list_display = ["name", "committee", "role", "phone", "is_party_member"]
    list_filter = ["role", "is_party_member"]
    search_fields = ["name", "committee__name"]
    raw_id_fields = ["committee", "party_member"]


@admin.register(CrossAppointment)
class CrossAppointmentAdmin(RegistryAdmin):
    list_display = ["name", "territory", "direction", "home_post", "cross_post", "started_on", "ended_on"]
    list_filter = ["direction"]
    search_fields = ["name", "home_post", "cross_post"]
    raw_id_fields = ["party_member"]


@admin.register(CompoundRating)
class CompoundRatingAdmin(RegistryAdmin):
    list_display = ["territory", "year", "score", "level", "rated_on", "rated_by"]
    list_filter = ["year", "level"]
