"""Pick a review's file format and write it, to a stream or atomically to a path."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from gongzhi.analytics.reports.build import Review
from gongzhi.analytics.reports.pdf import write_pdf
from gongzhi.analytics.reports.xlsx import write_xlsx
from gongzhi.core.errors import ValidationFailed
from gongzhi.core.spreadsheet import XLSX

WRITERS: dict[str, Callable[[Review, BinaryIO], None]] = {"xlsx": write_xlsx, "pdf": write_pdf}
CONTENT_TYPES = {"xlsx": XLSX, "pdf": "application/pdf"}


def review_format(raw: str | None) -> str:
    """Read xlsx or pdf; refuse anything else, naming what is accepted."""
    value = (raw or "").strip().lower().lstrip(".")
    if value not in WRITERS:
        raise ValidationFailed(
            f"文件格式「{(raw or '')[:20]}」不对，请用 xlsx（Excel）或 pdf。", code="bad_report_format"
        )
    return value


def format_of_path(path: Path) -> str:
    """Read the format from a file name; an unknown extension is refused before anything is built."""
    if path.suffix.lower().lstrip(".") not in WRITERS:
        raise ValidationFailed(
            f"输出文件「{path.name[:60]}」的扩展名不对，请以 .xlsx 或 .pdf 结尾。", code="bad_report_format"
        )
    return path.suffix.lower().lstrip(".")


def check_target(path: Path) -> str:
    """Refuse a path that cannot be written before the review is built; return its format."""
    fmt = format_of_path(path)
    folder = path.parent
    if not folder.is_dir():
        raise ValidationFailed(f"目录「{folder}」不存在，请先创建或换一个输出路径。", code="bad_output")
    if path.is_dir():
        raise ValidationFailed(f"「{path}」是一个目录，请写出文件名。", code="bad_output")
    return fmt


def write_review(review: Review, fmt: str, stream: BinaryIO) -> None:
    WRITERS[fmt](review, stream)


def write_review_file(review: Review, path: Path) -> Path:
    """Write beside the target and rename, so a failed write leaves no half file behind."""
    fmt = check_target(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            write_review(review, fmt, stream)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a report is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
