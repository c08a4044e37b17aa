"""Cell widgets of the workforce files: amounts, scores, post types, and records named by 编号."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from import_export import widgets

from gongzhi.core.cells import text
from gongzhi.people.scope import restrict
from gongzhi.workforce.models import PostType


class DecimalWidget(widgets.Widget):
    """A number with decimals (an amount in 元, a score); blank is none."""

    def clean(self, value, row=None, **kwargs):
        v = text(value).replace(",", "").replace("，", "")
        if not v:
            return None
        try:
            return Decimal(v)
        except InvalidOperation:
            raise ValueError(f"「{v}」应为数字")

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value}"


class IntWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        v = text(value)
        if not v:
            return None
        if not v.lstrip("-").isdigit():
            raise ValueError(f"「{v}」应为整数")
        return int(v)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class PostTypeWidget(widgets.Widget):
    """A post type by its name (社区正职) or code."""

    def clean(self, value, row=None, **kwargs):
        v = text(value)
        if not v:
            return None
        found = PostType.objects.filter(label=v).first() or PostType.objects.filter(code=v).first()
        if found is None:
            names = "、".join(PostType.objects.order_by("rank").values_list("label", flat=True))
            raise ValueError(f"「{v}」不是岗位类别，应为 {names}")
        return found

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value.label


class ScopedIdWidget(widgets.Widget):
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
