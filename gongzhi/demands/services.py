"""Writes to demands: intake, and one function that applies every workflow action."""

from __future__ import annotations

from functools import partial

from django.db import IntegrityError, transaction

from gongzhi.core import workflow as engine
from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.validators import phone_problem
from gongzhi.demands import escalation, households, rollup, routing, workflow
from gongzhi.demands.effects import EFFECTS
from gongzhi.demands.models import Category, CategorySource, Channel, Demand, DemandEvent
from gongzhi.demands.selectors import demand_visible, handler_is_member
from gongzhi.people.models import User
from gongzhi.people.roles import Role
from gongzhi.people.scope import roles_at, roles_of
from gongzhi.territory.geo import wgs84_to_gcj02
from gongzhi.territory.models import Territory

COORD_SYSTEMS = ("gcj02", "wgs84")
# A generous box around China; a point outside is a swapped or zeroed coordinate.
LNG_RANGE, LAT_RANGE = (73.0, 136.0), (3.0, 54.0)


def _replay(*, actor: User, key: str) -> Demand | None:
    demand = Demand.objects.filter(idempotency_key=key).first()
    if demand is not None and demand.submitted_by_id != actor.pk:
        # Never hand someone else's demand back to a client that reused a key.
        raise Conflict("此幂等键已被另一次提交使用，请换一个新的键。", code="idempotency_key_reused")
    return demand


def _check_channel(actor: User, channel: str) -> None:
    if channel not in Channel.values:
        raise ValidationFailed(f"未知的渠道「{channel}」。")
    allowed = workflow.CHANNEL_ROLES[channel]
    if allowed is not None and not actor.is_superuser and not roles_of(actor) & allowed:
        raise PermissionDenied(f"您的角色不能通过「{Channel(channel).label}」渠道录入诉求。")


def _point(lng, lat, coord_system: str) -> tuple[float | None, float | None]:
    if lng is None and lat is None:
        return None, None
    if lng is None or lat is None:
        raise ValidationFailed("经度和纬度要同时填写。")
    if coord_system not in COORD_SYSTEMS:
        raise ValidationFailed("坐标系只能是 gcj02 或 wgs84。")
    lng, lat = float(lng), float(lat)
    if not (LNG_RANGE[0] <= lng <= LNG_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]):
        raise ValidationFailed("坐标不在中国境内，请检查经纬度是否填反。")
    return wgs84_to_gcj02(lng, lat) if coord_system == "wgs84" else (lng, lat)


def _territory(territory_id) -> Territory:
    # Anyone may report a problem anywhere: the place is where it is, not where the reporter works.
    try:
        return Territory.objects.get(pk=int(territory_id))
    except (Territory.DoesNotExist, ValueError, TypeError):
        raise NotFound("辖区未找到。")


def demand_submit(
    *,
    actor: User,
    idempotency_key: str,
    channel: str,
    text: str,
    title: str = "",
    category_code: str | None = None,
    territory_id: int | None = None,
    address: str = "",
    lng: float | None = None,
    lat: float | None = None,
    coord_system: str = "gcj02",
    contact_name: str = "",
    contact_phone: str = "",
    event_extra: dict | None = None,
) -> tuple[Demand, bool]:
    """Take in a demand; return it and whether it is new.

    A retried submission with the same idempotency key returns the first demand, also when
    the retries race: the unique key lets one insert win, the loser re-reads the winner.
    `event_extra` adds facts to the submit event (a hotline order's number and call time).
    """
    key = (idempotency_key or "").strip()
    if not key or len(key) > 64:
        raise ValidationFailed("请提供 1–64 个字符的幂等键（Idempotency-Key），重试时沿用同一个键。")
    existing = _replay(actor=actor, key=key)
    if existing is not None:
        return existing, False
    _check_channel(actor, channel)
    text = (text or "").strip()
    if not text:
        raise ValidationFailed("请填写诉求内容。")
    if contact_phone and phone_problem(contact_phone):
        raise ValidationFailed(phone_problem(contact_phone))
    lng, lat = _point(lng, lat, coord_system)
    category = None
    if category_code:
        category = Category.objects.filter(code=category_code, active=True).first()
        if category is None:
            raise ValidationFailed(f"未知的诉求分类「{category_code}」。")
    territory = _territory(territory_id) if territory_id else None
    if territory is None and lng is not None:
        territory = routing.locate_point(lng=lng, lat=lat)
    if territory is None and address:
        territory = routing.locate_address(address=address)
    # Without a category the classifier suggests one; below its threshold a person decides (triage).
    source, guess = (CategorySource.REPORTER, None) if category else (CategorySource.UNKNOWN, None)
    if category is None:
        guess = routing.suggest(text=f"{title} {text}")
        if guess.confident:
            category = guess.category
            source = CategorySource.KEYWORDS if guess.source == "keywords" else CategorySource.MODEL
    try:
        with transaction.atomic():
            demand = Demand.objects.create(
                territory=territory,
                category=category,
                category_source=source,
                suggested_category=guess.category if guess else None,
                suggestion_confidence=guess.confidence if guess else None,
                suggestion_source=guess.source if guess else "",
                channel=channel,
                title=(title or "").strip()[:100],
                text=text,
                address=(address or "").strip()[:200],
                lng=lng,
                lat=lat,
                contact_name=(contact_name or "").strip()[:50],
                contact_phone=(contact_phone or "").strip(),
                reporter=actor if channel == Channel.SELF_REPORT else None,
                submitted_by=actor,
                idempotency_key=key,
            )
            event = DemandEvent.objects.create(
                demand=demand,
                actor=actor,
                action="submit",
                to_state=demand.state,
                extra={
                    **(event_extra or {}),
                    "channel": channel,
                    "located": territory is not None,
                    **({"suggestion": _suggestion_fact(guess)} if guess else {}),
                },
            )
            rollup.rollup_submitted(demand=demand, event=event)
            # Every channel comes through here, so whoever keeps a household's status hears of them all.
            households.recorded(actor=actor, demand=demand)
    except IntegrityError:
        existing = _replay(actor=actor, key=key)
        if existing is None:
            raise
        return existing, False
    return demand, True


def _suggestion_fact(guess: routing.CategoryGuess) -> dict:
    code = guess.category.code if guess.category else None
    return {"category": code, "confidence": guess.confidence, "source": guess.source, "used": guess.confident}


def demand_roles(*, actor: User, demand: Demand) -> set[str]:
    """Return the roles `actor` holds over this demand.

    Roles bound at its territory or above count; the reporter counts as a resident;
    a member of its handler counts as a department handler, wherever they sit.
    """
    if actor.is_superuser:
        return set(Role.values)
    if demand.territory_id:
        roles = roles_at(actor, demand.territory.path)
    else:
        roles = roles_of(actor) & {Role.CITY_ADMIN}
    if demand.reporter_id == actor.pk:
        roles.add(Role.RESIDENT)
    if handler_is_member(actor=actor, handler_id=demand.handler_id):
        roles.add(Role.DEPARTMENT_HANDLER)
    return roles


def _lock(*, actor: User, ids: list[int]) -> dict[int, Demand]:
    """Lock the demands the actor may see, always in key order so two merges cannot deadlock."""
    rows = (
        demand_visible(actor=actor)
        .select_for_update(of=("self",))
        .select_related("territory", "handler")
        .filter(pk__in=sorted(set(ids)))
        .order_by("pk")
    )
    return {d.pk: d for d in rows}


def _check_inputs(t: workflow.Transition, *, note: str, extra: dict) -> None:
    for name in t.requires:
        value = note if name == "note" else extra.get(name)
        if name == "result":
            value = extra.get("result") or note
        if value in (None, ""):
            raise ValidationFailed(REQUIRED_MESSAGES.get(name, f"缺少 {name}。"))


REQUIRED_MESSAGES = {
    "note": "请填写说明（理由）。",
    "result": "请填写办理结果。",
    "satisfaction": "请选择满意度：满意、基本满意或不满意。",
    "territory_id": "请选择诉求所在的辖区。",
    "into_id": "请指定要合并到的诉求。",
    "category": "请选择诉求分类。",
}


def _handler_side(t: workflow.Transition, *, actor: User, demand: Demand) -> None:
    if t.handler_side and demand.handler_id and not actor.is_superuser:
        has_members = demand.handler.members.exists()
        if has_members and not handler_is_member(actor=actor, handler_id=demand.handler_id):
            raise PermissionDenied(f"只有承办单位「{demand.handler.name}」的成员可以{t.label}。")


def _effects(
    t: workflow.Transition, *, actor: User, demand: Demand, action: str, note: str, extra: dict, locked: dict
) -> tuple[set[str], dict]:
    """Refuse what the table cannot see (inputs, the handler's side), then apply the action's effects."""
    _check_inputs(t, note=note, extra=extra)
    _handler_side(t, actor=actor, demand=demand)
    return EFFECTS[action](actor=actor, demand=demand, note=note, extra=extra, locked=locked)


def demand_transition(*, actor: User, demand_id: int, action: str, note: str = "", **extra) -> Demand:
    """Apply one workflow action: scope-checked, row-locked, checked against the table, recorded."""
    action = (action or "").replace("-", "_")
    note = (note or "").strip()
    try:
        ids = [int(demand_id)]
        if action == "merge" and extra.get("into_id") not in (None, ""):
            ids.append(int(extra["into_id"]))
    except (TypeError, ValueError):
        raise NotFound("诉求未找到。")
    with transaction.atomic():
        locked = _lock(actor=actor, ids=ids)
        demand = locked.get(ids[0])
        if demand is None:
            raise NotFound("诉求未找到。")
        engine.apply(
            demand,
            workflow.TRANSITIONS,
            action,
            actor=actor,
            roles=demand_roles(actor=actor, demand=demand),
            record=DemandEvent,
            note=note,
            effects=partial(
                _effects, actor=actor, demand=demand, action=action, note=note, extra=extra, locked=locked
            ),
        )
        rollup.rollup_demand(demand=demand)
        if action == "escalate":
            escalation.hand_over(actor=actor, demand=demand, target=demand.escalation)
    return demand
