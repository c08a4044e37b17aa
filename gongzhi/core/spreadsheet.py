"""Write the tables a page shows as an Excel workbook, the format offices work in."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils.http import content_disposition_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(*, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """Return a one-sheet workbook: a header row, then `rows`."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    # Sheet titles may not hold []:*?/\ and are at most 31 characters.
    ws = wb.create_sheet(title="".join(c for c in title if c not in "[]:*?/\\")[:31] or "Sheet1")
    ws.append(list(headers))
    for row in rows:
        ws.append(["" if v is None else v for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_response(
    *, filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(title=title, headers=headers, rows=rows), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
