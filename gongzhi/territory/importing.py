"""Build or update the territory tree from a division list, all or nothing."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongzhi.core.errors import ImportRejected
from gongzhi.core.tabular import read_rows
from gongzhi.territory.levels import Kind, Level, fits_under, label
from gongzhi.territory.models import Territory, subtree_bounds

COLUMNS = ["code", "name", "parent_code", "level", "kind"]
HEADER_ALIASES = {
    "区划代码": "code",
    "代码": "code",
    "名称": "name",
    "上级代码": "parent_code",
    "上级区划代码": "parent_code",
    "层级": "level",
    "类型": "kind",
}
COLUMN_LABELS = {
    "code": "区划代码",
    "name": "名称",
    "parent_code": "上级代码",
    "level": "层级",
    "kind": "类型",
}
LEVEL_ALIASES = {str(lv.label): lv.value for lv in Level} | {
    "街道": "street",
    "乡镇": "street",
    "社区": "community",
    "村": "community",
}
KIND_ALIASES = {str(k.label): k.value for k in Kind} | {"城镇": "urban", "农村": "rural"}
OFFICIAL_LEVELS = {Level.PROVINCE, Level.CITY, Level.DISTRICT, Level.STREET, Level.COMMUNITY}
CODE_RE = re.compile(r"^[0-9A-Za-z_-]{1,12}$")
BATCH = 5000


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    moved: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return (
            f"共 {self.rows} 行：新建 {self.created}，更新 {self.updated}，移动 {self.moved}，"
            f"未变 {self.unchanged}。"
        )


@dataclass
class _Row:
    line: int
    code: str
    name: str
    parent_code: str
    level: str
    kind: str


def read_division_file(path: str | Path) -> list[_Row]:
    """Read a division list (code,name,parent_code,level,kind) from CSV, CSV.gz or Excel."""
    rows = []
    for i, raw in enumerate(read_rows(path, header_aliases=HEADER_ALIASES), start=2):
        if not raw:
            continue
        level = raw.get("level", "")
        kind = raw.get("kind", "")
        rows.append(
            _Row(
                line=i,
                code=raw.get("code", ""),
                name=raw.get("name", ""),
                parent_code=raw.get("parent_code", ""),
                level=LEVEL_ALIASES.get(level, level),
                kind=KIND_ALIASES.get(kind, kind),
            )
        )
    return rows


def _validate(rows: list[_Row], existing: dict[str, tuple]) -> list[tuple[int, str, str]]:
    errors: list[tuple[int, str, str]] = []
    levels = set(Level.values)
    kinds = set(Kind.values) | {""}
    seen: dict[str, int] = {}
    file_level: dict[str, str] = {}
    for r in rows:
        if r.code:
            file_level.setdefault(r.code, r.level)
    for r in rows:
        if not r.code:
            errors.append((r.line, COLUMN_LABELS["code"], "区划代码为空"))
            continue
        if not CODE_RE.match(r.code):
            errors.append(
                (r.line, COLUMN_LABELS["code"], f"区划代码「{r.code}」格式不对（最多 12 位数字或字母）")
            )
        if r.code in seen:
            errors.append((r.line, COLUMN_LABELS["code"], f"区划代码「{r.code}」与第 {seen[r.code]} 行重复"))
            continue
        seen[r.code] = r.line
        if not r.name:
            errors.append((r.line, COLUMN_LABELS["name"], "名称为空"))
        elif len(r.name) > 100:
            errors.append((r.line, COLUMN_LABELS["name"], "名称超过 100 个字"))
        if r.level not in levels:
            errors.append(
                (r.line, COLUMN_LABELS["level"], f"层级「{r.level}」不存在，应为 {'、'.join(levels_help())}")
            )
            continue
        if r.level in OFFICIAL_LEVELS and not (len(r.code) == 12 and r.code.isdigit()):
            errors.append((r.line, COLUMN_LABELS["code"], f"{label(r.level)}的区划代码应为 12 位数字"))
        if r.kind not in kinds:
            errors.append(
                (r.line, COLUMN_LABELS["kind"], f"类型「{r.kind}」不存在，应为 urban、rural、other 或留空")
            )
        if r.parent_code:
            if r.parent_code == r.code:
                errors.append((r.line, COLUMN_LABELS["parent_code"], "上级代码不能是自己"))
                continue
            parent_level = (
                file_level.get(r.parent_code) or (existing.get(r.parent_code) or (None, None, None))[2]
            )
            if parent_level is None:
                errors.append(
                    (
                        r.line,
                        COLUMN_LABELS["parent_code"],
                        f"上级代码「{r.parent_code}」在文件和数据库中都不存在",
                    )
                )
                continue
        else:
            parent_level = None
        if not fits_under(r.level, parent_level):
            errors.append(
                (r.line, COLUMN_LABELS["level"], f"{label(r.level)}不能放在{label(parent_level)}之下")
            )
    return errors


def levels_help() -> list[str]:
    return [f"{lv.value}({lv.label})" for lv in Level]


def _topological(rows: list[_Row]) -> list[_Row]:
    """Order rows so every parent in the file comes before its children."""
    by_code = {r.code: r for r in rows}
    depth: dict[str, int] = {}

    def d(code: str) -> int:
        chain = []
        while code in by_code and code not in depth:
            chain.append(code)
            code = by_code[code].parent_code
        base = depth.get(code, 0) if code in depth else 0
        for c in reversed(chain):
            base += 1
            depth[c] = base
        return depth[chain[0]] if chain else base

    for r in rows:
        d(r.code)
    return sorted(rows, key=lambda r: depth[r.code])


def territory_import(*, actor=None, rows: list[_Row], progress: Iterable | None = None) -> ImportResult:
    """Create and update territory nodes from rows; refuse the whole file on any bad row.

    Re-importing the same file changes nothing. Parents are looked up in the file
    first, then in the database, so a city file can extend a tree that holds its
    province already.
    """
    result = ImportResult(rows=len(rows))
    existing = {
        code: (pk, path, level, name, kind)
        for pk, code, path, level, name, kind in Territory.objects.filter(division_code__isnull=False)
        .order_by()
        .values_list("pk", "division_code", "path", "level", "name", "kind")
        .iterator(chunk_size=20000)
    }
    errors = _validate(rows, {c: (v[0], v[1], v[2]) for c, v in existing.items()})
    if errors:
        raise ImportRejected(errors)

    path_of_code = {c: v[1] for c, v in existing.items()}
    now = timezone.now()
    ordered = _topological(rows)
    to_create: list[Territory] = []
    to_update: list[Territory] = []
    moves: list[tuple[str, str]] = []
    next_step: dict[str, int] = {}
    new_children: dict[str, int] = defaultdict(int)

    def child_path(parent_path: str) -> str:
        if parent_path not in next_step:
            if parent_path == "":
                last = Territory.get_last_root_node()
                n = Territory._str2int(last.path[: Territory.steplen]) if last else 0
            else:
                last = (
                    Territory.objects.filter(
                        path__range=subtree_bounds(parent_path),
                        depth=len(parent_path) // Territory.steplen + 1,
                    )
                    .order_by("-path")
                    .values_list("path", flat=True)
                    .first()
                )
                n = Territory._str2int(last[-Territory.steplen :]) if last else 0
            next_step[parent_path] = n
        next_step[parent_path] += 1
        return Territory._get_path(
            parent_path, len(parent_path) // Territory.steplen + 1, next_step[parent_path]
        )

    for r in ordered:
        parent_path = path_of_code.get(r.parent_code, "") if r.parent_code else ""
        old = existing.get(r.code)
        if old is None:
            # Fresh roots and children of nodes created in this run have no children in the DB yet.
            if parent_path and parent_path not in next_step and r.parent_code not in existing:
                next_step[parent_path] = 0
            if not parent_path and "" not in next_step and not existing:
                next_step[""] = 0
            path = child_path(parent_path)
            path_of_code[r.code] = path
            new_children[parent_path] += 1
            to_create.append([path, len(path) // Territory.steplen, 0, r.name, r.level, r.kind, r.code])
            continue
        pk, path, level, name, kind = old
        current_parent = path[: -Territory.steplen]
        if current_parent != parent_path:
            moves.append((r.code, r.parent_code))
        if (name, level, kind) != (r.name, r.level, r.kind):
            to_update.append(Territory(pk=pk, name=r.name, level=r.level, kind=r.kind, updated_at=now))
        elif current_parent == parent_path:
            result.unchanged += 1

    created_by_path = {t[0]: t for t in to_create}
    for parent_path, n in new_children.items():
        if parent_path in created_by_path:
            created_by_path[parent_path][2] = n

    with transaction.atomic():
        max_id_before = Territory.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        bar = progress(total=len(to_create)) if progress and to_create else None
        for i in range(0, len(to_create), BATCH):
            batch = to_create[i : i + BATCH]
            _insert(batch, now)
            if bar:
                bar.update(len(batch))
        if bar:
            bar.close()
        result.created = len(to_create)
        # Existing parents that gained children.
        grown = [p for p in new_children if p and p not in created_by_path]
        for p in grown:
            Territory.objects.filter(path=p).update(
                numchild=Territory.objects.filter(
                    path__range=subtree_bounds(p), depth=len(p) // Territory.steplen + 1
                ).count()
            )
        if to_update:
            Territory.objects.bulk_update(
                to_update, ["name", "level", "kind", "updated_at"], batch_size=BATCH
            )
            result.updated = len(to_update)
        for code, parent_code in moves:
            node = Territory.objects.get(division_code=code)
            target = Territory.objects.get(division_code=parent_code) if parent_code else None
            if target is None:
                node.move(Territory.get_last_root_node(), "last-sibling")
            else:
                node.move(target, "last-child")
            result.moved += 1
        changed = [t.pk for t in to_update] + [existing[c][0] for c, _ in moves]
        _record_history(actor, created_after=max_id_before, changed=changed)
    return result


def _insert(batch: list[list], now) -> None:
    """Insert new nodes with one executemany: the ORM's per-field work would triple a national import."""
    from django.db import connection

    qn = connection.ops.quote_name
    cols = [
        "path",
        "depth",
        "numchild",
        "name",
        "level",
        "kind",
        "division_code",
        "address",
        "created_at",
        "updated_at",
    ]
    stamp = connection.ops.adapt_datetimefield_value(now)
    sql = (
        f"INSERT INTO {qn(Territory._meta.db_table)} ({', '.join(qn(c) for c in cols)}) "
        f"VALUES ({', '.join(['%s'] * len(cols))})"
    )
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # COPY is several times faster than INSERT for a national tree.
            copy_sql = f"COPY {qn(Territory._meta.db_table)} ({', '.join(qn(c) for c in cols)}) FROM STDIN"
            with cur.cursor.copy(copy_sql) as copy:
                for row in batch:
                    copy.write_row((*row, "", now, now))
        else:
            cur.executemany(sql, [(*row, "", stamp, stamp) for row in batch])


def _record_history(actor, *, created_after: int, changed: list[int]) -> None:
    """Write one history row per created or changed node, copied in SQL so a national import stays fast."""
    from django.db import connection

    History = Territory.history.model
    cols = [
        f.column for f in History._meta.fields if f.attname in {g.attname for g in Territory._meta.fields}
    ]
    qn = connection.ops.quote_name
    target = ", ".join(qn(c) for c in cols)
    extra = ", ".join(
        qn(c) for c in ("history_date", "history_type", "history_user_id", "history_change_reason")
    )
    sql = (
        f"INSERT INTO {qn(History._meta.db_table)} ({target}, {extra}) "
        f"SELECT {target}, %s, %s, %s, %s FROM {qn(Territory._meta.db_table)} WHERE "
    )
    now = timezone.now()
    user_id = getattr(actor, "pk", None)
    with connection.cursor() as cur:
        cur.execute(sql + f"{qn('id')} > %s", [now, "+", user_id, "导入区划", created_after])
        for i in range(0, len(changed), 500):
            chunk = changed[i : i + 500]
            cur.execute(
                sql + f"{qn('id')} IN ({', '.join(['%s'] * len(chunk))})",
                [now, "~", user_id, "导入区划", *chunk],
            )


def territory_import_file(*, actor=None, path: str | Path, progress=None) -> ImportResult:
    return territory_import(actor=actor, rows=read_division_file(path), progress=progress)
