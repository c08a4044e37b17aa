"""The demo steps of volunteering, property and points on a small city: content everywhere, idempotent."""

from __future__ import annotations

import pytest
from django.apps import apps

from gongzhi.people.tests.factories import PartyMemberFactory, ResidentFactory
from gongzhi.points import demo as points_demo
from gongzhi.points.models import PointEntry, Redemption, RollEntry
from gongzhi.property import demo as property_demo
from gongzhi.property.models import Compound, OwnersCommittee
from gongzhi.territory.tests.factories import node
from gongzhi.volunteering import demo as volunteering_demo
from gongzhi.volunteering.models import Activity, SignUp, Volunteer

pytestmark = pytest.mark.django_db
STEPS = sorted([volunteering_demo, property_demo, points_demo], key=lambda m: m.DEMO_ORDER)


def counts() -> dict:
    return {
        m._meta.label: m._default_manager.count()
        for label in ("volunteering", "points", "property")
        for m in apps.get_app_config(label).get_models()
    }


def test_the_demo_fills_every_register_once(tree):
    for i in range(30):
        ResidentFactory(
            household=tree["household_a" if i % 2 else "household_b"], is_head=i < 2, phone=f"1380000{i:04d}"
        )
    for side in "ab":
        for _ in range(4):
            PartyMemberFactory(territory=tree[f"community_{side}"], registered_in_service=True)
    for i in range(5):
        node(tree["grid_a"], "compound", f"小区{i}")
    say = []

    for step in STEPS:
        step.demo_build(city=tree["city"], seed=7, scale=1, step=say.append)
    first = counts()
    for step in STEPS:
        step.demo_build(city=tree["city"], seed=7, scale=1, step=say.append)

    assert counts() == first
    assert sum("跳过" in s for s in say) == 3
    assert Volunteer.objects.filter(party_member__isnull=False).exists()
    assert (
        Activity.objects.filter(state="finished").exists() and Activity.objects.filter(state="open").exists()
    )
    assert SignUp.objects.filter(state="checked_out", service_hours__gt=0).exists()
    assert PointEntry.objects.filter(source__startswith="sign_up:").exists()
    assert Redemption.objects.exists() or PointEntry.objects.filter(kind="redeem").count() == 0
    assert RollEntry.objects.exists()
    assert Compound.objects.count() == 5 and OwnersCommittee.objects.exists()
