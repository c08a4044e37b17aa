import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongzhi.core.tests.test_pages import assert_no_external_assets
from gongzhi.core.validators import mask_phone
from gongzhi.people.exports import REGISTRIES
from gongzhi.people.tests.factories import (
    CommunityWorkerFactory,
    CouncilFactory,
    CouncilMemberFactory,
    GridWorkerFactory,
    PartnerUnitFactory,
    PartyMemberFactory,
    PartyOrgFactory,
    ResidentFactory,
    user_with_role,
)


def listing(slug: str) -> str:
    return reverse("people:list", args=[slug])


def export(slug: str) -> str:
    return reverse("people:export", args=[slug])


def sheet_rows(response) -> list[tuple]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


@pytest.fixture
def people(tree):
    """One resident in each district, with a known phone number."""
    return {
        "a": ResidentFactory(household=tree["household_a"], name="甲居民", phone="13912345678"),
        "b": ResidentFactory(household=tree["household_b"], name="乙居民", phone="13787654321"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("slug", list(REGISTRIES))
def test_every_registry_lists_and_shows_records_within_scope(client, tree, slug):
    branch_a = PartyOrgFactory(territory=tree["grid_a"], name="A支部")
    branch_b = PartyOrgFactory(territory=tree["grid_b"], name="B支部")
    records = {}
    for key, grid, branch in (("a", tree["grid_a"], branch_a), ("b", tree["grid_b"], branch_b)):
        council = CouncilFactory(territory=grid, branch=branch, name=f"{key.upper()}议事会")
        records[key] = {
            "party-members": PartyMemberFactory(territory=grid, party_org=branch),
            "residents": ResidentFactory(household=tree[f"household_{key}"]),
            "grid-workers": GridWorkerFactory(territory=grid),
            "community-workers": CommunityWorkerFactory(territory=tree[f"community_{key}"]),
            "councils": council,
            "council-members": CouncilMemberFactory(council=council),
            "party-orgs": branch,
            "partner-units": PartnerUnitFactory(territory=tree[f"community_{key}"]),
        }
    client.force_login(user_with_role("street_official", tree["street_a"]))
    response = client.get(listing(slug))
    assert response.status_code == 200
    shown = [r["obj"].pk for r in response.context["rows"]]
    assert shown == [records["a"][slug].pk]
    assert_no_external_assets(response.content.decode())
    assert client.get(reverse("people:detail", args=[slug, records["a"][slug].pk])).status_code == 200
    assert client.get(reverse("people:detail", args=[slug, records["b"][slug].pk])).status_code == 404


@pytest.mark.django_db
def test_a_street_official_sees_masked_phones_and_a_community_worker_sees_them_in_full(client, tree, people):
    client.force_login(user_with_role("street_official", tree["street_a"]))
    html = client.get(listing("residents")).content.decode()
    assert mask_phone("13912345678") in html and "13912345678" not in html
    detail = reverse("people:detail", args=["residents", people["a"].pk])
    assert "13912345678" not in client.get(detail).content.decode()
    client.force_login(user_with_role("community_worker", tree["community_a"]))
    assert "13912345678" in client.get(listing("residents")).content.decode()
    assert "13912345678" in client.get(detail).content.decode()


@pytest.mark.django_db
def test_the_excel_export_holds_only_the_rows_in_scope_masked_as_on_screen(client, tree, people):
    client.force_login(user_with_role("street_official", tree["street_a"]))
    rows = sheet_rows(client.get(export("residents")))
    assert rows[0] == tuple(REGISTRIES["residents"].headers)
    assert [r[0] for r in rows[1:]] == ["甲居民"]
    assert rows[1][3] == mask_phone("13912345678")
    client.force_login(user_with_role("city_admin", tree["city"]))
    rows = sheet_rows(client.get(export("residents")))
    assert sorted(r[0] for r in rows[1:]) == ["乙居民", "甲居民"]
    assert "13912345678" in [r[3] for r in rows[1:]]


@pytest.mark.django_db
def test_the_territory_filter_and_search_narrow_the_list_and_the_export_alike(client, tree, people):
    ResidentFactory(household=tree["household_a"], name="甲二")
    client.force_login(user_with_role("city_admin", tree["city"]))
    query = {"under": tree["district_b"].pk}
    assert [r["obj"].name for r in client.get(listing("residents"), query).context["rows"]] == ["乙居民"]
    assert [r[0] for r in sheet_rows(client.get(export("residents"), query))[1:]] == ["乙居民"]
    query = {"q": "甲二"}
    assert [r["obj"].name for r in client.get(listing("residents"), query).context["rows"]] == ["甲二"]
    assert [r[0] for r in sheet_rows(client.get(export("residents"), query))[1:]] == ["甲二"]


@pytest.mark.django_db
def test_a_territory_filter_outside_the_scope_answers_404(client, tree, people):
    client.force_login(user_with_role("street_official", tree["street_a"]))
    assert client.get(listing("residents"), {"under": tree["street_b"].pk}).status_code == 404
    assert client.get(export("residents"), {"under": tree["street_b"].pk}).status_code == 404


@pytest.mark.django_db
def test_a_long_list_is_paginated(client, tree):
    for i in range(55):
        ResidentFactory(household=tree["household_a"], name=f"居民{i:02d}")
    client.force_login(user_with_role("community_worker", tree["community_a"]))
    first = client.get(listing("residents"))
    assert len(first.context["rows"]) == 50
    assert "1 / 2" in first.content.decode()
    assert len(client.get(listing("residents"), {"page": 2}).context["rows"]) == 5
    assert len(sheet_rows(client.get(export("residents")))) == 56


@pytest.mark.django_db
def test_a_council_page_lists_its_members(client, tree):
    council = CouncilFactory(territory=tree["grid_a"], name="A居民议事会")
    CouncilMemberFactory(council=council, name="五老甲", roles=["five_elders", "building_head"])
    client.force_login(user_with_role("branch_secretary", tree["grid_a"]))
    html = client.get(reverse("people:detail", args=["councils", council.pk])).content.decode()
    assert "五老甲" in html
    assert "五老、楼栋长" in html


@pytest.mark.django_db
def test_an_unknown_registry_answers_404(client, tree):
    client.force_login(user_with_role("city_admin", tree["city"]))
    assert client.get(listing("nothing")).status_code == 404
