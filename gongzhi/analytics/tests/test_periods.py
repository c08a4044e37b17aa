"""The one Period: every way a user writes a period parses, labels, steps and round-trips."""

from __future__ import annotations

import datetime as dt

import pytest

from gongzhi.core.errors import ValidationFailed
from gongzhi.core.periods import last_full, parse_period, period_from_params

D = dt.date


@pytest.mark.parametrize(
    "text, start, end, label, previous, following",
    [
        ("2026-11", D(2026, 11, 1), D(2026, 12, 1), "2026年11月", "2026-10", "2026-12"),
        ("2026-W47", D(2026, 11, 16), D(2026, 11, 23), "2026年第47周（11-16 至 11-22）", "2026-W46", "2026-W48"),
        ("2020-W53", D(2020, 12, 28), D(2021, 1, 4), "2020年第53周（12-28 至 01-03）", "2020-W52", "2021-W01"),
        ("2026-Q4", D(2026, 10, 1), D(2027, 1, 1), "2026年第4季度", "2026-Q3", "2027-Q1"),
        ("2026H2", D(2026, 7, 1), D(2027, 1, 1), "2026年下半年", "2026H1", "2027H1"),
        ("2026H1", D(2026, 1, 1), D(2026, 7, 1), "2026年上半年", "2025H2", "2026H2"),
        ("2026", D(2026, 1, 1), D(2027, 1, 1), "2026年", "2025", "2027"),
        ("2026-11-05", D(2026, 11, 5), D(2026, 11, 6), "2026年11月5日", "2026-11-04", "2026-11-06"),
        ("2024-02-01..2024-02-29", D(2024, 2, 1), D(2024, 3, 1), "2024-02-01 至 2024-02-29",
         "2024-01-03..2024-01-31", "2024-03-01..2024-03-29"),
    ],
)  # fmt: skip
def test_each_written_form_parses_labels_and_steps(text, start, end, label, previous, following):
    p = parse_period(text)
    assert (p.start, p.end, p.label) == (start, end, label)
    assert p.key == text
    assert parse_period(p.key) == p
    assert p.previous().key == previous and p.next().key == following
    assert p.bounds()[0].utcoffset() == dt.timedelta(hours=8)


@pytest.mark.parametrize(
    "text",
    [
        "2026-13",
        "2026-W54",
        "2025-W53",
        "2026-02-30",
        "2026-Q5",
        "2026H3",
        "明年",
        "2026-11-30..2026-11-01",
        "0999",
    ],
)
def test_what_is_not_a_period_is_refused_in_chinese(text):
    with pytest.raises(ValidationFailed) as e:
        parse_period(text)
    assert "统计期间" in e.value.message or "开始日期" in e.value.message


def test_the_default_review_period_is_the_last_full_month_and_the_old_query_form_still_works():
    assert last_full("month", on=D(2026, 12, 1)).key == "2026-11"
    assert last_full("month", on=D(2026, 1, 15)).key == "2025-12"
    assert period_from_params({"period": "week", "date": "2026-11-18"}).key == "2026-W47"
    assert period_from_params({"period": "2026-Q3"}).key == "2026-Q3"
