"""The change feed's cursor: opaque to clients, the last history id read from each registry."""

from __future__ import annotations

import base64
import binascii
import json

from gongzhi.core.errors import ValidationFailed

VERSION = 1
BAD_CURSOR = "游标无效：请传入上次答复中的 next 原样不改，或不带 since 从头读取。"


def cursor_encode(positions: dict[str, int]) -> str:
    """Pack the last history id read per registry into a URL-safe string."""
    body = json.dumps({"v": VERSION, "p": dict(sorted(positions.items()))}, separators=(",", ":"))
    return base64.urlsafe_b64encode(body.encode()).decode().rstrip("=")


def cursor_decode(cursor: str | None, *, registries) -> dict[str, int]:
    """Unpack a cursor (empty: from the beginning); refuse anything this module did not write."""
    if not cursor:
        return {}
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        body = json.loads(raw.decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ValidationFailed(BAD_CURSOR, code="invalid_cursor")
    positions = body.get("p") if isinstance(body, dict) and body.get("v") == VERSION else None
    if not isinstance(positions, dict) or not all(
        name in registries and type(last) is int and 0 <= last < 2**63 for name, last in positions.items()
    ):
        raise ValidationFailed(BAD_CURSOR, code="invalid_cursor")
    return positions
