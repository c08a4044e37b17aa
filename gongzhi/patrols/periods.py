"""Review periods (周、月、季、年) as half-open date ranges in China time, and the node a figure is for.

The weekly and monthly review lists (一周一碰头、一月一盘点) need weeks, which the shared
gongzhi.patrols.periods does not offer; the safety and mediation figures use the same periods.
Pages and the API read them from `?period=week|month|quarter|year&date=YYYY-MM-DD`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from gongzhi.core.errors import ValidationFailed

CHINA = ZoneInfo("Asia/Shanghai")
KINDS = {"week": "周", "month": "月", "quarter": "季度", "year": "年"}


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date  # first day
    end: dt.date  # first day after the period

    @property
    def label(self) -> str:
        if self.kind == "week":
            last = self.end - dt.timedelta(days=1)
            return f"{self.start:%Y-%m-%d} 至 {last:%m-%d}（第 {self.start.isocalendar()[1]} 周）"
        if self.kind == "month":
            return f"{self.start.year} 年 {self.start.month} 月"
        if self.kind == "quarter":
            return f"{self.start.year} 年第 {(self.start.month - 1) // 3 + 1} 季度"
        return f"{self.start.year} 年"

    @property
    def start_at(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(), tzinfo=CHINA)

    @property
    def end_at(self) -> dt.datetime:
        return dt.datetime.combine(self.end, dt.time(), tzinfo=CHINA)

    def previous(self) -> Period:
        return period_of(self.kind, self.start - dt.timedelta(days=1))

    def next(self) -> Period:
        return period_of(self.kind, self.end)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "label": self.label,
        }


def today() -> dt.date:
    return timezone.localtime(timezone.now(), CHINA).date()


def period_of(kind: str, day: dt.date) -> Period:
    """Return the period of `kind` that holds `day`."""
    if kind == "week":
        start = day - dt.timedelta(days=day.weekday())
        return Period(kind, start, start + dt.timedelta(days=7))
    if kind == "month":
        start = day.replace(day=1)
        return Period(kind, start, (start + dt.timedelta(days=32)).replace(day=1))
    if kind == "quarter":
        start = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period(kind, start, (start + dt.timedelta(days=93)).replace(day=1))
    if kind == "year":
        return Period(kind, dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1))
    raise ValidationFailed(
        f"未知的统计周期「{kind}」，可选：{'、'.join(KINDS)}（{'、'.join(KINDS.values())}）。"
    )


def period_from_params(params, *, default: str = "month") -> Period:
    """Read `period` and `date` from a query dict; the current period when missing."""
    kind = (params.get("period") or default).strip()
    raw = (params.get("date") or "").strip()
    if raw:
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            raise ValidationFailed(f"日期「{raw}」格式不对，应写成 2024-05-01。")
    else:
        day = today()
    return period_of(kind, day)
