"""Writes to the territory tree."""

from __future__ import annotations

from django.db import transaction

from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.people.scope import can_edit, in_scope, scope_of
from gongzhi.territory.levels import fits_under, label
from gongzhi.territory.models import Territory


def territory_move(*, actor, node_id: int, new_parent_id: int) -> Territory:
    """Move a node and its whole subtree under another parent."""
    with transaction.atomic():
        try:
            node = Territory.objects.select_for_update().get(pk=node_id)
            parent = Territory.objects.get(pk=new_parent_id)
        except Territory.DoesNotExist:
            raise NotFound()
        if not (in_scope(actor, node.path) and in_scope(actor, parent.path)):
            raise NotFound()
        if not (can_edit(actor, node.path) and can_edit(actor, parent.path)):
            raise PermissionDenied("您的角色不能调整区划。")
        if parent.path.startswith(node.path):
            raise Conflict("不能把单元移动到它自己的下级之下。")
        if not fits_under(node.level, parent.level):
            raise ValidationFailed(f"{label(node.level)}不能放在{label(parent.level)}之下。")
        node.move(parent, "last-child")
        node = Territory.objects.get(pk=node_id)
        node._history_user = actor
        node._change_reason = f"移动到 {parent.name}"
        node.save(update_fields=["updated_at"])
    return node


def territory_add(*, actor, parent_id: int | None, **fields) -> Territory:
    """Add a child node under a parent the actor may change."""
    with transaction.atomic():
        if parent_id is None:
            if scope_of(actor) is not None:
                raise PermissionDenied("只有系统管理员可以新建顶级区划。")
            parent = None
        else:
            try:
                parent = Territory.objects.select_for_update().get(pk=parent_id)
            except Territory.DoesNotExist:
                raise NotFound()
            if not in_scope(actor, parent.path):
                raise NotFound()
            if not can_edit(actor, parent.path):
                raise PermissionDenied("您的角色不能新建区划。")
        level = fields.get("level")
        if not fits_under(level, parent.level if parent else None):
            raise ValidationFailed(f"{label(level)}不能放在{label(parent.level if parent else None)}之下。")
        if not (fields.get("name") or "").strip():
            raise ValidationFailed("名称不能为空。")
        node = Territory(**fields)
        node._history_user = actor
        node = parent.add_child(instance=node) if parent else Territory.add_root(instance=node)
    return node
