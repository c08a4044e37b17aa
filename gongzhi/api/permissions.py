"""Adapt the scope rules of gongzhi.people.scope to DRF permission classes."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from gongzhi.people.roles import EDITOR_ROLES
from gongzhi.people.scope import can_edit, roles_of


def edits_somewhere(user) -> bool:
    """Tell whether the user may change registry records anywhere at all."""
    return getattr(user, "is_superuser", False) or bool(roles_of(user) & EDITOR_ROLES)


class ScopedWritePermission(BasePermission):
    """Let only editors write; reads are narrowed to the user's subtrees by the queryset.

    The object check runs after the access-checked fetch, so a record out of scope
    answers 404 before this can answer 403.
    """

    message = "您的角色只能查看，不能修改此台账。"

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or getattr(view, "detail", False):
            return True
        return edits_somewhere(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return can_edit(request.user, view.scope_path(obj) or "")
