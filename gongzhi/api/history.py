"""Read a record's change history from django-simple-history in a form the API can show."""

from __future__ import annotations

from django.db.models import Model

from gongzhi.api.serializers import PERSONAL_FIELDS

TYPES = {"+": ("create", "新建"), "~": ("update", "修改"), "-": ("delete", "删除")}
# Bookkeeping columns that change on every save or move and mean nothing to a reader.
HIDDEN_FIELDS = {"created_at", "updated_at", "supplied_at", "path", "depth", "numchild"}


def _display(field, value):
    if value is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if value is not None and not isinstance(value, str | int | float | bool | list | dict):
        return str(value)
    return value


def history_entries(*, instance: Model, sees_personal_data: bool, limit: int = 500) -> list[dict]:
    """List the changes of `instance`, newest first, with the fields each one changed.

    Two queries whatever the length: the records (with their users), diffed in memory.
    """
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    model = type(instance)
    tracked = {f.name for f in instance.history.model._meta.fields}
    fields = [
        f for f in model._meta.concrete_fields if f.name in tracked and f.name not in HIDDEN_FIELDS | {"id"}
    ]
    entries = []
    for i, record in enumerate(records[:limit]):
        older = records[i + 1] if i + 1 < len(records) else None
        changes = []
        if record.history_type == "~" and older is not None:
            delta = record.diff_against(older, included_fields=[f.name for f in fields])
            for change in delta.changes:
                field = model._meta.get_field(change.field)
                old, new = _display(field, change.old), _display(field, change.new)
                mask = PERSONAL_FIELDS.get(field.name)
                if mask and not sees_personal_data:
                    old, new = (mask(old) if old else old), (mask(new) if new else new)
                changes.append(
                    {"field": field.name, "label": str(field.verbose_name), "old": old, "new": new}
                )
        kind, label = TYPES[record.history_type]
        user = record.history_user
        entries.append(
            {
                "id": record.history_id,
                "date": record.history_date,
                "type": kind,
                "type_label": label,
                "user": {"id": user.pk, "name": str(user)} if user else None,
                "reason": record.history_change_reason,
                "changes": changes,
            }
        )
    return entries
