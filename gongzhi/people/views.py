"""Registry pages: lists within the viewer's scope, their Excel download, and one record's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from gongzhi.core.errors import NotFound
from gongzhi.core.spreadsheet import xlsx_response
from gongzhi.people.badges import badges_for
from gongzhi.people.exports import REGISTRIES, Registry
from gongzhi.people.models import Council, PartyOrg
from gongzhi.people.scope import can_edit, get_in_scope, is_staff_viewer, restrict
from gongzhi.people.services import scope_path_of
from gongzhi.territory.models import Territory

PAGE_SIZE = 50


def _registry_or_404(request, slug: str) -> Registry:
    if slug not in REGISTRIES:
        raise Http404("未找到。")
    if not is_staff_viewer(request.user):
        # Residents see their own household on the home page, never the registries of their area.
        raise PermissionDenied("您的角色不能查看台账。")
    return REGISTRIES[slug]


def _filtered(request, reg: Registry):
    """Return the records the viewer may see, narrowed by ?q= and ?under=, and the chosen node."""
    qs = restrict(reg.queryset(), request.user)
    under = None
    if request.GET.get("under"):
        try:
            under = get_in_scope(Territory.objects.all(), request.user, request.GET["under"])
        except NotFound:
            raise Http404("未找到。")
        qs = qs.within([under.path])
    q = request.GET.get("q", "").strip()
    return reg.filter_text(qs, q), under, q


def _admin_url(obj, name: str) -> str | None:
    try:
        return reverse(
            f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{name}", args=[obj.pk] if obj.pk else []
        )
    except NoReverseMatch:
        return None


@login_required
def registry_index(request):
    if not is_staff_viewer(request.user):
        raise PermissionDenied("您的角色不能查看台账。")
    return render(request, "people/index.html", {"registries": REGISTRIES.values()})


@login_required
def registry_list(request, registry: str):
    reg = _registry_or_404(request, registry)
    qs, under, q = _filtered(request, reg)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    add_url = None
    if request.user.is_staff:
        try:
            add_url = reverse(f"admin:{reg.model._meta.app_label}_{reg.model._meta.model_name}_add")
        except NoReverseMatch:
            add_url = None
    context = {
        "reg": reg,
        "registries": REGISTRIES.values(),
        "page": page,
        "rows": reg.rows_for(request.user, page.object_list),
        "q": q,
        "under": under,
        "query": params.urlencode(),
        "add_url": add_url,
    }
    return render(request, "people/list.html", context)


@login_required
def registry_export(request, registry: str):
    reg = _registry_or_404(request, registry)
    qs, under, _q = _filtered(request, reg)
    rows = reg.rows_for(request.user, qs.iterator(chunk_size=2000))
    name = f"{reg.title}台账" + (f"-{under.name}" if under else "")
    return xlsx_response(
        filename=f"{name.replace('/', '')}.xlsx",
        title=name,
        headers=reg.headers,
        rows=(r["cells"] for r in rows),
    )


@login_required
def registry_detail(request, registry: str, pk: int):
    reg = _registry_or_404(request, registry)
    try:
        obj = get_in_scope(reg.queryset(), request.user, pk)
    except NotFound:
        raise Http404("未找到。")
    row = reg.rows_for(request.user, [obj])[0]
    path = scope_path_of(obj)
    territory = Territory.objects.filter(path=path).first()
    related = _related(request.user, obj)
    context = {
        "reg": reg,
        "obj": obj,
        "fields": list(zip(reg.headers, row["cells"], strict=True)),
        "territory": territory,
        "related": related,
        "badges": badges_for(obj, user=request.user),
        "admin_url": _admin_url(obj, "change")
        if request.user.is_staff and can_edit(request.user, path)
        else None,
    }
    return render(request, "people/detail.html", context)


def _related(user, obj) -> list[dict]:
    """List the records that hang under this one (a council's members, an organisation's members)."""
    if isinstance(obj, Council):
        return [_section("council-members", "议事会成员", user, council=obj)]
    if isinstance(obj, PartyOrg):
        return [
            _section("party-members", "党员", user, party_org=obj),
            _section("party-orgs", "下级组织", user, parent=obj),
        ]
    return []


def _section(slug: str, title: str, user, **filters) -> dict:
    reg = REGISTRIES[slug]
    # Members may belong to a node the viewer cannot see; the same scope rule applies here.
    objs = list(restrict(reg.queryset().filter(**filters), user)[:200])
    return {"reg": reg, "title": title, "rows": reg.rows_for(user, objs)}
