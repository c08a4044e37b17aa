"""Read the tables desk workers bring: CSV (UTF-8 or GBK, optionally gzipped) or Excel."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Iterator
from pathlib import Path

from gongzhi.core.errors import ValidationFailed


def decode(raw: bytes) -> str:
    """Decode a CSV export from Excel: UTF-8 (with or without BOM), else GB18030."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ValidationFailed("无法识别文件编码，请另存为 UTF-8 编码的 CSV 或 Excel（.xlsx）文件。")


def read_rows(path: str | Path, *, header_aliases: dict[str, str] | None = None) -> Iterator[dict[str, str]]:
    """Yield each data row as a dict of stripped strings, keys mapped through `header_aliases`."""
    path = Path(path)
    if not path.exists():
        raise ValidationFailed(f"找不到文件：{path}")
    name = path.name.lower()
    aliases = header_aliases or {}
    if name.endswith((".xlsx", ".xlsm")):
        rows = _xlsx_rows(path)
    elif name.endswith((".csv", ".csv.gz", ".txt")):
        raw = path.read_bytes()
        if name.endswith(".gz"):
            raw = gzip.decompress(raw)
        rows = csv.reader(io.StringIO(decode(raw)))
    else:
        raise ValidationFailed(f"不支持的文件类型：{path.name}（请使用 .csv 或 .xlsx）")
    header = None
    for values in rows:
        if header is None:
            header = [aliases.get(str(h or "").strip(), str(h or "").strip()) for h in values]
            continue
        if not any(v not in (None, "") for v in values):
            yield {}
            continue
        yield {
            k: ("" if v is None else str(v).strip())
            for k, v in zip(header, list(values) + [""] * (len(header) - len(values)), strict=False)
        }
    if header is None:
        raise ValidationFailed(f"文件是空的：{path.name}")


def _xlsx_rows(path: Path):
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ValidationFailed(f"无法读取 Excel 文件 {path.name}：{exc}")
    try:
        for values in wb.worksheets[0].iter_rows(values_only=True):
            yield [_cell(v) for v in values]
    finally:
        wb.close()


def _cell(v):
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return v
