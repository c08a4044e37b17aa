"""Insert many new rows at once for the demo: one executemany, no per-value ORM work."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models


def _adapter(field):
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if isinstance(field, models.JSONField):
        return lambda v: field.get_db_prep_save(v, connection)
    return None


def fast_insert(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence], *, chunk: int = 20000
) -> int:
    """Insert `rows` (values in the order of `fields`, foreign keys as ids) into `model`'s table.

    Only for brand-new rows that need no save() logic and whose ids nobody needs back.
    """
    meta = model._meta
    cols = [meta.get_field(f) for f in fields]
    adapters = [(i, a) for i, a in enumerate(_adapter(f) for f in cols) if a is not None]
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in cols)}) "
        f"VALUES ({', '.join(['%s'] * len(cols))})"
    )
    n = 0
    batch: list[list] = []
    last: dict[int, tuple] = {}
    with connection.cursor() as cursor:
        for row in rows:
            values = list(row)
            for i, adapt in adapters:
                raw = values[i]
                if raw is None:
                    continue
                # Rows often share a value (one creation time for all): adapt it once.
                seen = last.get(i)
                if seen is not None and seen[0] is raw:
                    values[i] = seen[1]
                else:
                    values[i] = adapt(raw)
                    last[i] = (raw, values[i])
            batch.append(values)
            if len(batch) >= chunk:
                cursor.executemany(sql, batch)
                n += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            n += len(batch)
    return n
