"""Writes to the registries: every one checks scope, validates, records who changed what."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Model, ProtectedError

from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.people.models import RoleAssignment, User
from gongzhi.people.provenance import stamp
from gongzhi.people.scope import can_edit, in_scope
from gongzhi.territory.models import Territory


def scope_path_of(instance: Model) -> str | None:
    """Return the territory path a scoped record belongs to (None when it has none yet)."""
    if isinstance(instance, Territory):
        return instance.path or None
    node = instance
    for part in type(instance).scope_field.split("__"):
        node = getattr(node, part, None)
        if node is None:
            return None
    return node.path


def _check_editable(actor, instance: Model) -> str:
    path = scope_path_of(instance)
    if path is None:
        raise ValidationFailed("请选择所属辖区。")
    if not in_scope(actor, path):
        # Out of scope looks the same as not there.
        raise NotFound()
    if not can_edit(actor, path):
        raise PermissionDenied("您的角色只能查看，不能修改此台账。")
    return path


def registry_save(*, actor: User, instance: Model, previous_path: str | None = None) -> Model:
    """Validate and save a registry record the actor may change, keeping its history and its source."""
    if previous_path is not None and not in_scope(actor, previous_path):
        raise NotFound()
    path = _check_editable(actor, instance)
    stamp(instance, actor=actor, path=path)
    from django.core.exceptions import ValidationError

    try:
        instance.full_clean()
    except ValidationError as exc:
        first = next(iter(exc.message_dict.items()))
        field = instance._meta.get_field(first[0]).verbose_name if first[0] != "__all__" else ""
        raise ValidationFailed(
            f"{field}：{first[1][0]}" if field else first[1][0], extra={"errors": exc.message_dict}
        )
    instance._history_user = actor
    with transaction.atomic():
        instance.save()
    return instance


def registry_delete(*, actor: User, instance: Model) -> None:
    """Delete a record the actor may change; refuse while other records still point to it.

    The deletion's history row names the unit that deleted it, so the change feed can tell.
    """
    path = _check_editable(actor, instance)
    stamp(instance, actor=actor, path=path)
    instance._history_user = actor
    try:
        with transaction.atomic():
            instance.delete()
    except ProtectedError:
        raise Conflict("还有其他记录引用它，请先处理那些记录再删除。")


def role_grant(*, actor: User | None, user: User, role: str, territory: Territory) -> RoleAssignment:
    """Bind a role over a territory subtree to a user; granting twice changes nothing."""
    if actor is not None and not actor.is_superuser:
        if not in_scope(actor, territory.path):
            raise NotFound()
    assignment, _ = RoleAssignment.objects.get_or_create(user=user, role=role, territory=territory)
    return assignment
