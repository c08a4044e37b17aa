"""Red-property shares and complaints per territory node, computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from gongzhi.analytics.tests.helpers import figure
from gongzhi.core.errors import ValidationFailed
from gongzhi.core.periods import parse_period
from gongzhi.people.services import registry_save
from gongzhi.people.tests.factories import PartyOrgFactory, user_with_role
from gongzhi.property.models import (
    CommitteeMember,
    Compound,
    CompoundRating,
    CrossAppointment,
    OwnersCommittee,
    PropertyCompany,
)
from gongzhi.property.selectors import property_children, property_figures
from gongzhi.territory.tests.factories import node

pytestmark = pytest.mark.django_db


@pytest.fixture
def compounds(tree):
    """Four compounds in district A (three served, two committees), one in district B."""
    c = [node(tree["grid_a"], "compound", f"A小区{i}") for i in range(1, 5)]
    far = node(tree["grid_b"], "compound", "B小区")
    company = PropertyCompany.objects.create(name="安居物业", territory=tree["district_a"])
    for n in c[:3]:
        Compound.objects.create(territory=n, company=company)
    Compound.objects.create(territory=c[3], service_mode="none")
    PartyOrgFactory(territory=c[0], kind="branch")
    first = OwnersCommittee.objects.create(name="一号业委会", territory=c[0], elected_on=dt.date(2023, 6, 1))
    second = OwnersCommittee.objects.create(name="二号业委会", territory=c[1], elected_on=dt.date(2024, 9, 1))
    for committee, seats in (
        (first, [("chair", True), ("member", True), ("member", False)]),
        (second, [("chair", False), ("member", True)]),
    ):
        for i, (role, party) in enumerate(seats):
            CommitteeMember.objects.create(
                committee=committee, name=f"{committee.name}{i}", role=role, is_party_member=party
            )
    CrossAppointment.objects.create(
        territory=c[0],
        name="周书记",
        direction="into_property",
        home_post="支部书记",
        cross_post="业委会主任",
        started_on=dt.date(2024, 1, 1),
    )
    CompoundRating.objects.create(
        territory=c[0], year=2024, score=92, level="municipal", rated_on=dt.date(2024, 12, 1)
    )
    CompoundRating.objects.create(
        territory=c[1], year=2024, score=70, level="qualified", rated_on=dt.date(2024, 12, 1)
    )
    Compound.objects.create(territory=far, service_mode="self")
    return {"c": c, "far": far, "company": company}


def test_shares_of_a_district_by_hand(compounds, tree):
    f = property_figures(node=tree["district_a"], period=parse_period("2024"))

    assert f["compounds"] == 4
    assert f["property_service_rate"] == 3 / 4
    assert f["committee_rate"] == 2 / 4
    assert f["member_party_rate"] == 3 / 5
    assert f["chair_party_rate"] == 1 / 2
    assert f["branch_rate"] == 1 / 4
    assert (f["cross_appointments"], f["model_compounds"]) == (1, 1)


def test_a_committee_elected_after_the_period_does_not_count_yet(compounds, tree):
    f = property_figures(node=tree["district_a"], period=parse_period("2024-Q1"))
    assert f["with_committee"] == 1 and f["committee_members"] == 3


def test_children_rows_and_the_whole_city(compounds, tree):
    rows = {r["node"].name: r for r in property_children(node=tree["city"], period=parse_period("2024"))}
    assert rows["A区"]["compounds"] == 4 and rows["B区"]["property_service_rate"] == 1.0
    assert property_figures(node=tree["city"], period=parse_period("2024"))["with_property_service"] == 4


def test_property_complaints_are_demands_of_category_property_inside_a_compound(compounds, tree):
    from gongzhi.demands.models import Category, Demand

    prop = Category.objects.get(code="property")
    other = Category.objects.exclude(code="property").first()
    inside = node(compounds["c"][0], "building", "1栋")
    for i, (where, cat) in enumerate(
        [(inside, prop), (compounds["c"][0], prop), (compounds["c"][1], other), (tree["grid_a"], prop)]
    ):
        Demand.objects.create(
            territory=where, category=cat, channel="self_report", text="电梯坏了", idempotency_key=f"k{i}"
        )

    f = property_figures(node=tree["district_a"], period=parse_period(""))
    assert f["complaints"] == 2  # the grid's demand is in no compound


def test_a_compound_profile_is_checked_before_it_is_saved(compounds, tree):
    editor = user_with_role("community_worker", tree["community_a"])
    bad = Compound(territory=tree["grid_a"], service_mode="company", company=compounds["company"])
    with pytest.raises(ValidationFailed):
        registry_save(actor=editor, instance=bad)
    no_company = Compound(territory=node(tree["grid_a"], "compound", "新小区"), service_mode="company")
    with pytest.raises(ValidationFailed):
        registry_save(actor=editor, instance=no_company)


def test_one_chair_per_committee(compounds, tree):
    editor = user_with_role("community_worker", tree["community_a"])
    committee = OwnersCommittee.objects.get(name="一号业委会")
    with pytest.raises(ValidationFailed):
        registry_save(
            actor=editor, instance=CommitteeMember(committee=committee, name="新主任", role="chair")
        )


def test_the_api_shows_only_compounds_in_scope(compounds, tree):
    client = APIClient()
    client.force_authenticate(user_with_role("street_official", tree["street_a"]))
    ids = {r["territory"] for r in client.get("/api/v1/compounds/").json()["results"]}
    assert compounds["far"].pk not in ids and compounds["c"][0].pk in ids
    assert client.get("/api/v1/property/figures/", {"territory": tree["district_b"].pk}).status_code == 404
    body = client.get(
        "/api/v1/property/figures/", {"territory": tree["street_a"].pk, "period": "2024"}
    ).json()
    assert figure(body, "property.property_service_rate")["denominator"] == 4  # the street's compounds
