"""What every registry file shares: 编号 and natural keys, references by name, scope, masking, saving.

See gongzhi/people/resources.py for the columns of each registry.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from import_export import fields, resources
from import_export.results import RowResult
from import_export.widgets import Widget

from gongzhi.core.cells import TextWidget, text
from gongzhi.core.errors import ImportRejected
from gongzhi.core.validators import mask_id_number, mask_phone
from gongzhi.people.models import PartyMember
from gongzhi.people.provenance import PROVENANCE_FIELDS, stamp
from gongzhi.people.scope import needs_personal_data, restrict
from gongzhi.people.services import registry_save, scope_path_of
from gongzhi.territory.levels import BRANCH_UNIT_LEVELS, Level
from gongzhi.territory.resources import TerritoryWidget, in_scope

WHOLE_ROW = "（整行）"
UNIT_LEVELS = {Level.COMMUNITY, *BRANCH_UNIT_LEVELS}
MASKS = {"id_number": mask_id_number, "phone": mask_phone, "party_member": mask_id_number}


def col(attribute: str, name: str, widget=None, **kw) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=name, widget=widget or TextWidget(), **kw)


def territory_col(attribute: str, name: str, levels=None, what: str | None = None) -> fields.Field:
    return col(attribute, name, TerritoryWidget(levels=levels, what=what or name))


class NamedRefWidget(TextWidget):
    """A record named by its name (or #id), looked up near the territory in another column of the row."""

    def __init__(self, model, territory_column: str, what: str, territory_attr: str = "territory"):
        self.model = model
        self.territory_column = territory_column
        self.what = what
        self.territory_attr = territory_attr
        self.territory_widget = TerritoryWidget(editable=False)
        super().__init__()

    def clean(self, value, row=None, **kwargs):
        name = text(value)
        if not name:
            return None
        user = kwargs.get("user")
        qs = self.model.objects.select_related(self.territory_attr)
        if name.startswith("#"):
            cands = list(qs.filter(pk=int(name[1:]))) if name[1:].isdigit() else []
        else:
            cands = list(qs.filter(name=name)[:50])
        try:
            near = self.territory_widget.clean((row or {}).get(self.territory_column), **kwargs)
        except ValueError:
            near = None
        if near is not None:
            related = [c for c in cands if self._related(c, near.path)]
            if related:
                cands = related
        cands = [c for c in cands if user is None or self._visible(c, user, near)]
        if not cands:
            raise ValueError(f"找不到{self.what}「{name}」，或它不在您的管辖范围内")
        if len(cands) > 1:
            raise ValueError(f"有多个名为「{name}」的{self.what}，请改填 #编号（如 #{cands[0].pk}）")
        return cands[0]

    def _path(self, obj) -> str:
        return getattr(obj, self.territory_attr).path

    def _related(self, obj, path: str) -> bool:
        p = self._path(obj)
        return path.startswith(p) or p.startswith(path)

    def _visible(self, obj, user, near) -> bool:
        # A branch may answer to an organisation above the user's area: ancestors of the row are fine.
        return in_scope(user, self._path(obj)) or (near is not None and near.path.startswith(self._path(obj)))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.name


class PartyMemberRefWidget(TextWidget):
    """A party member named by ID number (or #id)."""

    def clean(self, value, row=None, **kwargs):
        key = text(value).upper()
        if not key:
            return None
        qs = PartyMember.objects.select_related("territory")
        if key.startswith("#"):
            member = qs.filter(pk=int(key[1:])).first() if key[1:].isdigit() else None
        else:
            member = qs.filter(id_number=key).first()
        user = kwargs.get("user")
        if member is None or (user is not None and not in_scope(user, member.territory.path)):
            raise ValueError(f"找不到身份证号为「{key}」的党员，或不在您的管辖范围内；请先导入党员")
        return member

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.id_number


class IdRefWidget(Widget):
    """A record named by its 编号 (#12 or 12), within the importing user's scope."""

    def __init__(self, model, what: str, **kw):
        self.model = model
        self.what = what
        super().__init__(**kw)

    def clean(self, value, row=None, **kwargs):
        key = text(value).lstrip("#")
        if not key:
            return None
        qs = self.model.objects.all()
        user = kwargs.get("user")
        if user is not None:
            qs = restrict(qs, user)
        found = qs.filter(pk=int(key)).first() if key.isdigit() else None
        if found is None:
            raise ValueError(f"找不到编号为「{key}」的{self.what}，或它不在您的管辖范围内")
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"#{value.pk}"


class IdNumberRefWidget(Widget):
    """A person named by an 18-character ID number (or #编号), within the importing user's scope."""

    def __init__(self, model, what: str, **kw):
        self.model = model
        self.what = what
        super().__init__(**kw)

    def clean(self, value, row=None, **kwargs):
        key = text(value).upper()
        if not key:
            return None
        qs = self.model.objects.all()
        user = kwargs.get("user")
        if user is not None:
            qs = restrict(qs, user)
        if key.startswith("#"):
            found = qs.filter(pk=int(key[1:])).first() if key[1:].isdigit() else None
        else:
            found = qs.filter(id_number=key).first()
        if found is None:
            raise ValueError(f"找不到身份证号为「{key}」的{self.what}，或不在您的管辖范围内")
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else (value.id_number or f"#{value.pk}")


class StampWidget(Widget):
    """A moment shown in the site's time zone, to the second; only ever written out."""

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


# Who supplied each row and when: written out on export, never read back (the platform sets them).
# A registry whose model has them lists these in its Meta.fields.
PROVENANCE_COLUMNS = PROVENANCE_FIELDS


class RegistryResource(resources.ModelResource):
    """Shared behaviour: 编号 and natural keys, duplicate rows, scope, masking, saving through the service."""

    id = col("id", "编号", readonly=True)
    source_unit = col("source_unit", "来源单位", readonly=True)
    supplied_at = col("supplied_at", "采集时间", StampWidget(), readonly=True)
    natural_key: tuple[str, ...] = ()
    example: dict[str, str] = {}

    class Meta:
        # 编号 is optional: get_instance falls back to the natural key, so the column may be missing.
        import_id_fields = ["id"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        skip_html_diff = True

    def __init__(self, actor=None, **kwargs):
        super().__init__(**kwargs)
        self.actor = actor
        self._duplicates: dict[int, tuple[str, int]] = {}

    # --- reading rows -------------------------------------------------------------------------
    def get_queryset(self):
        qs = self._meta.model.objects.all()
        return qs if self.actor is None else restrict(qs, self.actor)

    def columns_of(self, attributes) -> list[str]:
        return [self.fields[a].column_name for a in attributes]

    def header_errors(self, headers: list[str]) -> list[tuple[int, str, str]]:
        """Refuse files that miss a required column or carry one we would silently drop."""
        known = {f.column_name for f in self.fields.values()}
        errors = [
            (1, h, f"不认识的列「{h}」，应为 {'、'.join(self.get_export_headers())}")
            for h in headers
            if h and h not in known
        ]
        model = self._meta.model
        for f in self.get_import_fields():
            if f.readonly or not f.attribute or "__" in f.attribute:
                continue
            mf = model._meta.get_field(f.attribute)
            if not mf.blank and not mf.has_default() and f.column_name not in headers:
                errors.append((1, f.column_name, f"缺少必填列「{f.column_name}」"))
        return errors

    def before_import(self, dataset, **kwargs):
        """Check the header; find rows that repeat an earlier row's natural key (refused, not merged)."""
        self._duplicates = {}
        headers = [text(h) for h in dataset.headers or []]
        errors = self.header_errors(headers)
        if errors:
            raise ImportRejected(errors)
        cols = self.columns_of(self.natural_key)
        if not cols or any(c not in headers for c in cols):
            return
        idx = [headers.index(c) for c in cols]
        seen: dict[tuple, int] = {}
        for i, values in enumerate(dataset, 1):
            key = tuple(text(values[j]).upper() for j in idx)
            if not all(key):
                continue
            if key in seen:
                self._duplicates[i] = (cols[-1], seen[key] + 1)
            else:
                seen[key] = i

    def import_row(self, row, instance_loader, **kwargs):
        if not any(text(v) for v in row.values()):
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_SKIP
            return result
        return super().import_row(row, instance_loader, **kwargs)

    def get_instance(self, instance_loader, row):
        raw = text(row.get("编号"))
        qs = self.get_queryset()
        if raw:
            found = qs.filter(pk=int(raw)).first() if raw.isdigit() else None
            if found is None:
                raise ValidationError(
                    {"编号": f"编号「{raw}」不存在或不在您的管辖范围内；新增的行请把编号留空"}
                )
            return found
        lookup = {}
        for attr in self.natural_key:
            try:
                value = self.fields[attr].clean(row, user=self.actor)
            except (ValueError, KeyError):
                return None
            if value in (None, ""):
                return None
            lookup[attr] = value
        return qs.filter(**lookup).first() if lookup else None

    def import_instance(self, instance, row, **kwargs):
        errors: dict[str, list[str]] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.message_dict
        number = kwargs.get("row_number")
        if number in self._duplicates:
            column, first = self._duplicates[number]
            errors.setdefault(self._attribute(column), []).append(f"与第 {first} 行重复")
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Validate as the model does, then name every error by its Chinese column."""
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as exc:
            raise ValidationError(
                {self._column(k): [str(m) for m in v] for k, v in exc.message_dict.items()}
            ) from None

    def _column(self, name: str) -> str:
        if name == NON_FIELD_ERRORS:
            return WHOLE_ROW
        for f in self.fields.values():
            if f.attribute == name or f.column_name == name:
                return f.column_name
        try:
            return str(self._meta.model._meta.get_field(name).verbose_name)
        except Exception:  # not a model field: keep the name as given
            return name

    def _attribute(self, column: str) -> str:
        return next((f.attribute for f in self.fields.values() if f.column_name == column), column)

    def do_instance_save(self, instance, is_create):
        if self.actor is None:
            stamp(instance, actor=None)
            instance._history_user = None
            instance.save(force_insert=is_create)
        else:
            registry_save(actor=self.actor, instance=instance)

    def import_data(self, dataset, **kwargs):
        if self.actor is None:
            self.actor = kwargs.get("user")
        kwargs["user"] = self.actor
        return super().import_data(dataset, **kwargs)

    # --- writing rows -------------------------------------------------------------------------
    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        scope_field = self._meta.model.scope_field
        paths = list(queryset.order_by().values_list(f"{scope_field}__path", flat=True).distinct()[:20000])
        for f in self.fields.values():
            if isinstance(f.widget, TerritoryWidget):
                f.widget.keys.prime(paths)
        return super().export(queryset=queryset.select_related(*self.related()), **kwargs)

    def related(self) -> list[str]:
        return [
            f.name
            for f in self._meta.model._meta.concrete_fields
            if f.is_relation
            and f.name not in {"user"}
            and f.name in {x.attribute for x in self.fields.values()}
        ] + ([self._meta.model.scope_field] if "__" in self._meta.model.scope_field else [])

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        mask = MASKS.get(field.attribute or "")
        if (
            mask
            and value
            and self.actor is not None
            and not needs_personal_data(self.actor, scope_path_of(instance))
        ):
            return mask(str(value))
        return value

    def template_fields(self) -> list[fields.Field]:
        """Return the columns a user fills in: every exported one but who supplied the row and when."""
        return [f for f in self.get_export_fields() if f.attribute not in PROVENANCE_COLUMNS]

    def template_row(self) -> list[str]:
        return [self.example.get(f.attribute or "", "") for f in self.template_fields()]
