"""Query filters over the territory tree for the API."""

from __future__ import annotations

import django_filters

from gongzhi.territory.levels import Kind, Level
from gongzhi.territory.models import Territory, subtree_bounds


class SubtreeFilter(django_filters.NumberFilter):
    """Keep the rows that lie under the territory node with this id (the node itself included).

    Works on any queryset with `.within(paths)`. An unknown id, or one out of the user's
    scope, simply matches nothing: the list is already narrowed to the user's subtrees.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "辖区单元 id（含全部下级）")
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        path = Territory.objects.filter(pk=value).values_list("path", flat=True).first()
        return qs.within([path]) if path else qs.none()


class TerritoryFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices, label="层级")
    kind = django_filters.ChoiceFilter(choices=Kind.choices, label="类型")
    division_code = django_filters.CharFilter(label="区划代码")
    parent = django_filters.NumberFilter(method="filter_parent", label="上级单元 id（只列直接下级）")
    subtree = SubtreeFilter()

    class Meta:
        model = Territory
        fields = ["level", "kind", "division_code", "parent", "subtree"]

    def filter_parent(self, qs, name, value):
        parent = Territory.objects.filter(pk=value).values_list("path", "depth").first()
        if parent is None:
            return qs.none()
        path, depth = parent
        return qs.filter(path__range=subtree_bounds(path), depth=depth + 1)
