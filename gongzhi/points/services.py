"""Writes of the points ledger: awards and deductions by rule, reversals, redemptions, red and black lists.

Every write locks the holder's account row first (select_for_update), then the shop item:
always in that order, so two writers never wait on each other crosswise. A redemption
reads the balance (the sum of the ledger) only after it holds the account lock, so two
redemptions at once cannot both spend the same points; nor can two buyers of the last
item both get it, since the item row is locked before its stock is checked.
On SQLite every transaction begins IMMEDIATE, which serialises writers the same way.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.people.models import User
from gongzhi.people.scope import can_edit
from gongzhi.points.models import EntryKind, Holder, PointAccount, PointEntry, PointRule, Redemption, ShopItem
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory
from gongzhi.territory.resources import in_scope
from gongzhi.volunteering.models import Activity, SignUp, Volunteer
from gongzhi.volunteering.workflow import ActivityState, SignUpState

VOLUNTEER_HOURS_RULE = "volunteer_hours"


def _check_keeper(actor: User | None, path: str) -> None:
    """Let only an editor over the account's node write its points (None: the system itself)."""
    if actor is None:
        return
    if not in_scope(actor, path):
        raise NotFound()
    if not can_edit(actor, path):
        raise PermissionDenied("您的角色只能查看，不能记积分。")


def account_for(*, household: Territory | None = None, volunteer: Volunteer | None = None) -> PointAccount:
    """Return the account of a household or a volunteer, opening it on first use."""
    if household is not None:
        if household.level != Level.HOUSEHOLD:
            raise ValidationFailed("积分户必须是「户」一级的单元。")
        lookup, defaults = {"household": household}, {"holder": Holder.HOUSEHOLD, "territory": household}
    elif volunteer is not None:
        lookup = {"volunteer": volunteer}
        defaults = {"holder": Holder.VOLUNTEER, "territory_id": volunteer.territory_id}
    else:
        raise ValidationFailed("请选择积分户或志愿者。")
    account = PointAccount.objects.filter(**lookup).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            return PointAccount.objects.create(**lookup, **defaults)
    except IntegrityError:  # opened by a concurrent writer a moment ago
        return PointAccount.objects.get(**lookup)


def _lock_account(account_id) -> PointAccount:
    try:
        return (
            PointAccount.objects.select_for_update(of=("self",))
            .select_related("territory")
            .get(pk=account_id)
        )
    except (PointAccount.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def account_balance(*, account: PointAccount, before: dt.date | None = None) -> int:
    """Sum the account's ledger (entries before a day, if given)."""
    qs = PointEntry.objects.order_by().filter(account=account)
    if before is not None:
        qs = qs.filter(occurred_on__lt=before)
    return qs.aggregate(s=Sum("points"))["s"] or 0


def rule_for(*, code: str, path: str, holder: str) -> PointRule | None:
    """Find the active rule with `code` on the deepest node at or above `path`."""
    ancestors = [path[:i] for i in range(Territory.steplen, len(path) + 1, Territory.steplen)]
    return (
        PointRule.objects.filter(code=code, holder=holder, active=True, territory__path__in=ancestors)
        .order_by("-territory__depth")
        .first()
    )


def points_apply_rule(
    *,
    actor: User | None,
    account_id: int,
    rule_code: str,
    quantity: Decimal | int = 1,
    reason: str = "",
    occurred_on: dt.date | None = None,
    source: str = "",
) -> PointEntry:
    """Award or deduct by a rule; `quantity` is the hours for a per-hour rule. A repeated source is refused."""
    with transaction.atomic():
        account = _lock_account(account_id)
        _check_keeper(actor, account.territory.path)
        rule = rule_for(code=rule_code, path=account.territory.path, holder=account.holder)
        if rule is None:
            raise ValidationFailed(f"没有适用于此{Holder(account.holder).label}的积分规则「{rule_code}」。")
        amount = rule.points
        if rule.per_hour:
            amount = int((Decimal(rule.points) * Decimal(quantity)).quantize(Decimal(1), ROUND_HALF_UP))
        if amount == 0:
            raise ValidationFailed("按服务时长计算的分值为 0，未记分。")
        if source and PointEntry.objects.filter(account=account, source=source).exists():
            raise Conflict("这件事已经记过积分了。", code="duplicate")
        return PointEntry.objects.create(
            account=account,
            points=amount,
            kind=EntryKind.AWARD if amount > 0 else EntryKind.DEDUCT,
            rule=rule,
            reason=(reason or rule.name)[:200],
            occurred_on=occurred_on or timezone.localdate(),
            source=source,
            actor=actor,
        )


def points_reverse(*, actor: User, entry_id: int, reason: str) -> PointEntry:
    """Cancel an award or deduction with an opposite entry; the original stays in the ledger."""
    if not reason.strip():
        raise ValidationFailed("请写明冲正原因。")
    account_id = PointEntry.objects.filter(pk=entry_id).values_list("account_id", flat=True).first()
    if account_id is None:
        raise NotFound()
    with transaction.atomic():
        account = _lock_account(account_id)
        _check_keeper(actor, account.territory.path)
        entry = PointEntry.objects.get(pk=entry_id)
        if entry.kind not in (EntryKind.AWARD, EntryKind.DEDUCT):
            raise Conflict("兑换和冲正不能再冲正。", code="illegal_transition")
        source = f"reverse:{entry.pk}"
        if PointEntry.objects.filter(account=account, source=source).exists():
            raise Conflict("这笔积分已经冲正过了。", code="duplicate")
        return PointEntry.objects.create(
            account=account,
            points=-entry.points,
            kind=EntryKind.REVERSAL,
            rule=entry.rule,
            reason=f"冲正：{reason}"[:200],
            occurred_on=timezone.localdate(),
            source=source,
            actor=actor,
        )


def _may_spend(actor: User, account: PointAccount) -> None:
    """The shop keeper (an editor over the account) or the holder's own login may spend."""
    own = (
        account.volunteer_id is not None
        and getattr(getattr(actor, "volunteer", None), "pk", None) == account.volunteer_id
    ) or (
        account.household_id is not None
        and getattr(getattr(actor, "resident", None), "household_id", None) == account.household_id
    )
    if own:
        return
    _check_keeper(actor, account.territory.path)


def points_redeem(*, actor: User, account_id: int, item_id: int, quantity: int = 1) -> Redemption:
    """Spend points on shop goods: never more points than the balance, never more goods than the stock."""
    if quantity < 1:
        raise ValidationFailed("兑换数量至少为 1。")
    with transaction.atomic():
        account = _lock_account(account_id)
        _may_spend(actor, account)
        try:
            item = (
                ShopItem.objects.select_for_update(of=("self",)).select_related("territory").get(pk=item_id)
            )
        except (ShopItem.DoesNotExist, ValueError, TypeError):
            raise NotFound()
        if not (account.territory.path.startswith(item.territory.path)):
            raise ValidationFailed("这件商品不在本账户所在的积分超市。")
        if not item.active:
            raise Conflict(f"「{item.name}」已下架。", code="inactive")
        if item.stock < quantity:
            raise Conflict(f"「{item.name}」库存不足（剩 {item.stock} 件）。", code="out_of_stock")
        cost = item.cost * quantity
        balance = account_balance(account=account)
        if balance < cost:
            raise Conflict(f"积分不足：需要 {cost} 分，余额 {balance} 分。", code="insufficient_points")
        item.stock -= quantity
        item.save(update_fields=["stock", "updated_at"])
        entry = PointEntry.objects.create(
            account=account,
            points=-cost,
            kind=EntryKind.REDEEM,
            reason=f"兑换 {item.name} × {quantity}",
            occurred_on=timezone.localdate(),
            actor=actor,
        )
        return Redemption.objects.create(
            account=account, item=item, quantity=quantity, points=cost, entry=entry, actor=actor
        )


def points_award_activity(*, actor: User | None, activity_id: int) -> list[PointEntry]:
    """Award each checked-out volunteer of a finished activity by the hours rule; running twice adds nothing."""
    activity = Activity.objects.select_related("territory").filter(pk=activity_id).first()
    if activity is None:
        raise NotFound()
    _check_keeper(actor, activity.territory.path)
    if activity.state != ActivityState.FINISHED:
        raise Conflict("活动结束后才能按时长记积分。", code="illegal_transition")
    out = []
    sign_ups = SignUp.objects.filter(activity=activity, state=SignUpState.CHECKED_OUT, service_hours__gt=0)
    for s in sign_ups.select_related("volunteer"):
        account = account_for(volunteer=s.volunteer)
        if PointEntry.objects.filter(account=account, source=f"sign_up:{s.pk}").exists():
            continue
        out.append(
            points_apply_rule(
                actor=actor,
                account_id=account.pk,
                rule_code=VOLUNTEER_HOURS_RULE,
                quantity=s.service_hours,
                reason=f"参加志愿活动「{activity.title}」{s.service_hours} 小时",
                occurred_on=timezone.localtime(activity.ends_at).date(),
                source=f"sign_up:{s.pk}",
            )
        )
    return out
