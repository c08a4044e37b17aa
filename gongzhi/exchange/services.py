"""Writes of the data exchange: issue a department key, revoke it, accept it on a request."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.exchange.models import DepartmentKey
from gongzhi.people.models import User

KEY_PREFIX = "gzx_"
# Note a key's use at most this often: every request would otherwise write a row.
USE_NOTE_INTERVAL = dt.timedelta(minutes=1)


def _hash(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def department_key_check(*, department: str, username: str) -> tuple[str, User]:
    """Check what a new key needs, without writing: a department name and an active account with a role."""
    department = (department or "").strip()
    if not department or len(department) > 100:
        raise ValidationFailed("请给出 1–100 个字符的部门名称，如「民政局」。")
    user = User.objects.filter(username=(username or "").strip()).first()
    if user is None:
        raise NotFound(f"找不到账号「{username}」：请先创建服务账号（gongzhi user create）。")
    if not user.is_active:
        raise ValidationFailed(f"账号「{user.username}」已停用，不能用于密钥。")
    if not user.is_superuser and not user.roles.exists():
        # A key for an account without a role would read nothing and write nothing.
        raise ValidationFailed(
            f"账号「{user.username}」还没有任何角色：请先授予角色和辖区（gongzhi user grant），"
            "密钥以它的角色和辖区读写。"
        )
    return department, user


def department_key_create(*, actor: User | None, department: str, username: str) -> tuple[DepartmentKey, str]:
    """Issue a key for a department acting as an existing account; return it with the raw key, shown once."""
    department, user = department_key_check(department=department, username=username)
    prefix = secrets.token_hex(4)
    raw = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        key = DepartmentKey(
            department=department, user=user, prefix=prefix, key_hash=_hash(raw), created_by=actor
        )
        key._history_user = actor
        key.save()
    return key, raw


def department_key_find(*, prefix: str) -> DepartmentKey:
    """Find a key by its prefix, typed with or without the leading "gzx_"."""
    value = (prefix or "").strip().removeprefix(KEY_PREFIX).split("_")[0]
    key = DepartmentKey.objects.filter(prefix=value).first() if value else None
    if key is None:
        raise NotFound(f"找不到前缀为「{prefix}」的密钥（gongzhi exchange key list 可以查看）。")
    return key


def department_key_revoke(*, actor: User | None, prefix: str) -> DepartmentKey:
    """Revoke a key: from now on every request with it is refused. Revoking twice keeps the first time."""
    with transaction.atomic():
        key = DepartmentKey.objects.select_for_update().get(pk=department_key_find(prefix=prefix).pk)
        if key.active:
            key.active = False
            key.revoked_at = timezone.now()
            key._history_user = actor
            key.save(update_fields=["active", "revoked_at"])
    return key


def department_key_authenticate(*, raw_key: str | None) -> DepartmentKey:
    """Return the active key for a raw key and note its use; refuse an unknown or revoked one."""
    raw = (raw_key or "").strip()
    key = DepartmentKey.objects.select_related("user").filter(key_hash=_hash(raw)).first() if raw else None
    if key is None:
        raise PermissionDenied("部门密钥无效。", code="department_key_invalid")
    if not key.active:
        raise PermissionDenied("部门密钥已吊销。", code="department_key_revoked")
    if not key.user.is_active:
        raise PermissionDenied("部门密钥的服务账号已停用。", code="department_key_user_inactive")
    now = timezone.now()
    DepartmentKey.objects.filter(pk=key.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - USE_NOTE_INTERVAL)
    ).update(last_used_at=now)
    return key
