"""Reporting periods: a year, a quarter, a month, a date range, or the last twelve months.

Every figure per territory node and period reads its period from one string a user types
(``2024``, ``2024-Q3``, ``2024-05``, ``2024-03-01..2024-06-30``); no string means the last
twelve months up to today.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from gongzhi.core.errors import ValidationFailed

TZ = ZoneInfo("Asia/Shanghai")
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|~|至)\s*(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Period:
    """A half-open range of days [start, end) with the label pages show."""

    start: dt.date
    end: dt.date
    label: str
    key: str

    @property
    def first_day(self) -> dt.date:
        return self.start

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Return the aware datetimes [start, end) in Beijing time."""
        return (
            dt.datetime.combine(self.start, dt.time(), tzinfo=TZ),
            dt.datetime.combine(self.end, dt.time(), tzinfo=TZ),
        )

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "start": self.start, "end": self.last_day}


def today() -> dt.date:
    return timezone.localtime(timezone.now(), TZ).date()


def last_twelve_months(*, on: dt.date | None = None) -> Period:
    end = (on or today()) + dt.timedelta(days=1)
    start = (
        end.replace(year=end.year - 1) if not (end.month == 2 and end.day == 29) else end - dt.timedelta(366)
    )
    return Period(start, end, "近12个月", "")


def parse_period(value: str | None, *, on: dt.date | None = None) -> Period:
    """Read a period from what a user typed; refuse anything else with a Chinese message."""
    v = (value or "").strip()
    if not v:
        return last_twelve_months(on=on)
    if m := _YEAR.match(v):
        y = int(m[1])
        return Period(dt.date(y, 1, 1), dt.date(y + 1, 1, 1), f"{y}年", v)
    if m := _QUARTER.match(v):
        y, q = int(m[1]), int(m[2])
        start = dt.date(y, 3 * q - 2, 1)
        end = dt.date(y + 1, 1, 1) if q == 4 else dt.date(y, 3 * q + 1, 1)
        return Period(start, end, f"{y}年第{q}季度", f"{y}-Q{q}")
    if m := _MONTH.match(v):
        y, mo = int(m[1]), int(m[2])
        if 1 <= mo <= 12:
            end = dt.date(y + 1, 1, 1) if mo == 12 else dt.date(y, mo + 1, 1)
            return Period(dt.date(y, mo, 1), end, f"{y}年{mo}月", f"{y}-{mo:02d}")
    if m := _RANGE.match(v):
        try:
            a, b = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
        except ValueError:
            a = b = None
        if a and b and a <= b:
            return Period(a, b + dt.timedelta(days=1), f"{a:%Y-%m-%d} 至 {b:%Y-%m-%d}", f"{a}..{b}")
    raise ValidationFailed(
        f"统计期间「{v}」看不懂：请写 2024、2024-Q3、2024-05 或 2024-03-01..2024-06-30", code="bad_period"
    )
