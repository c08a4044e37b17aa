"""Forms of the demand pages; they only parse input, the services decide."""

from __future__ import annotations

import uuid

from django import forms

from gongzhi.core.errors import ValidationFailed
from gongzhi.core.validators import phone_problem
from gongzhi.demands.models import Category, Channel
from gongzhi.demands.photos import MAX_PHOTOS, photos_check
from gongzhi.demands.workflow import EscalationTarget, Satisfaction

PHOTO_ACCEPT = "image/jpeg,image/png,image/gif,image/webp,image/heic,.heic"


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; each is checked by its content, not its name."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": PHOTO_ACCEPT, "multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [super(PhotosField, self).clean(f, initial) for f in files]
        try:
            photos_check(files)
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message)
        return files


def new_key() -> str:
    return uuid.uuid4().hex


class ReportForm(forms.Form):
    """One form for every page channel; the view drops the fields a channel does not use."""

    # Made when the form is shown: a double submit or a retry sends the same key, so one demand.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    place = forms.TypedChoiceField(label="所在网格/小区", coerce=int, required=False, empty_value=None)
    talk_point = forms.CharField(label="议事说事点", max_length=40, required=False)
    title = forms.CharField(label="标题（选填）", max_length=100, required=False)
    text = forms.CharField(
        label="反映的问题",
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "什么地方、什么问题、持续多久了"}),
        max_length=2000,
    )
    category = forms.ModelChoiceField(
        label="分类",
        queryset=Category.objects.none(),
        to_field_name="code",
        required=False,
        empty_label="不确定（系统自动分类）",
    )
    address = forms.CharField(
        label="地址",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "如：天桥街道淮河社区 3 号楼 2 单元"}),
    )
    lng = forms.FloatField(widget=forms.HiddenInput, required=False)
    lat = forms.FloatField(widget=forms.HiddenInput, required=False)
    coord_system = forms.ChoiceField(
        choices=[("wgs84", "WGS-84"), ("gcj02", "GCJ-02")],
        widget=forms.HiddenInput,
        initial="wgs84",
        required=False,
    )
    photos = PhotosField(label=f"照片（选填，最多 {MAX_PHOTOS} 张，每张 10 MB 以内）")
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    contact_phone = forms.CharField(
        label="联系电话",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, channel: str, places: list[tuple[int, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.channel = channel
        self.fields["category"].queryset = Category.objects.filter(active=True)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", new_key())
        if places:
            self.fields["place"].choices = [("", "按地址或定位自动判断"), *places]
        else:
            del self.fields["place"]
        if channel != Channel.WALK_IN:
            del self.fields["talk_point"]
        else:
            self.fields["contact_name"].label = "来访群众"
            self.fields["talk_point"].required = True
        if channel == Channel.PATROL:
            self.fields["text"].label = "发现的问题"
            del self.fields["title"]
        for field in self.fields.values():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and phone_problem(phone):
            raise forms.ValidationError(phone_problem(phone))
        return phone

    def clean(self):
        data = super().clean()
        if (data.get("lng") is None) != (data.get("lat") is None):
            raise forms.ValidationError("定位不完整，请重新点「使用我的位置」。")
        return data

    def submit_fields(self) -> dict:
        """The arguments for the intake service."""
        d = self.cleaned_data
        title = d.get("title", "")
        if d.get("talk_point"):
            title = f"【{d['talk_point']}】{title or '说事点来访'}"
        return {
            "idempotency_key": d["idempotency_key"],
            "channel": self.channel,
            "title": title,
            "text": d["text"],
            "category_code": d["category"].code if d.get("category") else None,
            "territory_id": d.get("place"),
            "address": d.get("address", ""),
            "lng": d.get("lng"),
            "lat": d.get("lat"),
            "coord_system": d.get("coord_system") or "wgs84",
            "contact_name": d.get("contact_name", ""),
            "contact_phone": d.get("contact_phone", ""),
        }


class ActionForm(forms.Form):
    """The inputs any action may take; each action's form on the page shows only its own."""

    note = forms.CharField(required=False, max_length=2000)
    result = forms.CharField(required=False, max_length=4000)
    handler_id = forms.IntegerField(required=False)
    deadline_hours = forms.IntegerField(required=False, min_value=1, max_value=24 * 60)
    category = forms.SlugField(required=False)
    satisfaction = forms.ChoiceField(choices=[("", ""), *Satisfaction.choices], required=False)
    to = forms.ChoiceField(choices=[("", ""), *EscalationTarget.choices], required=False)
    into_id = forms.IntegerField(required=False)
    place = forms.CharField(required=False, max_length=100)
    photos = PhotosField()

    def extra(self) -> dict:
        """The action's inputs that were given, as keywords for demand_transition."""
        d = self.cleaned_data
        keys = ("result", "handler_id", "deadline_hours", "category", "satisfaction", "to", "into_id")
        return {k: d[k] for k in keys if d.get(k) not in (None, "")}


class HotlineUploadForm(forms.Form):
    file = forms.FileField(
        label="工单文件（.xlsx 或 .csv）",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("请上传 .xlsx 或 .csv 文件（可先下载模板）。")
        if f.size > 20 * 1024 * 1024:
            raise forms.ValidationError("文件超过 20 MB，请分批导入。")
        return f
