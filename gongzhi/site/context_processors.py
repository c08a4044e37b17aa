"""What every page's navigation needs: the viewer's roles and which menus they may open."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from gongzhi.people.scope import is_staff_viewer


def _roles(user) -> list[str]:
    if not getattr(user, "is_authenticated", False):
        return []
    rows = user.roles.select_related("territory").order_by("territory__path", "role")
    labels = [f"{r.get_role_display()} · {r.territory.name}" for r in rows]
    return (["超级管理员"] if user.is_superuser else []) + labels


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    return {
        "nav_roles": SimpleLazyObject(lambda: _roles(user)),
        "nav_registries": SimpleLazyObject(
            lambda: bool(getattr(user, "is_authenticated", False) and is_staff_viewer(user))
        ),
    }
