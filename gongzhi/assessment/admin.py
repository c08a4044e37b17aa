"""Back office: schemes, versions, indicators and grades (Excel in and out); results read-only.

A version that results use is shown read-only; "另存为新版本" copies it into the next version,
which is then edited. Results, their lines and events change only through the run and the workflow.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import XLSX

from gongzhi.assessment.models import (
    Appeal,
    AssessmentRun,
    Grade,
    Indicator,
    ManualScore,
    Result,
    ResultEvent,
    ResultLine,
    Scheme,
    SchemeVersion,
    Selection,
)
from gongzhi.assessment.resources import GradeResource, IndicatorResource, SchemeResource
from gongzhi.assessment.selectors import result_visible, version_frozen
from gongzhi.assessment.services import scheme_version_next
from gongzhi.assessment.specs import indicator_problem


class ExcelAdmin(ImportExportModelAdmin):
    formats = [XLSX]

    def get_import_resource_kwargs(self, request, **kwargs):
        kwargs = super().get_import_resource_kwargs(request, **kwargs)
        if self.resource_classes[0] is SchemeResource:
            return kwargs
        return {**kwargs, "actor": request.user, "request": request}


class VersionInline(admin.TabularInline):
    model = SchemeVersion
    extra = 0
    fields = ["number", "note", "bottom_share", "created_at", "link"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="状态")
    def link(self, obj):
        return "已有结果，只读" if version_frozen(version=obj) else "可修改"


@admin.register(Scheme)
class SchemeAdmin(ExcelAdmin):
    resource_classes = [SchemeResource]
    list_display = ["code", "name", "subject_kind", "period_kind", "publish_to_board", "active"]
    list_filter = ["subject_kind", "period_kind", "active"]
    search_fields = ["code", "name"]
    inlines = [VersionInline]
    actions = ["new_version"]

    @admin.action(description="另存为新版本（复制当前版本的指标和等级）")
    def new_version(self, request, queryset):
        for scheme in queryset:
            v = scheme_version_next(actor=request.user, scheme=scheme)
            messages.success(request, f"方案「{scheme.name}」已生成第{v.number}版，请在该版本中修改。")


class FrozenInlineMixin:
    def _frozen(self, obj) -> bool:
        return obj is not None and version_frozen(version=obj)

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class IndicatorInline(FrozenInlineMixin, admin.TabularInline):
    model = Indicator
    extra = 0
    fields = [
        "order", "code", "name", "weight", "source", "figure_key", "rule", "target", "floor",
        "thresholds", "per_unit", "higher_is_better", "no_data_points", "note",
    ]  # fmt: skip


class GradeInline(FrozenInlineMixin, admin.TabularInline):
    model = Grade
    extra = 0
    fields = ["code", "label", "min_score"]


@admin.register(SchemeVersion)
class SchemeVersionAdmin(admin.ModelAdmin):
    list_display = ["scheme", "number", "note", "created_at", "frozen"]
    list_filter = ["scheme"]
    inlines = [IndicatorInline, GradeInline]
    readonly_fields = ["scheme", "number", "created_at", "created_by", "next_version"]
    fields = ["scheme", "number", "note", "bottom_share", "created_at", "created_by", "next_version"]

    @admin.display(description="已有结果", boolean=True)
    def frozen(self, obj):
        return version_frozen(version=obj)

    @admin.display(description="修改")
    def next_version(self, obj):
        if obj.pk is None or not version_frozen(version=obj):
            return "本版本尚无考评结果，可直接修改。"
        url = reverse("admin:assessment_schemeversion_next", args=[obj.pk])
        return format_html(
            '本版本已有考评结果，不能直接修改。<a class="button" href="{}">另存为新版本并修改</a>', url
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and version_frozen(version=obj):
            return [*self.readonly_fields, "note", "bottom_share"]
        return self.readonly_fields

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/next/",
                self.admin_site.admin_view(self.next_view),
                name="assessment_schemeversion_next",
            )
        ]
        return extra + super().get_urls()

    def next_view(self, request, pk: int):
        version = SchemeVersion.objects.select_related("scheme").get(pk=pk)
        new = scheme_version_next(actor=request.user, scheme=version.scheme)
        messages.success(
            request,
            f"第{version.number}版已有考评结果，已另存为第{new.number}版；修改在第{new.number}版进行。",
        )
        return redirect("admin:assessment_schemeversion_change", new.pk)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for obj in (
            formset.queryset.model.objects.filter(version=form.instance) if formset.model is Indicator else []
        ):
            if problem := indicator_problem(obj):
                messages.warning(request, problem)


@admin.register(Indicator)
class IndicatorAdmin(ExcelAdmin):
    """Indicators in Excel (all schemes' current versions); edited in their version."""

    resource_classes = [IndicatorResource]
    list_display = ["name", "code", "version", "weight", "source", "figure_key", "rule", "target", "floor"]
    list_filter = ["version__scheme", "source", "rule"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None or not version_frozen(version=obj.version)


@admin.register(Grade)
class GradeAdmin(ExcelAdmin):
    resource_classes = [GradeResource]
    list_display = ["label", "code", "version", "min_score"]
    list_filter = ["version__scheme"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None or not version_frozen(version=obj.version)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LineInline(admin.TabularInline):
    model = ResultLine
    extra = 0
    fields = ["name", "value", "numerator", "denominator", "points", "weight", "explanation"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = ResultEvent
    extra = 0
    fields = ["at", "actor", "action", "from_state", "to_state", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    """Results move only through the run and the workflow; here they are read."""

    list_display = [
        "subject_name",
        "scheme",
        "period_key",
        "territory",
        "score",
        "grade_label",
        "state",
        "number",
        "current",
    ]
    list_filter = ["scheme", "period_key", "state", "current"]
    search_fields = ["subject_name"]
    inlines = [LineInline, EventInline]

    def get_queryset(self, request):
        return result_visible(actor=request.user).select_related("scheme", "territory")


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["result", "line", "state", "created_at", "decided_at"]
    list_filter = ["state"]

    def get_queryset(self, request):
        return Appeal.objects.filter(result__in=result_visible(actor=request.user)).select_related(
            "result", "line"
        )


@admin.register(ManualScore)
class ManualScoreAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "period_key", "subject_id", "territory", "value", "entered_by", "entered_at"]
    list_filter = ["period_key"]


@admin.register(AssessmentRun)
class AssessmentRunAdmin(ReadOnlyAdmin):
    list_display = ["scheme", "period_key", "at", "actor", "assessed", "changed", "seconds"]
    list_filter = ["scheme", "period_key"]


@admin.register(Selection)
class SelectionAdmin(ReadOnlyAdmin):
    list_display = ["name", "period_key", "territory", "state", "seats"]
