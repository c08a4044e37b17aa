"""More Excel cell widgets: date-times in Beijing time, decimals, whole numbers.

Widgets that look records up within a user's scope live in gongzhi/people/resource_base.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from import_export import widgets

from gongzhi.core.cells import text
from gongzhi.core.periods import TZ


class DateTimeWidget(widgets.Widget):
    """A moment written as 2024-05-01 09:30 (Beijing time); Excel's own date-times are accepted."""

    FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):
            moment = value
        else:
            v = text(value)
            if not v:
                return None
            for f in self.FORMATS:
                try:
                    moment = dt.datetime.strptime(v, f)
                    break
                except ValueError:
                    continue
            else:
                raise ValueError(f"时间「{v}」格式不对，应写成 2024-05-01 09:30")
        return moment if timezone.is_aware(moment) else moment.replace(tzinfo=TZ)

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        local = value.astimezone(TZ)
        return local.strftime("%Y-%m-%d %H:%M:%S" if local.second else "%Y-%m-%d %H:%M")


class DecimalWidget(widgets.Widget):
    def __init__(self, places: int = 1, **kw):
        self.places = places
        super().__init__(**kw)

    def clean(self, value, row=None, **kwargs):
        v = text(value)
        if not v:
            return Decimal(0)
        try:
            d = Decimal(v)
        except InvalidOperation:
            raise ValueError(f"「{v}」应为数字")
        if d < 0:
            raise ValueError(f"「{v}」不能小于 0")
        return round(d, self.places)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{Decimal(value):.{self.places}f}"


class IntegerWidget(widgets.Widget):
    """A whole number that may be negative (a deduction of points)."""

    def clean(self, value, row=None, **kwargs):
        v = text(value)
        try:
            return int(v)
        except ValueError:
            raise ValueError(f"「{v}」应为整数")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)
