"""Deadlines in working time across the official holidays, make-up days and an unknown year."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from gongzhi.demands.models import HolidayOverride
from gongzhi.demands.sla import TZ, BusinessCalendar, add_working_hours, year_is_known

pytestmark = pytest.mark.django_db


def at(y, m, d, hh=9, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


def test_a_working_day_has_seven_office_hours_with_a_lunch_break():
    assert add_working_hours(at(2026, 6, 3, 9), 3) == at(2026, 6, 3, 12)  # the morning ends at 12:00
    assert add_working_hours(at(2026, 6, 3, 11), 2) == at(2026, 6, 3, 14, 30)  # lunch is skipped
    assert add_working_hours(at(2026, 6, 3, 9), 7) == at(2026, 6, 3, 17, 30)
    assert add_working_hours(at(2026, 6, 3, 20), 1) == at(2026, 6, 4, 10)  # after hours counts from 9:00


def test_a_deadline_skips_the_national_day_holiday_of_2026():
    # 30 Sep (Wed) 16:00 + 7 h: 1.5 h that day, 1–7 Oct off, 5.5 h from 8 Oct 9:00.
    assert add_working_hours(at(2026, 9, 30, 16), 7) == at(2026, 10, 8, 16)


def test_a_make_up_working_day_counts_and_the_weekend_after_does_not():
    # Saturday 10 Oct 2026 is a make-up working day (调休上班); Sunday 11 Oct is not.
    assert add_working_hours(at(2026, 10, 9, 17), 2) == at(2026, 10, 10, 10, 30)
    assert add_working_hours(at(2026, 10, 10, 17), 2) == at(2026, 10, 12, 10, 30)


def test_a_start_given_in_another_timezone_is_read_as_beijing_time():
    start = dt.datetime(2026, 6, 3, 1, 0, tzinfo=dt.UTC)  # 09:00 in Beijing
    assert add_working_hours(start, 1) == at(2026, 6, 3, 10)


def test_a_deadline_into_2027_without_an_entered_calendar_falls_back_to_weekdays_and_warns(caplog):
    calendar = BusinessCalendar()
    with caplog.at_level(logging.WARNING, logger="gongzhi.demands.sla"):
        due = add_working_hours(at(2026, 12, 31, 16, 30), 7, calendar=calendar)

    # 1 h on Thursday 31 Dec, then Friday 1 Jan 2027 counts as a plain weekday: 9:00 + 6 h.
    assert due == at(2027, 1, 1, 16, 30)
    assert calendar.warnings == [
        "2027 年的节假日安排尚未录入，暂按周一至周五上班计算办理期限；请在后台「节假日安排」中录入。"
    ]
    assert "2027" in caplog.text
    assert not year_is_known(2027)


def test_a_deadline_into_2027_follows_the_holidays_an_administrator_entered():
    HolidayOverride.objects.create(date=dt.date(2027, 1, 1), is_workday=False, note="元旦")
    HolidayOverride.objects.create(date=dt.date(2027, 1, 9), is_workday=True, note="元旦调休上班")
    calendar = BusinessCalendar()

    due = add_working_hours(at(2026, 12, 31, 16, 30), 7, calendar=calendar)
    weekend_due = add_working_hours(at(2027, 1, 8, 17), 2, calendar=calendar)

    assert due == at(2027, 1, 4, 16, 30)  # New Year's Day off, then the weekend
    assert weekend_due == at(2027, 1, 9, 10, 30)  # the entered make-up Saturday counts
    assert calendar.warnings == []
    assert year_is_known(2027)


def test_an_override_also_corrects_a_year_the_package_knows():
    HolidayOverride.objects.create(date=dt.date(2026, 6, 3), is_workday=False, note="台风停工")

    assert add_working_hours(at(2026, 6, 3, 9), 1) == at(2026, 6, 4, 10)


def test_a_naive_start_is_refused():
    with pytest.raises(ValueError):
        add_working_hours(dt.datetime(2026, 6, 3, 9), 1)
