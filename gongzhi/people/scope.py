"""What part of the territory tree a user may see and change.

Every page, API endpoint, admin list, export and search narrows its rows with
`scope_of(user)`; one fetcher answers "not found" both for a missing object and
for an object out of scope, so the two cannot be told apart.
"""

from __future__ import annotations

from django.db.models import Model, QuerySet

from gongzhi.core.errors import NotFound
from gongzhi.people.roles import EDITOR_ROLES, PERSONAL_DATA_ROLES, Role


def _collapse(paths: list[str]) -> list[str]:
    """Drop paths that lie inside another path of the list."""
    out: list[str] = []
    for p in sorted(set(paths)):
        if not out or not p.startswith(out[-1]):
            out.append(p)
    return out


def _assignments(user) -> list[tuple[str, str]]:
    cache = getattr(user, "_gongzhi_roles", None)
    if cache is None:
        if not getattr(user, "is_authenticated", False):
            cache = []
        else:
            cache = list(user.roles.values_list("role", "territory__path"))
        user._gongzhi_roles = cache
    return cache


def scope_of(user, *, roles: set[str] | None = None) -> list[str] | None:
    """Return the root paths of the subtrees `user` may see; None means everything."""
    if getattr(user, "is_superuser", False):
        return None
    return _collapse([p for r, p in _assignments(user) if roles is None or r in roles])


def in_scope(user, path: str) -> bool:
    """Tell whether the node at `path` lies inside the user's subtrees."""
    scope = scope_of(user)
    return scope is None or any(path.startswith(p) for p in scope)


def roles_of(user) -> set[str]:
    return {r for r, _ in _assignments(user)}


def roles_at(user, path: str) -> set[str]:
    """Return the roles `user` holds over the node at `path` (held at it or at an ancestor)."""
    if getattr(user, "is_superuser", False):
        return set(Role.values)
    return {r for r, p in _assignments(user) if path.startswith(p)}


def can_edit(user, path: str) -> bool:
    return bool(roles_at(user, path) & EDITOR_ROLES)


def is_staff_viewer(user) -> bool:
    """Tell whether the user holds any role beyond resident (residents see only their own records)."""
    return getattr(user, "is_superuser", False) or bool(roles_of(user) - {Role.RESIDENT})


def needs_personal_data(user, path: str | None = None) -> bool:
    """Tell whether the viewer's work needs ID numbers, phones and addresses in full."""
    if getattr(user, "is_superuser", False):
        return True
    held = roles_at(user, path) if path is not None else roles_of(user)
    return bool(held & PERSONAL_DATA_ROLES)


def restrict(qs: QuerySet, user) -> QuerySet:
    """Narrow a queryset of scoped rows (or territory nodes) to the user's subtrees."""
    if is_resident_only(user):
        return qs.none()
    paths = scope_of(user)
    return qs if paths is None else qs.within(paths)


def is_resident_only(user) -> bool:
    return not getattr(user, "is_superuser", False) and roles_of(user) <= {Role.RESIDENT}


def get_in_scope(qs: QuerySet, user, pk) -> Model:
    """Fetch one row the user may see, or raise NotFound exactly as for a missing row."""
    try:
        return restrict(qs, user).get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise NotFound()
