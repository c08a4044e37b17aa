from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from gongzhi.territory.levels import Kind, Level

STEPLEN = 4
PATH_MAX = 64


def subtree_bounds(path: str) -> tuple[str, str]:
    """Return the [low, high] path range that holds a node and all its descendants.

    A plain range over the indexed path works on every database and collation
    (SQLite's LIKE with ESCAPE cannot use an index).
    """
    return path, path + "Z" * (PATH_MAX - len(path))


def subtree_q(paths, field: str = "path") -> models.Q:
    """Match rows whose `field` lies in any of the subtrees rooted at `paths`."""
    q = models.Q(pk__in=[])
    for p in paths:
        q |= models.Q(**{f"{field}__range": subtree_bounds(p)})
    return q


class TerritoryQuerySet(MP_NodeQuerySet):
    def subtree(self, node: Territory | str) -> TerritoryQuerySet:
        path = node if isinstance(node, str) else node.path
        return self.filter(path__range=subtree_bounds(path))

    def within(self, paths) -> TerritoryQuerySet:
        return self.filter(subtree_q(paths))


class TerritoryManager(MP_NodeManager):
    def get_queryset(self):
        return TerritoryQuerySet(self.model).order_by("path")

    def subtree(self, node):
        return self.get_queryset().subtree(node)

    def within(self, paths):
        return self.get_queryset().within(paths)


class Territory(MP_Node):
    """One unit of the territory tree, from province down to a household."""

    steplen = STEPLEN
    path = models.CharField(max_length=PATH_MAX, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=20, choices=Level.choices)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, blank=True)
    division_code = models.CharField(_("区划代码"), max_length=12, unique=True, null=True, blank=True)
    address = models.CharField(_("详细地址"), max_length=200, blank=True)
    # Coordinates are stored in GCJ-02, the system of Chinese map data; see territory/geo.py.
    lng = models.FloatField(_("经度(GCJ-02)"), null=True, blank=True)
    lat = models.FloatField(_("纬度(GCJ-02)"), null=True, blank=True)
    boundary = models.JSONField(_("边界(GeoJSON, GCJ-02)"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["numchild", "boundary"])
    objects = TerritoryManager()

    node_order_by: list[str] = []

    class Meta:
        verbose_name = _("辖区单元")
        verbose_name_plural = _("辖区单元")
        indexes = [
            # Counting one level inside a subtree (households under a street) is one range scan.
            models.Index(fields=["level", "path"], name="territory_level_path"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def parent_path(self) -> str:
        return self.path[: -self.steplen]


class BuildingManager(TerritoryManager):
    def get_queryset(self):
        return super().get_queryset().filter(level=Level.BUILDING)


class HouseholdManager(TerritoryManager):
    def get_queryset(self):
        return super().get_queryset().filter(level=Level.HOUSEHOLD)


class Building(Territory):
    """楼栋: a territory node of level building."""

    objects = BuildingManager()

    class Meta:
        proxy = True
        verbose_name = _("楼栋")
        verbose_name_plural = _("楼栋")


class Household(Territory):
    """户: a territory node of level household; residents belong to it."""

    objects = HouseholdManager()

    class Meta:
        proxy = True
        verbose_name = _("户")
        verbose_name_plural = _("户")
