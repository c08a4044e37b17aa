"""Reads of the points ledger: balances, figures per territory node and period, star households.

Definitions (rows under the node, the node included; a day belongs to the period by occurred_on):

* 加分 awarded / 扣分 deducted: the points of award / deduction entries in the period
  (reversals are counted apart, as 冲正).
* 兑换 redeemed: the points spent at the shop in the period; 兑换次数 the redemptions.
* 积分余额 balance: the sum of every entry before the period's end.
* 星级文明户 star households: households whose balance at the period's end reaches
  STAR_THRESHOLDS (★ 10, ★★ 25, ★★★ 45, ★★★★ 70, ★★★★★ 100 points).
* 红榜 / 黑榜: lines of the red and black lists published in the period.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count, Q, QuerySet, Sum

from gongzhi.core.periods import Period
from gongzhi.points.models import EntryKind, Holder, PointAccount, PointEntry, Roll, RollEntry
from gongzhi.territory.models import Territory
from gongzhi.territory.rollups import in_subtree

# (stars, minimum balance), highest first.
STAR_THRESHOLDS: tuple[tuple[int, int], ...] = ((5, 100), (4, 70), (3, 45), (2, 25), (1, 10))

FIGURE_LABELS = {
    "households_with_account": "积分家庭户",
    "volunteers_with_account": "积分志愿者",
    "awarded": "加分",
    "deducted": "扣分",
    "reversed": "冲正",
    "redeemed": "兑换积分",
    "redemptions": "兑换次数",
    "balance": "积分余额",
    "star_households": "星级文明户",
    "honour_lines": "红榜上榜",
    "warning_lines": "黑榜上榜",
}


def star_of(balance: int) -> int:
    return next((stars for stars, low in STAR_THRESHOLDS if balance >= low), 0)


def balances(accounts: QuerySet[PointAccount]) -> QuerySet[PointAccount]:
    """Annotate each account with its balance, the sum of its ledger."""
    return accounts.annotate(balance=Sum("entries__points", default=0))


def _entries(node: Territory) -> QuerySet[PointEntry]:
    # Accounts first: the ledger is then read through its (account, points) index.
    accounts = in_subtree(PointAccount.objects.order_by(), node, "territory").values("id")
    return PointEntry.objects.order_by().filter(account_id__in=accounts)


def household_balances(*, node: Territory, before) -> dict[str, int]:
    """Return {household path: balance before a day} for households under `node` with any entry."""
    rows = (
        _entries(node)
        .filter(account__holder=Holder.HOUSEHOLD, occurred_on__lt=before)
        .values("account__territory__path")
        .annotate(b=Sum("points"))
    )
    return {r["account__territory__path"]: r["b"] for r in rows}


def star_counts(balances_by_path: dict[str, int]) -> dict[int, int]:
    counts = Counter(star_of(b) for b in balances_by_path.values())
    return {stars: counts.get(stars, 0) for stars, _ in STAR_THRESHOLDS}


def points_figures(*, node: Territory, period: Period) -> dict:
    """Compute the points figures of `node`'s subtree for `period`."""
    entries = _entries(node)
    in_period = entries.filter(occurred_on__gte=period.start, occurred_on__lt=period.end)
    agg = in_period.aggregate(
        awarded=Sum("points", filter=Q(kind=EntryKind.AWARD), default=0),
        deducted=Sum("points", filter=Q(kind=EntryKind.DEDUCT), default=0),
        reversed=Sum("points", filter=Q(kind=EntryKind.REVERSAL), default=0),
        redeemed=Sum("points", filter=Q(kind=EntryKind.REDEEM), default=0),
        redemptions=Count("id", filter=Q(kind=EntryKind.REDEEM)),
    )
    before_end = entries.filter(occurred_on__lt=period.end)
    holders = before_end.values("account__holder").annotate(n=Count("account", distinct=True))
    held = {r["account__holder"]: r["n"] for r in holders}
    homes = household_balances(node=node, before=period.end)
    stars = star_counts(homes)
    start, end = period.bounds()
    rolls = in_subtree(RollEntry.objects.order_by(), node, "territory").filter(
        published_at__gte=start, published_at__lt=end
    )
    roll_counts = dict(rolls.values_list("roll").annotate(n=Count("id")).values_list("roll", "n"))
    return {
        "households_with_account": held.get(Holder.HOUSEHOLD, 0),
        "volunteers_with_account": held.get(Holder.VOLUNTEER, 0),
        "awarded": agg["awarded"],
        "deducted": -agg["deducted"],
        "reversed": agg["reversed"],
        "redeemed": -agg["redeemed"],
        "redemptions": agg["redemptions"],
        "balance": before_end.aggregate(s=Sum("points", default=0))["s"],
        "star_households": sum(stars.values()),
        "stars": stars,
        "honour_lines": roll_counts.get(Roll.HONOUR, 0),
        "warning_lines": roll_counts.get(Roll.WARNING, 0),
    }


def points_children(*, node: Territory, period: Period) -> list[dict]:
    """One row per child of `node`: points awarded, deducted, redeemed, and its star households."""
    plen = len(node.path) + Territory.steplen
    sums: dict[str, dict[str, int]] = defaultdict(lambda: {"awarded": 0, "deducted": 0, "redeemed": 0})
    rows = (
        _entries(node)
        .filter(
            occurred_on__gte=period.start,
            occurred_on__lt=period.end,
            account__territory__depth__gt=node.depth,
        )
        .values("account__territory__path", "kind")
        .annotate(s=Sum("points"))
    )
    names = {EntryKind.AWARD: "awarded", EntryKind.DEDUCT: "deducted", EntryKind.REDEEM: "redeemed"}
    for r in rows:
        key = names.get(r["kind"])
        if key:
            sums[r["account__territory__path"][:plen]][key] += abs(r["s"])
    stars: Counter = Counter()
    for path, b in household_balances(node=node, before=period.end).items():
        if len(path) > len(node.path) and star_of(b):
            stars[path[:plen]] += 1
    return [
        {"node": child, **sums[child.path], "star_households": stars.get(child.path, 0)}
        for child in node.get_children().order_by("path")
    ]


def account_label(account: PointAccount, *, full: bool) -> str:
    """Name an account as lists show it: the volunteer, or the household with its head's name.

    Published lists (and viewers without the right to personal data) show the surname only.
    """
    if account.volunteer_id:
        name = account.volunteer.name
        return name if full else name[:1] + "**"
    from gongzhi.people.models import Resident

    head = Resident.objects.filter(household_id=account.household_id).order_by("-is_head", "id").first()
    who = (head.name if full else head.name[:1] + "**") + "家" if head else ""
    building = Territory.objects.filter(path=account.household.path[: -Territory.steplen]).first()
    place = f"{building.name if building else ''}{account.household.name}"
    return f"{who}（{place}）" if who else place


def public_rolls(*, community: Territory) -> dict:
    """The latest published red and black lists of a community, for its residents."""
    published = RollEntry.objects.filter(territory=community, published_at__isnull=False)
    latest = published.order_by("-published_at").values_list("period_key", "period_label").first()
    if latest is None:
        return {"period_label": None, "honour": [], "warning": []}
    lines = (
        published.filter(period_key=latest[0])
        .select_related("account__household", "account__volunteer")
        .order_by("roll", "rank")
    )
    out = {"period_label": latest[1], "honour": [], "warning": []}
    for line in lines:
        out[line.roll].append(
            {
                "rank": line.rank,
                "name": account_label(line.account, full=False),
                "points": line.points,
                "reason": line.reason,
            }
        )
    return out
