"""Back office for users, roles and the registries: scoped lists, masked personal data, Excel in and out."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpResponse
from django.urls import path
from django.utils.http import content_disposition_header
from import_export import fields, resources
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from gongzhi.core.cells import ChoiceWidget, TextWidget
from gongzhi.core.validators import mask_address, mask_id_number, mask_phone
from gongzhi.people.importing import registry_template, xlsx_bytes
from gongzhi.people.models import (
    CommunityWorker,
    Council,
    CouncilMember,
    GridWorker,
    LinkedHousehold,
    PartnerUnit,
    PartyMember,
    PartyOrg,
    PoliceOfficer,
    Resident,
    RoleAssignment,
    SpecialistTeam,
    User,
)
from gongzhi.people.provenance import PROVENANCE_FIELDS
from gongzhi.people.resources import REGISTRIES, resource_for_model
from gongzhi.people.roles import Role
from gongzhi.people.scope import can_edit, needs_personal_data, restrict, scope_of
from gongzhi.people.services import registry_delete, registry_save, scope_path_of
from gongzhi.territory.models import Territory, subtree_q
from gongzhi.territory.resources import TerritoryWidget, in_scope

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MASKS = {"id_number": mask_id_number, "phone": mask_phone, "address": mask_address}


class MaskedListMixin:
    """Show ID numbers, phones and addresses masked to viewers whose work does not need them."""

    def get_list_display(self, request):
        return [
            self._masked(name, request) if name in MASKS else name
            for name in super().get_list_display(request)
        ]

    def _masked(self, name, request):
        field = self.model._meta.get_field(name)

        def show(obj):
            value = getattr(obj, name) or ""
            return value if needs_personal_data(request.user, scope_path_of(obj)) else MASKS[name](value)

        show.short_description = field.verbose_name
        show.admin_order_field = name
        show.__name__ = name
        return show


class ScopedForm(forms.ModelForm):
    actor = None

    def _post_clean(self):
        super()._post_clean()
        if self.actor is None or self.errors:
            return
        place = scope_path_of(self.instance)
        if place and not (in_scope(self.actor, place) and can_edit(self.actor, place)):
            self.add_error(None, "所选辖区不在您的管辖范围内，或您的角色不能修改它的台账。")


class RegistryAdmin(MaskedListMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    """A registry: rows within the user's scope, saved through registry_save, Excel with a template."""

    form = ScopedForm
    formats = [XLSX, CSV]
    import_export_change_list_template = "admin/people/registry_change_list.html"
    list_per_page = 50
    show_full_result_count = False

    def __init__(self, model, admin_site):
        self.resource_classes = [resource_for_model(model)]
        self.raw_id_fields = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model in {Territory, User}
        ] + list(self.raw_id_fields)
        super().__init__(model, admin_site)

    def get_queryset(self, request):
        qs = restrict(super().get_queryset(request), request.user)
        return qs.select_related(*self.list_select_related_names())

    def get_list_display(self, request):
        return [*super().get_list_display(request), *PROVENANCE_FIELDS]

    def get_readonly_fields(self, request, obj=None):
        # Set by registry_save on every write; shown, never typed in.
        return [*super().get_readonly_fields(request, obj), *PROVENANCE_FIELDS]

    def list_select_related_names(self) -> list[str]:
        scope = self.model.scope_field
        return [scope] + [
            f.name for f in self.model._meta.concrete_fields if f.is_relation and f.name != "user"
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Territory:
            kwargs["queryset"] = restrict(Territory.objects.all(), request.user)
        elif hasattr(db_field.related_model, "scope_field"):
            kwargs["queryset"] = restrict(db_field.related_model.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, scope_path_of(obj) or ""))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_edit(request.user, scope_path_of(obj) or ""))

    def save_model(self, request, obj, form, change):
        previous = None
        if change:
            original = type(obj).objects.select_related(*self.list_select_related_names()).get(pk=obj.pk)
            previous = scope_path_of(original)
        registry_save(actor=request.user, instance=obj, previous_path=previous)

    def delete_model(self, request, obj):
        registry_delete(actor=request.user, instance=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            registry_delete(actor=request.user, instance=obj)

    def save_formset(self, request, form, formset, change):
        for obj in formset.deleted_objects if formset.is_bound else []:
            registry_delete(actor=request.user, instance=obj)
        for obj in formset.save(commit=False):
            registry_save(actor=request.user, instance=obj)
        formset.save_m2m()

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "actor": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "actor": request.user}

    def get_import_data_kwargs(self, **kwargs):
        # A file with any bad row is written not at all, in the back office as on the command line.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view(self.template_view)
        return [path("template/", view, name="{}_{}_template".format(*info)), *super().get_urls()]

    def template_view(self, request):
        """下载模板: the header row and one example row taken from the user's area."""
        registry = next(k for k, r in REGISTRIES.items() if r._meta.model is self.model)
        title = str(self.opts.verbose_name_plural)
        body = xlsx_bytes(registry_template(actor=request.user, registry=registry), title=title)
        response = HttpResponse(body, content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, f"{title}-导入模板.xlsx")
        return response


@admin.register(PartyOrg)
class PartyOrgAdmin(RegistryAdmin):
    list_display = ["name", "kind", "territory", "parent", "secretary_name", "founded_on"]
    list_filter = ["kind"]
    search_fields = ["name", "secretary_name"]
    raw_id_fields = ["parent"]


@admin.register(PartyMember)
class PartyMemberAdmin(RegistryAdmin):
    list_display = ["name", "gender", "id_number", "phone", "party_org", "territory", "registered_in_service"]
    list_filter = ["gender", "registered_in_service"]
    search_fields = ["name", "=id_number", "=phone"]
    raw_id_fields = ["party_org"]


@admin.register(LinkedHousehold)
class LinkedHouseholdAdmin(RegistryAdmin):
    list_display = ["party_member", "household", "is_hub"]
    list_filter = ["is_hub"]
    search_fields = ["party_member__name", "household__name"]
    raw_id_fields = ["party_member"]


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    fields = ["name", "phone", "roles", "is_party_member"]


@admin.register(Council)
class CouncilAdmin(RegistryAdmin):
    list_display = ["name", "kind", "territory", "branch", "elected_on"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["branch"]
    inlines = [CouncilMemberInline]


@admin.register(CouncilMember)
class CouncilMemberAdmin(RegistryAdmin):
    list_display = ["name", "council", "phone", "roles", "is_party_member"]
    list_filter = ["is_party_member"]
    search_fields = ["name", "council__name"]
    raw_id_fields = ["council"]


@admin.register(GridWorker)
class GridWorkerAdmin(RegistryAdmin):
    list_display = ["name", "phone", "id_number", "employment", "territory"]
    list_filter = ["employment"]
    search_fields = ["name", "=phone"]


@admin.register(CommunityWorker)
class CommunityWorkerAdmin(RegistryAdmin):
    list_display = ["name", "phone", "id_number", "post", "territory"]
    search_fields = ["name", "=phone", "post"]


@admin.register(PoliceOfficer)
class PoliceOfficerAdmin(RegistryAdmin):
    list_display = ["name", "badge_number", "phone", "station", "territory"]
    search_fields = ["name", "=badge_number", "station"]


@admin.register(SpecialistTeam)
class SpecialistTeamAdmin(RegistryAdmin):
    list_display = ["name", "speciality", "leader_name", "phone", "member_count", "territory"]
    search_fields = ["name", "speciality", "leader_name"]


@admin.register(PartnerUnit)
class PartnerUnitAdmin(RegistryAdmin):
    list_display = ["name", "kind", "contact_name", "phone", "territory"]
    list_filter = ["kind"]
    search_fields = ["name", "contact_name"]


@admin.register(Resident)
class ResidentAdmin(RegistryAdmin):
    list_display = ["name", "gender", "id_number", "phone", "household", "is_head", "relation"]
    list_filter = ["gender", "is_head"]
    search_fields = ["name", "=id_number", "=phone"]


# --- users and roles ------------------------------------------------------------------------------
def _scoped_roles(qs, user):
    scope = scope_of(user)
    return qs if scope is None else qs.filter(subtree_q(scope, "territory__path"))


class UserResource(resources.ModelResource):
    """Accounts without passwords: an imported account gets an unusable password until one is set."""

    username = fields.Field(attribute="username", column_name="用户名", widget=TextWidget())
    display_name = fields.Field(attribute="display_name", column_name="姓名", widget=TextWidget())
    phone = fields.Field(attribute="phone", column_name="手机号", widget=TextWidget())
    email = fields.Field(attribute="email", column_name="电子邮箱", widget=TextWidget())

    class Meta:
        model = User
        fields = ("username", "display_name", "phone", "email")
        import_id_fields = ("username",)
        skip_unchanged = True
        report_skipped = True

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            instance.set_unusable_password()


class RoleAssignmentResource(resources.ModelResource):
    user = fields.Field(
        attribute="user", column_name="用户名", widget=resources.widgets.ForeignKeyWidget(User, "username")
    )
    role = fields.Field(attribute="role", column_name="角色", widget=ChoiceWidget(Role.choices))
    territory = fields.Field(attribute="territory", column_name="辖区", widget=TerritoryWidget())

    class Meta:
        model = RoleAssignment
        fields = ("user", "role", "territory")
        import_id_fields = ("user", "role", "territory")
        skip_unchanged = True
        report_skipped = True


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fields = ["role", "territory"]
    raw_id_fields = ["territory"]

    def get_queryset(self, request):
        return _scoped_roles(super().get_queryset(request), request.user).select_related("territory")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Territory:
            kwargs["queryset"] = restrict(Territory.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(User)
class UserAdmin(ImportExportModelAdmin, SimpleHistoryAdmin, DjangoUserAdmin):
    resource_classes = [UserResource]
    formats = [XLSX, CSV]
    inlines = [RoleAssignmentInline]
    list_display = ["username", "display_name", "phone", "is_staff", "is_active"]
    search_fields = ["username", "display_name", "=phone"]
    fieldsets = (*DjangoUserAdmin.fieldsets, ("共治", {"fields": ["display_name", "phone"]}))

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        roles = _scoped_roles(RoleAssignment.objects.all(), request.user)
        return qs.filter(pk__in=roles.values("user_id"), is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        # Staff below the top may not hand out more power than they hold.
        return ["is_superuser", "is_staff", "groups", "user_permissions", "last_login", "date_joined"]

    def get_list_display(self, request):
        return [self._masked_phone(request) if n == "phone" else n for n in super().get_list_display(request)]

    def _masked_phone(self, request):
        def phone(obj):
            return obj.phone if needs_personal_data(request.user) else mask_phone(obj.phone)

        phone.short_description = "手机号"
        return phone

    def has_import_permission(self, request):
        return request.user.is_superuser

    def save_formset(self, request, form, formset, change):
        for obj in formset.deleted_objects if formset.is_bound else []:
            if in_scope(request.user, obj.territory.path):
                obj.delete()
        for obj in formset.save(commit=False):
            if not in_scope(request.user, obj.territory.path):
                continue
            obj.save()


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [RoleAssignmentResource]
    formats = [XLSX, CSV]
    list_display = ["user", "role", "territory", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__display_name", "territory__name"]
    raw_id_fields = ["user", "territory"]
    list_select_related = ["user", "territory"]

    def get_queryset(self, request):
        return _scoped_roles(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Territory:
            kwargs["queryset"] = restrict(Territory.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_import_permission(self, request):
        return request.user.is_superuser
