"""More Excel cell widgets: date-times in Beijing time, decimals, and records named by 编号 or ID number."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.utils import timezone
from import_export import widgets

from gongzhi.core.cells import text
from gongzhi.people.scope import restrict

TZ = ZoneInfo("Asia/Shanghai")


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


class IdRefWidget(widgets.Widget):
    """A record named by its 编号 (#12 or 12), within the importing user's scope."""

    def __init__(self, model, what: str, **kw):
        self.model = model
        self.what = what
        super().__init__(**kw)

    def clean(self, value, row=None, **kwargs):
        key = text(value).lstrip("#")
        if not key:
            return None
        qs = self.model.objects.all()
        user = kwargs.get("user")
        if user is not None:
            qs = restrict(qs, user)
        found = qs.filter(pk=int(key)).first() if key.isdigit() else None
        if found is None:
            raise ValueError(f"找不到编号为「{key}」的{self.what}，或它不在您的管辖范围内")
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"#{value.pk}"


class IdNumberRefWidget(widgets.Widget):
    """A person named by an 18-character ID number (or #编号), within the importing user's scope."""

    def __init__(self, model, what: str, **kw):
        self.model = model
        self.what = what
        super().__init__(**kw)

    def clean(self, value, row=None, **kwargs):
        key = text(value).upper()
        if not key:
            return None
        qs = self.model.objects.all()
        user = kwargs.get("user")
        if user is not None:
            qs = restrict(qs, user)
        if key.startswith("#"):
            found = qs.filter(pk=int(key[1:])).first() if key[1:].isdigit() else None
        else:
            found = qs.filter(id_number=key).first()
        if found is None:
            raise ValueError(f"找不到身份证号为「{key}」的{self.what}，或不在您的管辖范围内")
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else (value.id_number or f"#{value.pk}")
