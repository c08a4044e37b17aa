"""Query filters over demands for the API."""

from __future__ import annotations

import django_filters

from gongzhi.demands.models import Channel, Demand
from gongzhi.demands.workflow import State
from gongzhi.territory.filters import SubtreeFilter


class DemandFilter(django_filters.FilterSet):
    state = django_filters.MultipleChoiceFilter(choices=State.choices, label="状态（可多选）")
    channel = django_filters.ChoiceFilter(choices=Channel.choices, label="渠道")
    category = django_filters.CharFilter(field_name="category__code", label="分类代码")
    handler = django_filters.NumberFilter(field_name="handler_id", label="承办单位 id")
    territory = SubtreeFilter(label="辖区单元 id（含全部下级）")
    supervised = django_filters.BooleanFilter(label="已督办")
    unlocated = django_filters.BooleanFilter(
        field_name="territory", lookup_expr="isnull", label="待分拣（未定位）"
    )

    class Meta:
        model = Demand
        fields = ["state", "channel", "category", "handler", "territory", "supervised", "unlocated"]
