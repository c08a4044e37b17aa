"""The home page: each person's nodes, figures and the links they start the day with."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from gongzhi.dispatch.alerts import rise_alerts_count
from gongzhi.people.figures import coverage_figures, level_figures
from gongzhi.people.models import Resident
from gongzhi.people.roles import Role
from gongzhi.people.scope import is_resident_only
from gongzhi.people.selectors import coverage
from gongzhi.site.work import work_for
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory
from gongzhi.territory.selectors import territory_level_counts

RISE_READERS = {Role.STREET_OFFICIAL, Role.DISTRICT_OFFICIAL, Role.CITY_ADMIN}
OFFICIALS = {Role.STREET_OFFICIAL, Role.DISTRICT_OFFICIAL, Role.CITY_ADMIN, Role.DEPARTMENT_HANDLER}


def _registry(slug: str, node: Territory) -> str:
    return reverse("people:list", args=[slug]) + f"?under={node.pk}"


def shortcuts(roles: set[str], node: Territory) -> list[tuple[str, str]]:
    """List the links a person with `roles` at `node` starts the day with."""
    here = reverse("territory:detail", args=[node.pk])
    links: list[tuple[str, str]] = []
    if Role.GRID_WORKER in roles:
        links += [
            ("我的网格", here),
            ("网格内的户（楼栋/户）", here + "#children"),
            ("网格居民", _registry("residents", node)),
            ("网格党员", _registry("party-members", node)),
        ]
    if Role.COMMUNITY_WORKER in roles:
        links += [
            ("社区辖区", here),
            ("居民台账", _registry("residents", node)),
            ("党员台账", _registry("party-members", node)),
            ("网格员台账", _registry("grid-workers", node)),
            ("议事会台账", _registry("councils", node)),
            ("共建单位台账", _registry("partner-units", node)),
        ]
    if Role.BRANCH_SECRETARY in roles or Role.COUNCIL_MEMBER in roles:
        links += [
            ("支部与议事会覆盖", here + "#coverage"),
            ("党组织", _registry("party-orgs", node)),
            ("议事会", _registry("councils", node)),
            ("议事会成员", _registry("council-members", node)),
        ]
    if roles & OFFICIALS:
        links += [("指挥中心", reverse("analytics:node", args=[node.division_code or node.pk]))]
        if node.level == Level.STREET:
            links += [("四平台调度", reverse("demands:platforms") + f"?territory={node.pk}")]
        links += [
            ("诉求热点", reverse("dispatch:hotspots") + f"?territory={node.pk}"),
            ("从本级浏览辖区", here),
            ("党组织", _registry("party-orgs", node)),
            ("议事会", _registry("councils", node)),
            ("党员", _registry("party-members", node)),
        ]
    seen: set[str] = set()
    return [(label, url) for label, url in links if not (url in seen or seen.add(url))]


def _scope_cards(user, assignments) -> list[dict]:
    """One card per node the user works from: roles held there, key figures, shortcuts."""
    held: dict[int, set[str]] = {}
    nodes: dict[int, Territory] = {}
    if user.is_superuser:
        for n in Territory.objects.filter(depth=1):
            nodes[n.pk], held[n.pk] = n, set(Role.values) - {Role.RESIDENT}
    for a in assignments:
        if a.role != Role.RESIDENT:
            nodes.setdefault(a.territory_id, a.territory)
            held.setdefault(a.territory_id, set()).add(a.role)
    cards = []
    for pk, n in nodes.items():
        cards.append(
            {
                "node": n,
                "roles": [str(Role(r).label) for r in Role.values if r in held[pk]],
                "level_figures": level_figures(territory_level_counts(node=n), below=n.level),
                "coverage_figures": coverage_figures(coverage(node=n)),
                "shortcuts": shortcuts(held[pk], n),
            }
        )
    return cards


@login_required
def home(request):
    user = request.user
    assignments = list(user.roles.select_related("territory").order_by("territory__path", "role"))
    resident = Resident.objects.filter(user=user).select_related("household").first()
    household_members = (
        list(Resident.objects.filter(household=resident.household).order_by("-is_head", "name"))
        if resident
        else []
    )
    # Rises are flagged to street, district and city officials (gongzhi.dispatch.alerts).
    watches_rises = user.is_superuser or any(a.role in RISE_READERS for a in assignments)
    context = {
        "rise_alerts": rise_alerts_count(user=user) if watches_rises else 0,
        "work": work_for(user),
        "assignments": assignments,
        "cards": [] if is_resident_only(user) else _scope_cards(user, assignments),
        "resident": resident,
        "household_members": household_members,
    }
    return render(request, "site/home.html", context)
