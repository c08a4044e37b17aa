"""Read the registries' changes since a cursor from the simple-history tables, oldest first.

Each registry's history table has an increasing id (history_id); the cursor keeps the
last one read per table, so the feed needs no table of its own and every write
through `registry_save` / `registry_delete` (API, back office, Excel) shows up.

Known gap of id cursors: ids are handed out when a row is inserted, but the row is
seen only when its transaction commits. A transaction that inserted id 10 and
commits after another one that inserted id 11 would be skipped by a reader that
already moved past 11. Like change-data-capture feeds, the feed therefore leaves out
history rows younger than `GONGZHI_EXCHANGE_SETTLE_SECONDS` (2 s by default), and
stops each table at its first such row, so a write committed within that time after
its neighbours is still read in order. A transaction that stays open longer than
that can still be missed; registry writes are single short transactions.
"""

from __future__ import annotations

import datetime as dt
import heapq
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.db.models import Model
from django.utils import timezone

from gongzhi.people.apis import REGISTRY_ROUTES
from gongzhi.people.scope import is_resident_only, scope_of
from gongzhi.territory.models import subtree_q

DEFAULT_LIMIT = 500
MAX_LIMIT = 2000
CHANGES = {"+": "created", "~": "updated", "-": "deleted"}


@dataclass(frozen=True)
class Change:
    """One history row of one registry, with the record as it stood after the change."""

    registry: str
    history_id: int
    record_id: int
    change: str
    at: dt.datetime
    source_unit: str
    instance: Model | None  # None for a deletion: a feed tells only that the id is gone


@dataclass(frozen=True)
class ChangePage:
    changes: list[Change]
    positions: dict[str, int]
    more: bool


def settle_seconds() -> float:
    return float(getattr(settings, "GONGZHI_EXCHANGE_SETTLE_SECONDS", 2))


def _history_rows(prefix: str, *, after: int, paths: list[str] | None):
    model = REGISTRY_ROUTES[prefix].model
    qs = model.history.model.objects.filter(history_id__gt=after)
    if paths is not None:
        # The territory stored on the history row itself, so a deletion is scoped like a save.
        qs = qs.filter(subtree_q(paths, field=f"{model.scope_field}__path"))
    return qs


def _settled_heads(prefix: str, *, after: int, paths, cutoff, limit: int) -> tuple[list[tuple], bool]:
    """Return (date, order, history_id, prefix) of the next rows, stopping at the first one still settling."""
    rows = _history_rows(prefix, after=after, paths=paths).order_by("history_id")
    heads = []
    order = list(REGISTRY_ROUTES).index(prefix)
    for history_id, date in rows.values_list("history_id", "history_date")[: limit + 1]:
        if date > cutoff:
            return heads, False
        heads.append((date, order, history_id, prefix))
    return heads[:limit], len(heads) > limit


def _instance(row, model: type[Model]) -> Model:
    """Build the registry record as one history row holds it, with the related rows already loaded."""
    history_meta = type(row)._meta
    tracked = {f.attname for f in history_meta.concrete_fields}
    instance = model(
        **{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields if f.attname in tracked}
    )
    instance._state.adding = False
    instance._state.db = row._state.db
    for field in model._meta.concrete_fields:
        if field.is_relation and field.attname in tracked:
            history_field = history_meta.get_field(field.name)
            if history_field.is_cached(row):
                field.set_cached_value(instance, history_field.get_cached_value(row))
    return instance


def change_page(
    *, actor, positions: dict[str, int], registries: list[str], limit: int = DEFAULT_LIMIT
) -> ChangePage:
    """Return up to `limit` changes after `positions` that the actor may see, oldest first.

    Rows out of the actor's subtrees are never read, and the positions move past
    returned rows only, so a cursor tells nothing about changes elsewhere.
    Two queries per registry asked for, however many rows.
    """
    limit = max(1, min(limit, MAX_LIMIT))
    if is_resident_only(actor):
        return ChangePage(changes=[], positions=dict(positions), more=False)
    paths = scope_of(actor)
    cutoff = timezone.now() - dt.timedelta(seconds=settle_seconds())
    heads, more = [], False
    for prefix in registries:
        rows, has_more = _settled_heads(
            prefix, after=positions.get(prefix, 0), paths=paths, cutoff=cutoff, limit=limit
        )
        heads.append(rows)
        more = more or has_more
    # Merging keeps each table's rows in id order, so what is taken is a prefix of every table.
    taken = list(islice(heapq.merge(*heads), limit))
    more = more or sum(len(h) for h in heads) > len(taken)
    picked: dict[str, list[int]] = {}
    for _, _, history_id, prefix in taken:
        picked.setdefault(prefix, []).append(history_id)
    loaded = {}
    for prefix, ids in picked.items():
        viewset = REGISTRY_ROUTES[prefix]
        rows = viewset.model.history.model.objects.filter(history_id__in=ids)
        for row in rows.select_related(*viewset.select_related):
            loaded[prefix, row.history_id] = row
    changes = []
    for _, _, history_id, prefix in taken:
        row = loaded[prefix, history_id]
        change = CHANGES[row.history_type]
        instance = None if change == "deleted" else _instance(row, REGISTRY_ROUTES[prefix].model)
        changes.append(
            Change(
                registry=prefix,
                history_id=history_id,
                record_id=row.id,
                change=change,
                at=row.history_date,
                source_unit=row.source_unit,
                instance=instance,
            )
        )
    next_positions = dict(positions)
    for prefix, ids in picked.items():
        next_positions[prefix] = max(ids)
    return ChangePage(changes=changes, positions=next_positions, more=more)
