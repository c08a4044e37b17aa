"""The one reporting period of the product: a day, ISO week, month, quarter, half-year, year or range.

Every figure, review list and report reads its period from one string a user types:
``2026-11-05`` (day), ``2026-W47`` (ISO week), ``2026-11`` (month), ``2026-Q4`` (quarter),
``2026H2`` (下半年), ``2026`` (year) or ``2026-11-01..2026-11-30`` (range). A period is the
half-open range of days [start, end) in Beijing time; ``previous()`` and ``next()`` step by
the same kind. Asia/Shanghai is defined here, once, for the whole product.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from gongzhi.core.errors import ValidationFailed

TZ = ZoneInfo("Asia/Shanghai")
CHINA = TZ  # the name the operations apps used

# Kinds a user picks from, with their Chinese names (the period picker shows these).
KINDS = {
    "day": "日",
    "week": "周",
    "month": "月",
    "quarter": "季度",
    "half": "半年",
    "year": "年",
}
RANGE = "range"
MAX_RANGE_DAYS = 3660  # ten years: longer asks the roll-ups for more than any page needs

_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)
_HALF = re.compile(r"^(\d{4})-?H([12])$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})\s*(?:\.\.|~|至)\s*(\d{4}-\d{1,2}-\d{1,2})$")
HELP = "请写 2026-11、2026-W47、2026-Q4、2026H2、2026、2026-11-05 或 2026-11-01..2026-11-30"


@dataclass(frozen=True)
class Period:
    """Days [start, end) of one kind; `name` overrides the label (近12个月)."""

    kind: str
    start: dt.date
    end: dt.date
    name: str = ""

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    last = last_day

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def key(self) -> str:
        """Return the string that parses back to this period."""
        s = self.start
        if self.kind == "day":
            return s.isoformat()
        if self.kind == "week":
            y, w, _ = s.isocalendar()
            return f"{y}-W{w:02d}"
        if self.kind == "month":
            return f"{s.year}-{s.month:02d}"
        if self.kind == "quarter":
            return f"{s.year}-Q{(s.month - 1) // 3 + 1}"
        if self.kind == "half":
            return f"{s.year}H{1 if s.month == 1 else 2}"
        if self.kind == "year":
            return str(s.year)
        return f"{s.isoformat()}..{self.last_day.isoformat()}"

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        s = self.start
        if self.kind == "day":
            return f"{s.year}年{s.month}月{s.day}日"
        if self.kind == "week":
            y, w, _ = s.isocalendar()
            return f"{y}年第{w}周（{s:%m-%d} 至 {self.last_day:%m-%d}）"
        if self.kind == "month":
            return f"{s.year}年{s.month}月"
        if self.kind == "quarter":
            return f"{s.year}年第{(s.month - 1) // 3 + 1}季度"
        if self.kind == "half":
            return f"{s.year}年{'上' if s.month == 1 else '下'}半年"
        if self.kind == "year":
            return f"{s.year}年"
        return f"{s:%Y-%m-%d} 至 {self.last_day:%Y-%m-%d}"

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(), tzinfo=TZ)

    @property
    def end_at(self) -> dt.datetime:
        return dt.datetime.combine(self.end, dt.time(), tzinfo=TZ)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Return the aware datetimes [start, end) in Beijing time."""
        return self.start_at, self.end_at

    def previous(self) -> Period:
        if self.kind in KINDS:
            return period_of(self.kind, self.start - dt.timedelta(days=1))
        return Period(RANGE, self.start - dt.timedelta(days=self.days), self.start)

    def next(self) -> Period:
        if self.kind in KINDS:
            return period_of(self.kind, self.end)
        return Period(RANGE, self.end, self.end + dt.timedelta(days=self.days))

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "kind": self.kind,
            "label": self.label,
            "start": self.start.isoformat(),
            "end": self.last_day.isoformat(),
        }


def today() -> dt.date:
    return timezone.localtime(timezone.now(), TZ).date()


def local_day(moment: dt.datetime) -> dt.date:
    """Return the Beijing calendar day of an aware moment."""
    return moment.astimezone(TZ).date()


def period_of(kind: str, day: dt.date) -> Period:
    """Return the period of `kind` that holds `day`."""
    if kind == "day":
        return Period(kind, day, day + dt.timedelta(days=1))
    if kind == "week":
        start = day - dt.timedelta(days=day.weekday())
        return Period(kind, start, start + dt.timedelta(days=7))
    if kind == "month":
        start = day.replace(day=1)
        return Period(kind, start, _add_months(start, 1))
    if kind == "quarter":
        start = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period(kind, start, _add_months(start, 3))
    if kind == "half":
        start = dt.date(day.year, 1 if day.month <= 6 else 7, 1)
        return Period(kind, start, _add_months(start, 6))
    if kind == "year":
        return Period(kind, dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1))
    raise ValidationFailed(
        f"未知的统计周期「{kind}」，可选：{'、'.join(KINDS.values())}。", code="bad_period"
    )


def last_full(kind: str = "month", *, on: dt.date | None = None) -> Period:
    """Return the last finished period of `kind` before the one holding `on` (default: today)."""
    return period_of(kind, on or today()).previous()


def last_twelve_months(*, on: dt.date | None = None) -> Period:
    end = (on or today()) + dt.timedelta(days=1)
    start = _add_months(end, -12)
    return Period(RANGE, start, end, "近12个月")


def date_range(first: dt.date, last: dt.date, *, max_days: int | None = None) -> Period:
    """Return the range of days from `first` to `last`, both counted; refuse a reversed or too long one."""
    if first > last:
        raise ValidationFailed("开始日期不能晚于结束日期。", code="bad_period")
    if max_days is not None and (last - first).days > max_days:
        raise ValidationFailed("统计期间最长十年。", code="bad_period")
    return Period(RANGE, first, last + dt.timedelta(days=1))


def parse_period(value: str | None, *, on: dt.date | None = None, default: Period | None = None) -> Period:
    """Read a period from what a user typed; no text gives `default` (the last twelve months)."""
    v = (value or "").strip()
    if not v:
        return default or last_twelve_months(on=on)
    try:
        period = _parse(v)
    except (ValueError, OverflowError):
        period = None
    if period is None:
        raise ValidationFailed(f"统计期间「{v[:40]}」看不懂：{HELP}。", code="bad_period")
    if not (1900 <= period.start.year and period.end.year <= 2200):
        raise ValidationFailed(f"统计期间「{v[:40]}」超出范围（1900—2199 年）。", code="bad_period")
    return period


def _parse(v: str) -> Period | None:
    if m := _RANGE.match(v):
        a = dt.date(*map(int, m[1].split("-")))
        b = dt.date(*map(int, m[2].split("-")))
        return date_range(a, b)
    if m := _DAY.match(v):
        return period_of("day", dt.date(int(m[1]), int(m[2]), int(m[3])))
    if m := _WEEK.match(v):
        return period_of("week", dt.date.fromisocalendar(int(m[1]), int(m[2]), 1))
    if m := _MONTH.match(v):
        return period_of("month", dt.date(int(m[1]), int(m[2]), 1))
    if m := _QUARTER.match(v):
        return period_of("quarter", dt.date(int(m[1]), 3 * int(m[2]) - 2, 1))
    if m := _HALF.match(v):
        return period_of("half", dt.date(int(m[1]), 1 if m[2] == "1" else 7, 1))
    if m := _YEAR.match(v):
        return period_of("year", dt.date(int(m[1]), 1, 1))
    return None


def period_from_params(params, *, default: str = "month") -> Period:
    """Read ``period`` from a query dict: a period string, or a kind with ``date`` (``period=week&date=…``).

    Without either, the current period of `default` kind.
    """
    raw = (params.get("period") or "").strip()
    day_raw = (params.get("date") or "").strip()
    if raw and raw not in KINDS:
        return parse_period(raw)
    if day_raw:
        try:
            day = dt.date.fromisoformat(day_raw)
        except ValueError:
            raise ValidationFailed(f"日期「{day_raw[:40]}」格式不对，应写成 2026-05-01。", code="bad_date")
    else:
        day = today()
    return period_of(raw or default, day)


def period_choices(*, on: dt.date | None = None) -> list[tuple[str, str]]:
    """List the periods a picker offers: recent months, quarters, half-years and years."""
    day = on or today()
    out: list[tuple[str, str]] = []
    month = period_of("month", day)
    for _ in range(13):
        out.append((month.key, month.label))
        month = month.previous()
    quarter = period_of("quarter", day)
    for _ in range(5):
        out.append((quarter.key, quarter.label))
        quarter = quarter.previous()
    half = period_of("half", day)
    for _ in range(3):
        out.append((half.key, half.label))
        half = half.previous()
    for y in (day.year, day.year - 1, day.year - 2):
        out.append((str(y), f"{y}年"))
    return out


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = (dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month + 1, min(day.day, last))
