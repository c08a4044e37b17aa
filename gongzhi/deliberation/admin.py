"""Back office: catalogues and quorum rules are edited here; topics, meetings and notices are read only.

Every change to a topic, a meeting or a notice goes through the services (steps, votes,
corrections), so the admin shows them read-only. Ballots and "has voted" rows are not
registered at all: a secret ballot must not be traceable, also not here.
"""

from __future__ import annotations

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from gongzhi.deliberation.models import (
    AgendaItem,
    Attendance,
    CatalogueEntry,
    ConsultationCatalogue,
    Meeting,
    MeetingSeries,
    Publication,
    QuorumRule,
    Topic,
    TopicEvent,
    Vote,
)
from gongzhi.deliberation.resources import CatalogueEntryResource, ConsultationCatalogueResource
from gongzhi.people.scope import restrict


class ScopedAdminMixin:
    def get_queryset(self, request):
        return restrict(super().get_queryset(request), request.user)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TopicEventInline(ReadOnlyMixin, admin.TabularInline):
    model = TopicEvent
    fields = ("at", "actor", "action", "from_step", "to_step", "duration_days", "note")
    readonly_fields = fields
    extra = 0


@admin.register(Topic)
class TopicAdmin(ReadOnlyMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = (
        "title",
        "territory",
        "procedure",
        "step",
        "origin",
        "is_major",
        "rating_avg",
        "created_at",
    )
    list_filter = ("procedure", "step", "origin", "is_major")
    search_fields = ("title", "text")
    inlines = [TopicEventInline]
    list_select_related = ("territory",)


class AgendaInline(ReadOnlyMixin, admin.TabularInline):
    model = AgendaItem
    fields = ("order", "topic")
    readonly_fields = fields
    extra = 0


class AttendanceInline(ReadOnlyMixin, admin.TabularInline):
    model = Attendance
    fields = ("name", "source", "voting", "status")
    readonly_fields = fields
    extra = 0


class VoteInline(ReadOnlyMixin, admin.TabularInline):
    """Only the tallies of a closed vote: never a ballot."""

    model = Vote
    fields = ("motion", "secret", "state", "for_count", "against_count", "abstain_count", "outcome", "reason")
    readonly_fields = fields
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "territory", "body", "kind", "scheduled_at", "state")
    list_filter = ("body", "kind", "state")
    search_fields = ("title",)
    date_hierarchy = "scheduled_at"
    inlines = [AgendaInline, AttendanceInline, VoteInline]
    list_select_related = ("territory",)


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "territory", "kind", "body", "rule", "first_at", "active")
    list_filter = ("kind", "body", "active")
    raw_id_fields = ("territory", "council")


@admin.register(Publication)
class PublicationAdmin(ReadOnlyMixin, ScopedAdminMixin, SimpleHistoryAdmin):
    """Never edited: a correction is a new version, made through the board."""

    list_display = ("title", "territory", "kind", "version", "published_at", "display_until", "superseded_at")
    list_filter = ("kind",)
    search_fields = ("title", "body")


class CatalogueEntryInline(admin.TabularInline):
    model = CatalogueEntry
    fields = ("title", "categories", "keywords", "procedure", "is_major")
    extra = 0


@admin.register(ConsultationCatalogue)
class ConsultationCatalogueAdmin(ScopedAdminMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [ConsultationCatalogueResource]
    list_display = ("name", "territory", "year", "active")
    list_filter = ("active", "year")
    search_fields = ("name",)
    raw_id_fields = ("territory",)
    inlines = [CatalogueEntryInline]


@admin.register(CatalogueEntry)
class CatalogueEntryAdmin(ScopedAdminMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [CatalogueEntryResource]
    list_display = ("title", "catalogue", "procedure", "is_major")
    list_filter = ("procedure", "is_major")
    search_fields = ("title",)


@admin.register(QuorumRule)
class QuorumRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "body", "quorum_numerator", "quorum_denominator", "majority_numerator")
    list_display += ("majority_denominator", "majority_base")
    list_filter = ("body",)
    raw_id_fields = ("territory",)
