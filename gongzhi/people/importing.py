"""Import, export and templates of the registries, all or nothing.

A file with any bad row is refused whole: every row is checked and written inside
one transaction, and the first error rolls it all back. Errors name the row as
Excel shows it (the header is row 1), the Chinese column and the reason.
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from pathlib import Path

import tablib
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import RowResult

from gongzhi.core.errors import ApplicationError, ImportRejected, ValidationFailed
from gongzhi.core.tabular import decode
from gongzhi.core.validators import id_number_problem
from gongzhi.people.models import PartyMember
from gongzhi.people.resources import (
    REGISTRIES,
    WHOLE_ROW,
    NamedRefWidget,
    PartyMemberRefWidget,
    RegistryResource,
)
from gongzhi.people.scope import in_scope, restrict
from gongzhi.territory.models import Territory
from gongzhi.territory.resources import TerritoryWidget, text

HEADER_ROW = 1


@dataclass
class RegistryImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return f"共 {self.rows} 行：新建 {self.created}，更新 {self.updated}，未变 {self.unchanged}。"


def registry_names() -> list[tuple[str, str]]:
    """List the registries as (name to type, Chinese name)."""
    return [(key, str(r._meta.model._meta.verbose_name_plural)) for key, r in REGISTRIES.items()]


def resource_class(registry: str) -> type[RegistryResource]:
    try:
        return REGISTRIES[registry]
    except KeyError:
        raise ValidationFailed(f"没有台账「{registry}」，可选：{'、'.join(REGISTRIES)}")


def read_dataset(path: str | Path) -> tablib.Dataset:
    """Read an .xlsx, .csv or .csv.gz file (UTF-8 or GBK) into a dataset, blank rows kept in place."""
    path = Path(path)
    if not path.exists():
        raise ValidationFailed(f"找不到文件：{path}")
    name = path.name.lower()
    raw = path.read_bytes()
    try:
        if name.endswith((".xlsx", ".xlsm")):
            dataset = XLSX().create_dataset(raw)
        elif name.endswith((".csv", ".csv.gz", ".txt")):
            if name.endswith(".gz"):
                raw = gzip.decompress(raw)
            dataset = CSV().create_dataset(decode(raw))
        else:
            raise ValidationFailed(f"不支持的文件类型：{path.name}（请使用 .xlsx 或 .csv）")
    except ApplicationError:
        raise
    except Exception as exc:  # openpyxl and csv raise many kinds for a broken file
        raise ValidationFailed(f"无法读取文件 {path.name}：{exc}")
    dataset.headers = [text(h) for h in dataset.headers or []]
    return dataset


def result_errors(result, headers: list[str] | None = None) -> list[tuple[int, str, str]]:
    """Turn an import result's problems into (Excel row, column, reason), in file order."""
    order = {h: i for i, h in enumerate(headers or [])}
    errors: list[tuple[int, str, str]] = []
    for e in result.base_errors:
        errors.append((HEADER_ROW, WHOLE_ROW, _reason(e.error)))
    for row in result.invalid_rows:
        for column, messages in row.error_dict.items():
            column = WHOLE_ROW if column == NON_FIELD_ERRORS else column
            errors.extend((row.number + HEADER_ROW, column, str(m)) for m in messages)
    for row in result.error_rows:
        errors.extend((row.number + HEADER_ROW, WHOLE_ROW, _reason(e.error)) for e in row.errors)
    return sorted(errors, key=lambda e: (e[0], order.get(e[1], len(order))))


def _reason(exc: Exception) -> str:
    if isinstance(exc, ApplicationError):
        return exc.message
    return f"无法保存：{exc}"


def registry_import(*, actor, registry: str, dataset: tablib.Dataset) -> RegistryImportResult:
    """Import every row of a registry file, or none of them (raises ImportRejected)."""
    resource = resource_class(registry)(actor=actor)
    errors = resource.header_errors(list(dataset.headers or []))
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic():
        result = resource.import_data(
            dataset, dry_run=False, use_transactions=True, raise_errors=False, user=actor
        )
        errors = result_errors(result, list(dataset.headers or []))
        if errors:
            # Raising inside the block rolls back every row written so far.
            raise ImportRejected(errors)
    totals = result.totals
    rows = sum(1 for row in dataset if any(text(v) for v in row))
    created, updated = totals[RowResult.IMPORT_TYPE_NEW], totals[RowResult.IMPORT_TYPE_UPDATE]
    return RegistryImportResult(
        rows=rows, created=created, updated=updated, unchanged=rows - created - updated
    )


def registry_import_file(*, actor, registry: str, path: str | Path) -> RegistryImportResult:
    return registry_import(actor=actor, registry=registry, dataset=read_dataset(path))


def registry_export(*, actor, registry: str, under: Territory | None = None) -> tablib.Dataset:
    """Export the records the actor may see (all without an actor), optionally only under one node."""
    resource = resource_class(registry)(actor=actor)
    qs = resource.get_queryset()
    if under is not None:
        if actor is not None and not in_scope(actor, under.path):
            qs = qs.none()
        else:
            qs = qs.within([under.path])
    return resource.export(queryset=qs.order_by("pk"))


def registry_template(*, actor, registry: str) -> tablib.Dataset:
    """Return the header row and one example row, with territory and names taken from the actor's area."""
    resource = resource_class(registry)(actor=actor)
    columns = resource.template_fields()
    dataset = tablib.Dataset(headers=[f.column_name for f in columns])
    row = []
    for f in columns:
        value = resource.example.get(f.attribute or "", "")
        real = _example_value(f.widget, actor, f.attribute, resource._meta.model)
        row.append(real if real is not None else value)
    dataset.append(row)
    return dataset


def _example_value(widget, actor, attribute: str | None, model):
    if attribute == "id_number":
        return _valid_id_number(model)
    if attribute == "id":
        return ""
    if isinstance(widget, TerritoryWidget):
        qs = Territory.objects.all()
        if widget.levels:
            qs = qs.filter(level__in=widget.levels)
        node = restrict(qs, actor).first() if actor is not None else qs.first()
        return widget.render(node) if node else None
    if isinstance(widget, NamedRefWidget):
        obj = widget.model.objects.order_by("pk")
        obj = (restrict(obj, actor) if actor is not None else obj).first()
        return obj.name if obj else None
    if isinstance(widget, PartyMemberRefWidget):
        qs = PartyMember.objects.order_by("pk")
        obj = (restrict(qs, actor) if actor is not None else qs).first()
        return obj.id_number if obj else None
    return None


def _valid_id_number(model, region: str = "340302") -> str:
    """Make a valid example ID number that no one in the registries holds yet."""
    from gongzhi.core.validators import _CHECK, _WEIGHTS

    for serial in range(1, 999):
        body = f"{region}19900101{serial:03d}"
        check = _CHECK[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]
        number = body + check
        assert id_number_problem(number) is None
        if not model.objects.filter(id_number=number).exists():
            return number
    return body + check


def write_dataset(dataset: tablib.Dataset, path: str | Path, *, title: str = "") -> None:
    """Write a dataset as .xlsx (default) or .csv (UTF-8 with BOM, which Excel opens correctly)."""
    path = Path(path)
    if path.name.lower().endswith(".csv"):
        path.write_text(dataset.export("csv"), encoding="utf-8-sig")
        return
    dataset.title = title[:31] or "Sheet1"
    path.write_bytes(dataset.export("xlsx"))


def xlsx_bytes(dataset: tablib.Dataset, *, title: str = "") -> bytes:
    buf = io.BytesIO()
    dataset.title = title[:31] or "Sheet1"
    buf.write(dataset.export("xlsx"))
    return buf.getvalue()
