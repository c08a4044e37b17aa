"""Draw up and publish a community's red and black lists (红黑榜) from the ledger of a period.

红榜 honour roll: the households with the highest net points from awards, deductions and
reversals in the period (net above zero), best first.
黑榜 warning roll: the households with any deduction in the period, the most deducted first;
the reason is their latest deduction's.
Publishing a period again replaces its lists: the ledger decides, not a hand-edited list.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone

from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.periods import Period
from gongzhi.people.models import User
from gongzhi.people.scope import can_edit
from gongzhi.points.models import EntryKind, Holder, PointAccount, PointEntry, Roll, RollEntry
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds
from gongzhi.territory.resources import in_scope

CONDUCT = (EntryKind.AWARD, EntryKind.DEDUCT, EntryKind.REVERSAL)


def roll_draw_many(*, node: Territory, period: Period, size: int = 10) -> dict[str, dict[str, list[dict]]]:
    """Compute (without saving) the lists of every community under `node`: {community path: lists}.

    One grouped query for all of them; a community with no household points is left out.
    """
    communities = set(
        Territory.objects.filter(path__range=subtree_bounds(node.path), level=Level.COMMUNITY).values_list(
            "path", flat=True
        )
    )
    # Accounts first: the ledger is then read through its (account, points) index.
    accounts = PointAccount.objects.order_by().filter(
        territory__path__range=subtree_bounds(node.path), holder=Holder.HOUSEHOLD
    )
    rows = (
        PointEntry.objects.order_by()
        .filter(
            account_id__in=accounts.values("id"),
            occurred_on__gte=period.start,
            occurred_on__lt=period.end,
            kind__in=CONDUCT,
        )
        .values("account_id", "account__territory__path")
        .annotate(
            net=Sum("points"),
            deducted=Sum("points", filter=Q(kind=EntryKind.DEDUCT), default=0),
            last_deduction=Max("id", filter=Q(kind=EntryKind.DEDUCT)),
        )
    )
    grouped: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        path = r["account__territory__path"]
        home = next(
            (path[:i] for i in range(len(path), 0, -Territory.steplen) if path[:i] in communities), None
        )
        if home is not None:
            grouped[home].append(r)
    drawn = {path: _draw(rs, size) for path, rs in grouped.items()}
    wanted = [r["last_deduction"] for lists in drawn.values() for r in lists[Roll.WARNING]]
    reasons: dict[int, str] = {}
    for i in range(0, len(wanted), 500):
        reasons.update(PointEntry.objects.filter(pk__in=wanted[i : i + 500]).values_list("id", "reason"))
    return {path: _lines(lists, reasons) for path, lists in drawn.items()}


def _draw(rows: list[dict], size: int) -> dict[str, list[dict]]:
    honour = sorted((r for r in rows if r["net"] > 0), key=lambda r: (-r["net"], r["account_id"]))
    warning = sorted((r for r in rows if r["deducted"] < 0), key=lambda r: (r["deducted"], r["account_id"]))
    return {Roll.HONOUR: honour[:size], Roll.WARNING: warning[:size]}


def _lines(lists: dict[str, list[dict]], reasons: dict[int, str]) -> dict[str, list[dict]]:
    return {
        Roll.HONOUR: [
            {"account_id": r["account_id"], "points": r["net"], "reason": "积分排名靠前"}
            for r in lists[Roll.HONOUR]
        ],
        Roll.WARNING: [
            {
                "account_id": r["account_id"],
                "points": r["deducted"],
                "reason": reasons.get(r["last_deduction"], ""),
            }
            for r in lists[Roll.WARNING]
        ],
    }


def roll_draw(*, community: Territory, period: Period, size: int = 10) -> dict[str, list[dict]]:
    """Compute (without saving) the red and black lists of one community for a period."""
    return roll_draw_many(node=community, period=period, size=size).get(
        community.path, {Roll.HONOUR: [], Roll.WARNING: []}
    )


def _roll_rows(community_id: int, period: Period, drawn: dict[str, list[dict]], now) -> list[RollEntry]:
    return [
        RollEntry(
            territory_id=community_id,
            roll=roll,
            period_key=period.key,
            period_label=period.label,
            account_id=row["account_id"],
            rank=rank,
            points=row["points"],
            reason=row["reason"][:200],
            published_at=now,
        )
        for roll, rows in drawn.items()
        for rank, row in enumerate(rows, start=1)
    ]


def roll_publish_all(*, node: Territory, period: Period, size: int = 10) -> int:
    """Publish the lists of every community under `node` at once (the system's own quarterly run)."""
    drawn = roll_draw_many(node=node, period=period, size=size)
    ids = dict(Territory.objects.filter(path__in=list(drawn)).values_list("path", "id"))
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        RollEntry.objects.filter(territory_id__in=list(ids.values()), period_key=period.key).delete()
        lines = [line for path, lists in drawn.items() for line in _roll_rows(ids[path], period, lists, now)]
        RollEntry.objects.bulk_create(lines, batch_size=2000)
    return len(lines)


def roll_publish(*, actor: User | None, community_id: int, period: Period, size: int = 10) -> list[RollEntry]:
    """Publish (or publish again) a community's red and black lists for a period to its residents."""
    community = Territory.objects.filter(pk=community_id).first()
    if community is None or (actor is not None and not in_scope(actor, community.path)):
        raise NotFound()
    if community.level != Level.COMMUNITY:
        raise ValidationFailed("红黑榜按社区/行政村发布，请选择社区。")
    if actor is not None and not can_edit(actor, community.path):
        raise PermissionDenied("您的角色只能查看，不能发布红黑榜。")
    if not period.key:
        raise ValidationFailed("请指定发布哪一期（如 2024-Q3 或 2024-05）。")
    drawn = roll_draw(community=community, period=period, size=size)
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        RollEntry.objects.filter(territory=community, period_key=period.key).delete()
        return RollEntry.objects.bulk_create(_roll_rows(community.pk, period, drawn, now))
