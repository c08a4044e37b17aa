"""The levels of the territory tree and which level may sit under which."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    DISTRICT = "district", _("区县")
    STREET = "street", _("街道/乡镇")
    COMMUNITY = "community", _("社区/行政村")
    GRID = "grid", _("网格")
    COMPOUND = "compound", _("小区")
    NATURAL_VILLAGE = "natural_village", _("自然村")
    BUILDING = "building", _("楼栋")
    HOUSEHOLD = "household", _("户")


class Kind(models.TextChoices):
    URBAN = "urban", _("城镇社区")
    RURAL = "rural", _("行政村")
    OTHER = "other", _("其他")


# None stands for "no parent": the root of a tree.
PARENT_LEVELS: dict[str, set[str | None]] = {
    Level.PROVINCE: {None},
    Level.CITY: {None, Level.PROVINCE},
    Level.DISTRICT: {None, Level.CITY},
    # Cities with no district level (东莞, 中山, 儋州) hang their streets on the city.
    Level.STREET: {None, Level.DISTRICT, Level.CITY},
    Level.COMMUNITY: {None, Level.STREET},
    Level.GRID: {Level.COMMUNITY},
    Level.COMPOUND: {Level.COMMUNITY, Level.GRID},
    Level.NATURAL_VILLAGE: {Level.COMMUNITY},
    Level.BUILDING: {Level.GRID, Level.COMPOUND, Level.NATURAL_VILLAGE},
    # Rural homes often stand on their own: a household may sit right in its natural village.
    Level.HOUSEHOLD: {Level.BUILDING, Level.NATURAL_VILLAGE},
}

# The units a party branch and its council are built on (支部建在小区/网格/自然村).
BRANCH_UNIT_LEVELS = (Level.GRID, Level.COMPOUND, Level.NATURAL_VILLAGE)

ORDER = [lv.value for lv in Level]


def fits_under(level: str, parent_level: str | None) -> bool:
    """Tell whether a node of `level` may have a parent of `parent_level`."""
    return parent_level in PARENT_LEVELS.get(level, set())


def label(level: str | None) -> str:
    return str(Level(level).label) if level else "（无）"
