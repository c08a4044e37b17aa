"""Writes of the Open311 interface: issue and revoke API keys, take in a service request."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.demands.models import Category, Channel, Demand
from gongzhi.demands.services import demand_submit
from gongzhi.open311.models import ApiKey, RequestToken
from gongzhi.people.models import User
from gongzhi.territory.models import Territory

KEY_PREFIX = "o311_"
# Without a request id from the client, the same content from the same key within this window
# is taken as a retry of the first submission (see `idempotency_keys`).
CONTENT_WINDOW = dt.timedelta(minutes=10)
MAX_DESCRIPTION = 4000


def _hash(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def apikey_create(*, actor: User | None, name: str) -> tuple[ApiKey, str]:
    """Issue a key to a client app; return it with the raw key, which is shown only this once.

    Each key submits as its own account (no password, no roles), so events name the app
    and a key cannot replay another key's submissions.
    """
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationFailed("请给出 1–100 个字符的密钥名称（使用它的客户端应用）。")
    if ApiKey.objects.filter(name=name).exists():
        raise Conflict(f"名称为「{name}」的密钥已存在，请换一个名称。", code="duplicate_name")
    prefix = secrets.token_hex(4)
    raw = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        user = User(username=f"open311-{prefix}", display_name=f"Open311：{name}"[:50])
        user.set_unusable_password()
        user.save()
        key = ApiKey.objects.create(name=name, prefix=prefix, key_hash=_hash(raw), user=user)
    return key, raw


def apikey_find(*, name_or_id: str) -> ApiKey:
    value = (name_or_id or "").strip()
    key = ApiKey.objects.filter(name=value).first()
    if key is None and value.isdigit():
        key = ApiKey.objects.filter(pk=int(value)).first()
    if key is None:
        raise NotFound(f"找不到密钥「{value}」：请给出名称或编号（gongzhi open311 list-keys 可以查看）。")
    return key


def apikey_revoke(*, actor: User | None, name_or_id: str) -> ApiKey:
    """Revoke a key: from now on it is refused. Revoking twice keeps the first time."""
    key = apikey_find(name_or_id=name_or_id)
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    key.refresh_from_db()
    return key


def apikey_authenticate(*, raw_key: str | None) -> ApiKey:
    """Return the active key for a raw key and note its use; refuse a missing, unknown or revoked one."""
    raw = (raw_key or "").strip()
    if not raw:
        raise PermissionDenied("缺少 api_key：提交诉求需要管理员发放的 API 密钥。", code="api_key_missing")
    key = ApiKey.objects.select_related("user").filter(key_hash=_hash(raw)).first()
    if key is None:
        raise PermissionDenied("api_key 无效。", code="api_key_invalid")
    if key.revoked_at is not None:
        raise PermissionDenied("api_key 已被吊销，请联系管理员重新发放。", code="api_key_revoked")
    now = timezone.now()
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    key.last_used_at = now
    return key


def _digest(*parts) -> str:
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True)
    return "o311-" + hashlib.sha256(text.encode()).hexdigest()[:59]


def idempotency_keys(
    *, api_key: ApiKey, client_request_id: str, content: dict, now: dt.datetime
) -> list[str]:
    """Return the idempotency keys of a submission: the one to create with first, then older ones to look up.

    With a request id from the client (the Idempotency-Key header or the idempotency_key
    field) the key is derived from the API key and that id, and holds forever. Without one,
    it is derived from the API key and the submitted content within a 10-minute window:
    the current window and the one before are both looked up, so a retry is recognised
    for at least 10 and at most 20 minutes after the first submission.
    """
    if client_request_id:
        return [_digest("request", api_key.pk, client_request_id)]
    window = int(now.timestamp() // CONTENT_WINDOW.total_seconds())
    return [_digest("content", api_key.pk, w, content) for w in (window, window - 1)]


@dataclass(frozen=True)
class Submitted:
    demand: Demand
    token: str | None  # set when the demand waits in the triage queue; resolves to its id later
    created: bool


def _float(value: str, name: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValidationFailed(f"{name} 应为数字（WGS-84 十进制度）。")


def _clean(fields: dict[str, str]) -> dict:
    code = fields.get("service_code", "")
    if not code:
        raise ValidationFailed("缺少 service_code（诉求分类代码），可从 services 接口获取。")
    if not Category.objects.filter(code=code, active=True).exists():
        raise ValidationFailed(f"未知的 service_code「{code}」。")
    lat, lng = fields.get("lat", ""), fields.get("long", "")
    if bool(lat) != bool(lng):
        raise ValidationFailed("lat 和 long 要同时填写。")
    address, address_id = fields.get("address_string", ""), fields.get("address_id", "")
    if not (lat or address or address_id):
        raise ValidationFailed("请提供位置：lat 和 long（WGS-84），或 address_string，或 address_id。")
    territory_id = None
    if address_id:
        if not address_id.isdigit() or not Territory.objects.filter(pk=int(address_id)).exists():
            raise ValidationFailed(f"未知的 address_id「{address_id}」。")
        territory_id = int(address_id)
    description = fields.get("description", "")
    if not description:
        raise ValidationFailed("请填写 description（诉求内容）。")
    if len(description) > MAX_DESCRIPTION:
        raise ValidationFailed(f"description 不能超过 {MAX_DESCRIPTION} 个字符。")
    return {
        "category_code": code,
        "lat": _float(lat, "lat") if lat else None,
        "lng": _float(lng, "long") if lng else None,
        "address": address,
        "territory_id": territory_id,
        "text": description,
        # Chinese order: family name first.
        "contact_name": f"{fields.get('last_name', '')}{fields.get('first_name', '')}",
        "contact_phone": fields.get("phone", ""),
    }


def request_submit(
    *,
    api_key: ApiKey,
    fields: dict[str, str],
    attributes: dict[str, str],
    client_request_id: str = "",
    now: dt.datetime | None = None,
) -> Submitted:
    """Take in an Open311 service request as a self-reported demand; a retry returns the first one.

    `fields` are the spec's POST fields (lat/long in WGS-84, converted to the stored GCJ-02
    by the intake); `attributes` the service definition's attributes (attribute[title]).
    A demand that cannot be located at once is answered with a token instead of its id.
    """
    fields = {k: (v or "").strip() for k, v in fields.items() if k != "api_key"}
    attributes = {k: (v or "").strip() for k, v in attributes.items()}
    cleaned = _clean(fields)
    keys = idempotency_keys(
        api_key=api_key,
        client_request_id=(client_request_id or "").strip(),
        content={**fields, "attribute": attributes},
        now=now or timezone.now(),
    )
    earlier = (
        Demand.objects.filter(idempotency_key__in=keys[1:], submitted_by=api_key.user).first()
        if len(keys) > 1
        else None
    )
    if earlier is not None:
        demand, created = earlier, False
    else:
        demand, created = demand_submit(
            actor=api_key.user,
            idempotency_key=keys[0],
            channel=Channel.SELF_REPORT,
            title=attributes.get("title", ""),
            coord_system="wgs84",
            **cleaned,
        )
    token = None
    if demand.territory_id is None:
        token = RequestToken.objects.get_or_create(
            demand=demand, defaults={"token": uuid.uuid4().hex, "api_key": api_key}
        )[0].token
    return Submitted(demand=demand, token=token, created=created)
