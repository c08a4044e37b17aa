"""The top menu: which apps' pages a viewer sees, in the order the navbar lists them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    active: bool


# (label, URL name, the URL namespaces that light the item up)
STAFF_ITEMS = [
    (_("指挥中心"), "analytics:index", {"analytics"}),
    (_("辖区"), "territory:index", {"territory"}),
    (_("台账"), "people:index", {"people"}),
    (_("诉求指标"), "demand_rates:index", {"demand_rates"}),
    (_("诉求热点"), "dispatch:hotspots", {"dispatch"}),
    (_("志愿服务"), "volunteering:figures", {"volunteering"}),
    (_("积分"), "points:figures", {"points"}),
    (_("红色物业"), "property:figures", {"property"}),
    (_("巡访·平安·调解"), "patrols:review", {"patrols", "safety", "mediation"}),
]
PUBLIC_ITEMS = [
    (_("亮诺亮绩"), "volunteering:public", {"volunteering"}),
    (_("红黑榜"), "points:public", {"points"}),
]


def menu_items(*, user, match, registries: bool) -> list[Item]:
    """List the navbar's links for `user` on the page `match` (a ResolverMatch, or None)."""
    namespace = getattr(match, "namespace", "")
    url_name = getattr(match, "url_name", "")
    rows = [
        Item(_("首页"), reverse("home"), url_name == "home"),
        Item(_("诉求"), reverse("demands:index"), namespace == "demands"),
        Item(_("议事"), reverse("deliberation:index"), namespace == "deliberation"),
    ]
    for label, name, lit in STAFF_ITEMS if registries else PUBLIC_ITEMS:
        rows.append(Item(label, reverse(name), namespace in lit))
    if getattr(user, "is_staff", False):
        rows.append(Item(_("后台"), reverse("admin:index"), False))
    rows.append(Item(_("API 文档"), reverse("api-docs"), False))
    return rows
