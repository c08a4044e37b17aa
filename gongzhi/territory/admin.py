"""Back office for the territory tree: a flat, searchable, scoped list — never the whole tree at once."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from gongzhi.people.admin import MaskedListMixin
from gongzhi.people.scope import can_edit, restrict
from gongzhi.territory.levels import fits_under, label
from gongzhi.territory.models import Building, Household, Territory
from gongzhi.territory.resources import TerritoryResource, find_territory, in_scope
from gongzhi.territory.services import territory_add


class ParentFilter(admin.SimpleListFilter):
    """The children of one node (?parent=<id>); the link lives in the 下级 column."""

    title = "上级"
    parameter_name = "parent"

    def lookups(self, request, model_admin):
        value = request.GET.get(self.parameter_name, "")
        parent = Territory.objects.filter(pk=int(value)).first() if value.isdigit() else None
        return [(value, f"{parent.name}的下级")] if parent else []

    def has_output(self):
        # Django applies only filters that show; this one shows "全部" until a 下级 link is followed.
        return True

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        parent = Territory.objects.filter(pk=int(value)).values_list("path", "depth").first()
        if parent is None:
            return queryset.none()
        return queryset.filter(path__startswith=parent[0], depth=parent[1] + 1)


class TerritoryForm(forms.ModelForm):
    parent_key = forms.CharField(
        label="上级",
        required=False,
        help_text="新增时必填：上级的区划代码，或「上级代码/名称」，或 #编号",
    )

    class Meta:
        model = Territory
        fields = ["name", "level", "kind", "division_code", "address", "lng", "lat"]

    actor = None

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            if not can_edit(self.actor, self.instance.path):
                raise forms.ValidationError("您的角色不能修改这个单元。")
            return data
        key = (data.get("parent_key") or "").strip()
        parent = find_territory(key) if key else None
        if parent is None or not in_scope(self.actor, parent.path):
            self.add_error("parent_key", "找不到这个上级，或它不在您的管辖范围内。")
            return data
        if not can_edit(self.actor, parent.path):
            self.add_error("parent_key", "您的角色不能在这个上级之下新建单元。")
        elif data.get("level") and not fits_under(data["level"], parent.level):
            self.add_error("level", f"{label(data['level'])}不能放在{label(parent.level)}之下。")
        data["parent"] = parent
        return data


@admin.register(Territory)
class TerritoryAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    form = TerritoryForm
    resource_classes = [TerritoryResource]
    formats = [XLSX, CSV]
    list_display = ["name", "level", "kind", "division_code", "children", "id"]
    list_filter = ["level", "kind", ParentFilter]
    search_fields = ["name", "=division_code"]
    list_per_page = 50
    # Counting 665k rows twice per page is what makes a big changelist slow.
    show_full_result_count = False
    ordering = ["path"]
    history_list_display = ["level"]

    def get_queryset(self, request):
        return restrict(super().get_queryset(request), request.user)

    def get_readonly_fields(self, request, obj=None):
        return ["level"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def get_fields(self, request, obj=None):
        fields = ["name", "level", "kind", "division_code", "address", "lng", "lat"]
        return fields if obj is not None else ["parent_key", *fields]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, obj.path))

    def has_delete_permission(self, request, obj=None):
        # Deleting a node takes its subtree and registries with it: only through the tree tools.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            obj._history_user = request.user
            obj.save()
            return
        fields = {f: form.cleaned_data.get(f) for f in ["name", "level", "kind", "division_code", "address"]}
        fields.update(lng=form.cleaned_data.get("lng"), lat=form.cleaned_data.get("lat"))
        fields["division_code"] = fields["division_code"] or None
        node = territory_add(actor=request.user, parent_id=form.cleaned_data["parent"].pk, **fields)
        obj.__dict__.update({k: v for k, v in node.__dict__.items() if not k.startswith("_")})

    @admin.display(description="下级")
    def children(self, obj):
        if not obj.numchild:
            return "—"
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        return format_html('<a href="{}?parent={}">{} 个下级</a>', url, obj.pk, obj.numchild)

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "actor": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "actor": request.user}


@admin.register(Building)
class BuildingAdmin(TerritoryAdmin):
    list_filter = ["kind", ParentFilter]


@admin.register(Household)
class HouseholdAdmin(MaskedListMixin, TerritoryAdmin):
    list_display = ["name", "address", "children", "id"]
    list_filter = [ParentFilter]
    search_fields = ["name", "address"]
