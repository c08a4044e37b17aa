"""Concurrent redemptions on a real database: never an overdrawn balance, never oversold stock.

Every thread has its own connection. On PostgreSQL the account row lock makes the second
redemption wait and then read the first one's entry; on SQLite (transactions begin
IMMEDIATE) the second writer waits at BEGIN. Either way the sum of the ledger decides.
"""

from __future__ import annotations

import pytest

from gongzhi.core.errors import ApplicationError
from gongzhi.points.models import PointEntry, Redemption, ShopItem
from gongzhi.points.services import account_balance, account_for, points_apply_rule, points_redeem
from gongzhi.volunteering.tests.race import race

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("attempt", range(2))
def test_eight_concurrent_redemptions_of_a_balance_for_three_spend_exactly_three(shop, attempt):
    home = shop["home"]
    soap = ShopItem.objects.create(name="香皂", territory=shop["tree"]["community_a"], cost=8, stock=100)
    for _ in range(3):
        points_apply_rule(actor=shop["keeper"], account_id=home.pk, rule_code="help")  # 3 × 8 = 24

    results = race(
        *[lambda: points_redeem(actor=shop["keeper"], account_id=home.pk, item_id=soap.pk) for _ in range(8)]
    )

    won = [r for r in results if isinstance(r, Redemption)]
    lost = [r for r in results if isinstance(r, ApplicationError)]
    assert len(won) == 3 and len(lost) == 5, results
    assert all("积分不足" in e.message for e in lost)
    assert account_balance(account=home) == 0
    assert ShopItem.objects.get(pk=soap.pk).stock == 97


def test_many_households_racing_for_the_last_two_items_get_exactly_two(shop, tree):
    from gongzhi.territory.tests.factories import node

    homes = [account_for(household=node(tree["building_a"], "household", f"{i}0{i}室")) for i in range(1, 7)]
    for account in homes:
        for _ in range(2):  # 16 points each: enough for one item of 10
            points_apply_rule(actor=shop["keeper"], account_id=account.pk, rule_code="help")

    results = race(
        *[
            (lambda a=a: points_redeem(actor=shop["keeper"], account_id=a.pk, item_id=shop["soap"].pk))
            for a in homes
        ]
    )

    assert len([r for r in results if isinstance(r, Redemption)]) == 2, results
    assert ShopItem.objects.get(pk=shop["soap"].pk).stock == 0
    assert PointEntry.objects.filter(kind="redeem").count() == 2
