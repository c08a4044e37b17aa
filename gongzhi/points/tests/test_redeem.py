"""The points shop never overdraws a balance nor sells more than its stock."""

from __future__ import annotations

import pytest

from gongzhi.core.errors import Conflict, ValidationFailed
from gongzhi.points.models import PointEntry, ShopItem
from gongzhi.points.services import account_balance, points_apply_rule, points_redeem

pytestmark = pytest.mark.django_db


def test_a_redemption_spends_points_as_one_ledger_entry_and_takes_stock(shop):
    points_apply_rule(actor=shop["keeper"], account_id=shop["home"].pk, rule_code="help")  # 8
    points_apply_rule(actor=shop["keeper"], account_id=shop["home"].pk, rule_code="help")  # 16

    made = points_redeem(actor=shop["keeper"], account_id=shop["home"].pk, item_id=shop["soap"].pk)

    assert made.points == 10 and made.entry.points == -10 and made.entry.kind == "redeem"
    assert account_balance(account=shop["home"]) == 6
    assert ShopItem.objects.get(pk=shop["soap"].pk).stock == 1


def test_a_redemption_beyond_the_balance_is_refused_and_changes_nothing(shop):
    points_apply_rule(actor=shop["keeper"], account_id=shop["home"].pk, rule_code="help")  # 8
    with pytest.raises(Conflict) as refused:
        points_redeem(actor=shop["keeper"], account_id=shop["home"].pk, item_id=shop["soap"].pk)
    assert "积分不足" in refused.value.message
    assert PointEntry.objects.filter(kind="redeem").count() == 0
    assert ShopItem.objects.get(pk=shop["soap"].pk).stock == 2


def test_the_last_item_goes_once(shop):
    for _ in range(6):
        points_apply_rule(actor=shop["keeper"], account_id=shop["home"].pk, rule_code="help")
    points_redeem(actor=shop["keeper"], account_id=shop["home"].pk, item_id=shop["soap"].pk, quantity=2)
    with pytest.raises(Conflict) as refused:
        points_redeem(actor=shop["keeper"], account_id=shop["home"].pk, item_id=shop["soap"].pk)
    assert "库存不足" in refused.value.message


def test_a_household_may_spend_its_own_points_but_not_at_another_communitys_shop(shop, tree):
    from gongzhi.people.tests.factories import user_with_role

    login = user_with_role("resident", tree["household_a"])
    shop["head"].user = login
    shop["head"].save()
    for _ in range(2):
        points_apply_rule(actor=shop["keeper"], account_id=shop["home"].pk, rule_code="help")
    points_redeem(actor=login, account_id=shop["home"].pk, item_id=shop["soap"].pk)
    far = ShopItem.objects.create(name="毛巾", territory=tree["community_b"], cost=1, stock=5)
    with pytest.raises(ValidationFailed):
        points_redeem(actor=shop["keeper"], account_id=shop["home"].pk, item_id=far.pk)
