"""Cell widgets for the Excel files offices exchange: Chinese labels, 是/否, 、-separated lists, dates."""

from __future__ import annotations

import datetime as dt
import re

from import_export import widgets

LIST_SPLIT = re.compile(r"[、,，;；\s]+")
TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓", "对"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "×", "", "不是"}


def text(value) -> str:
    """Return a cell as stripped text; Excel's 13800138000.0 becomes 13800138000."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


class TextWidget(widgets.Widget):
    """Plain text; numbers typed into Excel come back without a trailing .0."""

    def __init__(self, upper: bool = False, **kw):
        self.upper = upper
        super().__init__(**kw)

    def clean(self, value, row=None, **kwargs):
        v = text(value)
        return v.upper() if self.upper else v

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(widgets.Widget):
    """A choice written as its Chinese label; the stored value is accepted too."""

    def __init__(self, choices, **kw):
        self.labels = {str(v): str(lbl) for v, lbl in choices}
        self.values = {lbl: v for v, lbl in self.labels.items()}
        super().__init__(**kw)

    def clean(self, value, row=None, **kwargs):
        v = text(value)
        if not v:
            return ""
        if v in self.labels:
            return v
        if v in self.values:
            return self.values[v]
        raise ValueError(f"「{v}」不是可选的值，应为 {'、'.join(self.labels.values())}")

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value or "")


class LabelListWidget(widgets.Widget):
    """A list of choices written as Chinese labels separated by 、 (乡贤、五老)."""

    def __init__(self, choices, **kw):
        self.choice = ChoiceWidget(choices)
        super().__init__(**kw)

    def clean(self, value, row=None, **kwargs):
        out, bad = [], []
        for part in LIST_SPLIT.split(text(value)):
            if not part:
                continue
            try:
                v = self.choice.clean(part)
            except ValueError:
                bad.append(part)
                continue
            if v not in out:
                out.append(v)
        if bad:
            raise ValueError(f"未知的身份：{'、'.join(bad)}，可选 {'、'.join(self.choice.labels.values())}")
        return out

    def render(self, value, obj=None, **kwargs):
        return "、".join(self.choice.render(v) for v in value or [])


class WordListWidget(widgets.Widget):
    """A free list of words separated by 、 (独居老人、困难家庭)."""

    def clean(self, value, row=None, **kwargs):
        return [p for p in LIST_SPLIT.split(text(value)) if p]

    def render(self, value, obj=None, **kwargs):
        return "、".join(value or [])


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        v = text(value).lower()
        if v in TRUE_WORDS:
            return True
        if v in FALSE_WORDS:
            return False
        raise ValueError(f"「{text(value)}」应填「是」或「否」")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class DateWidget(widgets.Widget):
    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        v = text(value)
        if not v:
            return None
        for f in self.FORMATS:
            try:
                return dt.datetime.strptime(v, f).date()
            except ValueError:
                continue
        raise ValueError(f"日期「{v}」格式不对，应写成 2024-05-01")

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class CountWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        v = text(value)
        if not v:
            return 0
        if not v.isdigit():
            raise ValueError(f"「{v}」应为不小于 0 的整数")
        return int(v)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class FloatWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        v = text(value)
        if not v:
            return None
        try:
            return float(v)
        except ValueError:
            raise ValueError(f"「{v}」应为数字")

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else repr(float(value))
