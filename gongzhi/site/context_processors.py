"""What every page's navigation needs: the viewer's roles and the menu they may open."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from gongzhi.people.scope import is_staff_viewer
from gongzhi.site.menu import menu_items


def _roles(user) -> list[str]:
    if not getattr(user, "is_authenticated", False):
        return []
    rows = user.roles.select_related("territory").order_by("territory__path", "role")
    labels = [f"{r.get_role_display()} · {r.territory.name}" for r in rows]
    return (["超级管理员"] if user.is_superuser else []) + labels


def navigation(request) -> dict:
    """Give every page the viewer's roles and menu, computed only when the page shows them."""
    user = getattr(request, "user", None)
    registries = SimpleLazyObject(
        lambda: bool(getattr(user, "is_authenticated", False) and is_staff_viewer(user))
    )
    return {
        "nav_roles": SimpleLazyObject(lambda: _roles(user)),
        "nav_registries": registries,
        "nav_menu": SimpleLazyObject(
            lambda: menu_items(
                user=user, match=getattr(request, "resolver_match", None), registries=bool(registries)
            )
        ),
        "nav_home": reverse("home"),
        "nav_inbox": reverse("notifications:inbox"),
    }
