"""The top menu: which apps' pages a viewer sees, grouped so the bar fits one line at 1366 px."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongzhi.people.roles import Role
from gongzhi.people.scope import roles_of


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    active: bool
    children: tuple[Item, ...] = ()  # a group: the bar shows a drop-down of these


# A group is (label, [(label, URL name, the URL namespaces that light the entry up)]).
# A group of one entry is shown as a plain link.
STAFF_GROUPS = [
    (_("指挥中心"), [(_("指挥中心"), "analytics:index", {"analytics"})]),
    (
        _("诉求"),
        [
            (_("诉求工单"), "demands:index", {"demands"}),
            (_("诉求指标"), "demand_rates:index", {"demand_rates"}),
            (_("诉求热点"), "dispatch:hotspots", {"dispatch"}),
        ],
    ),
    (
        _("社区治理"),
        [
            (_("议事协商"), "deliberation:index", {"deliberation"}),
            (_("巡访·平安·调解"), "patrols:review", {"patrols", "safety", "mediation"}),
            (_("志愿服务"), "volunteering:figures", {"volunteering"}),
            (_("积分"), "points:figures", {"points"}),
            (_("红色物业"), "property:figures", {"property"}),
        ],
    ),
    (
        _("辖区·台账"),
        [
            (_("辖区"), "territory:index", {"territory"}),
            (_("台账"), "people:index", {"people"}),
        ],
    ),
    (
        _("考评·队伍"),
        [
            (_("考评"), "assessment:index", {"assessment"}),
            (_("队伍建设"), "workforce:index", {"workforce"}),
        ],
    ),
]
PUBLIC_GROUPS = [
    (_("我的诉求"), [(_("我的诉求"), "demands:index", {"demands"})]),
    (_("议事"), [(_("议事"), "deliberation:index", {"deliberation"})]),
    (
        _("公示"),
        [
            (_("亮诺亮绩"), "volunteering:public", {"volunteering"}),
            (_("党员亮身份"), "workforce:cards", {"workforce"}),
            (_("红黑榜"), "points:public", {"points"}),
            (_("考评公示"), "assessment:public", {"assessment"}),
        ],
    ),
]
# Who reads the API documentation: those who connect other systems, not residents or grid workers.
API_DOC_ROLES = {Role.CITY_ADMIN, Role.DISTRICT_OFFICIAL}


def menu_items(*, user, match, registries: bool) -> list[Item]:
    """List the navbar's links for `user` on the page `match` (a ResolverMatch, or None)."""
    namespace = getattr(match, "namespace", "")
    url_name = getattr(match, "url_name", "")
    rows = [Item(_("首页"), reverse("home"), url_name == "home")]
    for label, entries in STAFF_GROUPS if registries else PUBLIC_GROUPS:
        children = tuple(Item(text, reverse(name), namespace in lit) for text, name, lit in entries)
        if len(children) == 1:
            rows.append(Item(label, children[0].url, children[0].active))
        else:
            rows.append(Item(label, children[0].url, any(c.active for c in children), children))
    if getattr(user, "is_staff", False):
        rows.append(Item(_("后台"), reverse("admin:index"), False))
    if getattr(user, "is_superuser", False) or (
        getattr(user, "is_authenticated", False) and roles_of(user) & API_DOC_ROLES
    ):
        rows.append(Item(_("API 文档"), reverse("api-docs"), False))
    return rows
