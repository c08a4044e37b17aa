"""The ledger: rules award and deduct, balances are sums, and nothing written is ever changed."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.points.models import PointEntry
from gongzhi.points.selectors import star_of
from gongzhi.points.services import account_balance, points_apply_rule, points_reverse

pytestmark = pytest.mark.django_db


def award(shop, code="help", **kw):
    kw.setdefault("occurred_on", shop["day"])
    return points_apply_rule(actor=shop["keeper"], account_id=shop["home"].pk, rule_code=code, **kw)


def test_the_deepest_rule_wins_and_a_balance_is_the_sum_of_entries(shop):
    award(shop)
    award(shop)
    award(shop, "litter")

    assert account_balance(account=shop["home"]) == 8 + 8 - 3
    assert list(PointEntry.objects.values_list("kind", flat=True).order_by("id")) == [
        "award",
        "award",
        "deduct",
    ]


def test_the_same_deed_is_never_counted_twice(shop):
    award(shop, source="meeting:7")
    with pytest.raises(Conflict):
        award(shop, source="meeting:7")
    assert account_balance(account=shop["home"]) == 8


def test_an_entry_cannot_be_edited_or_deleted_only_reversed(shop):
    entry = award(shop)
    entry.points = 100
    with pytest.raises(Conflict):
        entry.save()
    with pytest.raises(Conflict):
        entry.delete()
    with pytest.raises(Conflict):
        PointEntry.objects.filter(pk=entry.pk).update(points=100)
    with pytest.raises(Conflict):
        PointEntry.objects.filter(pk=entry.pk).delete()

    reversal = points_reverse(actor=shop["keeper"], entry_id=entry.pk, reason="记错户了")

    assert reversal.points == -8 and reversal.kind == "reversal"
    assert account_balance(account=shop["home"]) == 0
    assert PointEntry.objects.count() == 2
    with pytest.raises(Conflict):
        points_reverse(actor=shop["keeper"], entry_id=entry.pk, reason="再冲一次")


def test_the_back_office_offers_no_change_or_delete_of_entries_even_to_a_superuser(shop, admin_user):
    entry = award(shop)
    request = RequestFactory().get("/")
    request.user = admin_user
    ledger_admin = site._registry[PointEntry]
    assert not ledger_admin.has_change_permission(request, entry)
    assert not ledger_admin.has_delete_permission(request, entry)
    assert not ledger_admin.has_add_permission(request)


def test_only_a_keeper_in_scope_writes_points(shop):
    with pytest.raises(NotFound):
        points_apply_rule(actor=shop["outsider"], account_id=shop["home"].pk, rule_code="help")
    with pytest.raises(PermissionDenied):
        points_apply_rule(actor=shop["viewer"], account_id=shop["home"].pk, rule_code="help")
    with pytest.raises(ValidationFailed):
        points_apply_rule(actor=shop["keeper"], account_id=shop["home"].pk, rule_code="no_such_rule")


def test_stars_follow_the_balance():
    assert [star_of(b) for b in (0, 9, 10, 25, 44, 45, 70, 100, 999)] == [0, 0, 1, 2, 2, 3, 4, 5, 5]
