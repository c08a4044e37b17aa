"""Deadlines in working time.

Office hours are 9:00–12:00 and 13:30–17:30, Asia/Shanghai (7 working hours a day), on
working days. Which days are working days comes from, in this order:

1. a `HolidayOverride` row for the date (entered or imported in the back office);
2. the `chinese-calendar` package, which knows the State Council's holidays and make-up
   working days (调休) for 2004–2026;
3. for a year neither knows: Monday to Friday, with a logged warning once per year.

A year with at least one override row counts as entered: its unlisted days follow the
weekdays without a warning, since the published arrangement lists exactly the exceptions.
"""

from __future__ import annotations

import datetime as dt
import logging

import chinese_calendar

from gongzhi.core.errors import ValidationFailed
from gongzhi.core.periods import TZ

log = logging.getLogger(__name__)

OFFICE_PERIODS: tuple[tuple[dt.time, dt.time], ...] = (
    (dt.time(9, 0), dt.time(12, 0)),
    (dt.time(13, 30), dt.time(17, 30)),
)
HOURS_PER_DAY = 7
# No deadline runs longer than this; a calendar with no working day in it is a data error.
MAX_DAYS = 3 * 366


def package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class BusinessCalendar:
    """Answer "is this a working day?", reading the overrides of each year once."""

    def __init__(self) -> None:
        self._overrides: dict[int, dict[dt.date, bool]] = {}
        self._package: dict[int, bool] = {}
        self.warnings: list[str] = []

    def _year_overrides(self, year: int) -> dict[dt.date, bool]:
        if year not in self._overrides:
            from gongzhi.demands.models import HolidayOverride

            self._overrides[year] = dict(
                HolidayOverride.objects.filter(date__year=year).values_list("date", "is_workday")
            )
        return self._overrides[year]

    def _package_knows(self, year: int) -> bool:
        if year not in self._package:
            self._package[year] = package_knows(year)
        return self._package[year]

    def is_workday(self, day: dt.date) -> bool:
        overrides = self._year_overrides(day.year)
        if day in overrides:
            return overrides[day]
        if self._package_knows(day.year):
            return chinese_calendar.is_workday(day)
        if not overrides:
            self._warn(day.year)
        return day.weekday() < 5

    def _warn(self, year: int) -> None:
        message = (
            f"{year} 年的节假日安排尚未录入，暂按周一至周五上班计算办理期限；请在后台「节假日安排」中录入。"
        )
        if message not in self.warnings:
            self.warnings.append(message)
            log.warning(message)


def year_is_known(year: int) -> bool:
    """Tell whether deadlines in `year` follow the official arrangement (package or entered overrides)."""
    from gongzhi.demands.models import HolidayOverride

    return package_knows(year) or HolidayOverride.objects.filter(date__year=year).exists()


def add_working_hours(
    start: dt.datetime, hours: float, *, calendar: BusinessCalendar | None = None
) -> dt.datetime:
    """Return the moment `hours` of office time after `start`, in Asia/Shanghai.

    A start outside office hours counts from the next opening; a deadline that uses up a
    period exactly ends at that period's close (12:00 or 17:30), not at the next opening.
    """
    if start.tzinfo is None:
        raise ValueError("add_working_hours needs a timezone-aware datetime")
    cal = calendar or BusinessCalendar()
    cur = start.astimezone(TZ)
    remaining = dt.timedelta(hours=float(hours))
    if remaining <= dt.timedelta(0):
        return cur
    for _ in range(MAX_DAYS):
        day = cur.date()
        if cal.is_workday(day):
            for opens, closes in OFFICE_PERIODS:
                period_end = dt.datetime.combine(day, closes, tzinfo=TZ)
                if cur >= period_end:
                    continue
                period_start = max(dt.datetime.combine(day, opens, tzinfo=TZ), cur)
                available = period_end - period_start
                if remaining <= available:
                    return period_start + remaining
                remaining -= available
                cur = period_end
        cur = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=TZ)
    raise ValidationFailed(f"{MAX_DAYS} 天内没有足够的工作时间，请检查节假日安排。")


def working_hours_between(
    start: dt.datetime, end: dt.datetime, *, calendar: BusinessCalendar | None = None
) -> float:
    """Return the office hours from `start` to `end` (0 when `end` is not after `start`)."""
    cal = calendar or BusinessCalendar()
    cur, end = start.astimezone(TZ), end.astimezone(TZ)
    total = dt.timedelta(0)
    while cur < end:
        day = cur.date()
        if cal.is_workday(day):
            for opens, closes in OFFICE_PERIODS:
                lo = max(dt.datetime.combine(day, opens, tzinfo=TZ), cur)
                hi = min(dt.datetime.combine(day, closes, tzinfo=TZ), end)
                if hi > lo:
                    total += hi - lo
        cur = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo=TZ)
    return total.total_seconds() / 3600
