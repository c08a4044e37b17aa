"""The territory browser: from a user's scope root down to buildings and households."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from gongzhi.core.errors import NotFound
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.core.validators import mask_address
from gongzhi.people.figures import coverage_figures, level_figures
from gongzhi.people.models import Council, PartyOrg, Resident
from gongzhi.people.nodes import breadcrumb
from gongzhi.people.scope import get_in_scope, is_resident_only, needs_personal_data, restrict, scope_of
from gongzhi.people.selectors import coverage
from gongzhi.territory.levels import ORDER, Level
from gongzhi.territory.models import Territory
from gongzhi.territory.rollups import per_child
from gongzhi.territory.selectors import (
    territory_children_with_counts,
    territory_level_counts,
)
from gongzhi.territory.svgmap import territory_svg

SEARCH_LIMIT = 50
NO_COVERAGE = {Level.BUILDING, Level.HOUSEHOLD}


def viewer_roots(user) -> list[str] | None:
    """Return the root paths of the subtrees the user browses; None means the whole tree."""
    if is_resident_only(user):
        return []
    return scope_of(user)


def node_or_404(user, pk) -> Territory:
    try:
        return get_in_scope(Territory.objects.all(), user, pk)
    except NotFound:
        raise Http404("未找到。")


def _residents_per_child(node: Territory) -> dict[str, int]:
    """Count the residents under each child of `node`, in one grouped query."""
    return {p: r["n"] for p, r in per_child(Resident.objects.all(), node, "household", n=Count("id")).items()}


def children_table(node: Territory, *, full_address: bool) -> dict:
    """Build the children table: one row per child with the count of each level under it."""
    rows = territory_children_with_counts(node=node)
    residents = _residents_per_child(node)
    present = {lv for r in rows for lv in r["counts"]}
    columns = [lv for lv in ORDER if lv in present and lv != Level.HOUSEHOLD]
    show_households = Level.HOUSEHOLD in present or any(r["node"].level == Level.HOUSEHOLD for r in rows)
    has_address = any(r["node"].address for r in rows)
    out = []
    for r in rows:
        child = r["node"]
        address = child.address if full_address else mask_address(child.address)
        out.append(
            {
                "node": child,
                "counts": [r["counts"].get(lv, 0) for lv in columns],
                "households": r["counts"].get(Level.HOUSEHOLD, 0),
                "residents": residents.get(child.path, 0),
                "address": address,
            }
        )
    return {
        "columns": [str(Level(lv).label) for lv in columns],
        "rows": out,
        "show_households": show_households,
        "has_address": has_address,
    }


@login_required
def territory_index(request):
    roots = viewer_roots(request.user)
    qs = Territory.objects.filter(depth=1) if roots is None else Territory.objects.filter(path__in=roots)
    nodes = list(qs.order_by("path"))
    if len(nodes) == 1:
        return redirect("territory:detail", pk=nodes[0].pk)
    return render(request, "territory/index.html", {"nodes": nodes})


@login_required
def territory_detail(request, pk: int):
    user = request.user
    node = node_or_404(user, pk)
    full = needs_personal_data(user, node.path)
    table = children_table(node, full_address=full)
    children = [r["node"] for r in table["rows"]]
    context = {
        "node": node,
        "ancestors": breadcrumb(user=user, node=node),
        "level_figures": level_figures(territory_level_counts(node=node), below=node.level),
        # Coverage counts branches and councils on grids and compounds: meaningless below them.
        "coverage_figures": [] if node.level in NO_COVERAGE else coverage_figures(coverage(node=node)),
        "table": table,
        "address": node.address if full else mask_address(node.address),
        "map": territory_svg(
            node=node, children=children, url_for=lambda c: reverse("territory:detail", args=[c.pk])
        ),
        "party_orgs": list(PartyOrg.objects.filter(territory=node).order_by("name")),
        "councils": list(Council.objects.filter(territory=node).order_by("name")),
        "residents": _household_residents(node, full) if node.level == Level.HOUSEHOLD else None,
    }
    return render(request, "territory/detail.html", context)


def _household_residents(node: Territory, full: bool) -> list[dict]:
    from gongzhi.people.exports import REGISTRIES

    spec = REGISTRIES["residents"]
    return [
        spec.row(r, full=full) for r in Resident.objects.filter(household=node).order_by("-is_head", "name")
    ]


@login_required
def territory_children_export(request, pk: int):
    node = node_or_404(request.user, pk)
    full = needs_personal_data(request.user, node.path)
    table = children_table(node, full_address=full)
    headers = ["名称", "层级", "区划代码", *table["columns"], "户", "居民"]
    if table["has_address"]:
        headers.append("地址")
    rows = []
    for r in table["rows"]:
        c = r["node"]
        row = [
            c.name,
            c.get_level_display(),
            c.division_code or "",
            *r["counts"],
            r["households"],
            r["residents"],
        ]
        if table["has_address"]:
            row.append(r["address"])
        rows.append(row)
    return xlsx_response(
        filename=f"{node.name}-下级辖区.xlsx", title=f"{node.name}下级辖区", headers=headers, rows=rows
    )


@login_required
def territory_search(request):
    q = request.GET.get("q", "").strip()
    results: list[dict] = []
    if q:
        nodes = list(
            restrict(Territory.objects.all(), request.user)
            .filter(name__icontains=q)
            .exclude(level=Level.HOUSEHOLD)
            .order_by("depth", "path")[:SEARCH_LIMIT]
        )
        parents = dict(
            Territory.objects.filter(path__in={n.parent_path for n in nodes if n.depth > 1}).values_list(
                "path", "name"
            )
        )
        results = [{"node": n, "parent": parents.get(n.parent_path, "")} for n in nodes]
    template = "territory/partials/search_results.html" if request.htmx else "territory/search.html"
    return render(request, template, {"q": q, "results": results, "limit": SEARCH_LIMIT})
