"""The back office: every admin opens, lists are scoped and masked, templates download and import back."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from gongzhi.people.models import PartyMember, Resident
from gongzhi.people.tests.factories import UserFactory, user_with_role
from gongzhi.people.tests.test_registry_io import fill_registries

ADMINS = [
    "territory_territory",
    "territory_building",
    "territory_household",
    "people_user",
    "people_roleassignment",
    "people_partyorg",
    "people_partymember",
    "people_linkedhousehold",
    "people_council",
    "people_councilmember",
    "people_gridworker",
    "people_communityworker",
    "people_policeofficer",
    "people_specialistteam",
    "people_partnerunit",
    "people_resident",
]


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def staff_with_role(role, territory, *models):
    user = user_with_role(role, territory, is_staff=True)
    codenames = [f"{action}_{m}" for m in models for action in ("view", "change", "add", "delete")]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.mark.django_db
@pytest.mark.parametrize("name", ADMINS)
def test_every_changelist_and_add_form_opens_in_chinese(client, root, tree, name):
    records = fill_registries(tree)
    client.force_login(root)
    page = client.get(reverse(f"admin:{name}_changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "导出" in html and "导入" in html
    assert client.get(reverse(f"admin:{name}_add")).status_code == 200
    if name.startswith("people_") and name not in {"people_user", "people_roleassignment"}:
        assert "下载模板" in html
        obj = next(o for o in records.values() if o._meta.model_name == name.split("_")[1])
        assert client.get(reverse(f"admin:{name}_history", args=[obj.pk])).status_code == 200


@pytest.mark.django_db
def test_territory_changelist_searches_filters_and_links_to_children(client, root, tree):
    client.force_login(root)
    url = reverse("admin:territory_territory_changelist")
    html = client.get(url, {"q": tree["community_a"].division_code}).content.decode()
    assert "A社区" in html and "B社区" not in html
    html = client.get(url, {"parent": tree["street_a"].pk}).content.decode()
    assert "A社区</a></th>" in html and "甲村</a></th>" in html and "A街道</a></th>" not in html
    assert f"?parent={tree['community_a'].pk}" in client.get(url).content.decode()
    assert "A社区" not in client.get(url, {"level__exact": "grid"}).content.decode()


@pytest.mark.django_db
def test_a_staff_user_with_a_role_sees_only_rows_in_scope(client, tree):
    records = fill_registries(tree)
    worker = staff_with_role("community_worker", tree["community_a"], "partymember", "territory")
    client.force_login(worker)
    html = client.get(reverse("admin:people_partymember_changelist")).content.decode()
    assert records["party-members"].name in html
    assert records["other_member"].name not in html
    other = reverse("admin:people_partymember_change", args=[records["other_member"].pk])
    assert client.get(other).status_code == 302  # "does not exist" — the same as a missing id
    html = client.get(reverse("admin:territory_territory_changelist")).content.decode()
    assert "A社区" in html and "B社区" not in html


@pytest.mark.django_db
def test_an_out_of_scope_territory_cannot_be_saved(client, tree):
    records = fill_registries(tree)
    worker = staff_with_role("community_worker", tree["community_a"], "partymember")
    client.force_login(worker)
    member = records["party-members"]
    url = reverse("admin:people_partymember_change", args=[member.pk])
    data = {
        "name": "改名",
        "gender": "",
        "id_number": member.id_number,
        "phone": member.phone,
        "party_org": member.party_org_id,
        "territory": tree["community_b"].pk,
        "work_unit": "",
        "joined_on": "",
    }
    page = client.post(url, data)
    assert page.status_code == 200 and "errornote" in page.content.decode()
    member.refresh_from_db()
    assert member.name != "改名" and member.territory_id == tree["community_a"].pk
    data["territory"] = tree["grid_a"].pk
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert member.name == "改名" and member.history.first().history_user == worker


@pytest.mark.django_db
def test_personal_data_is_masked_for_viewers_who_do_not_need_it(client, tree):
    records = fill_registries(tree)
    resident = records["residents"]
    secretary = staff_with_role("branch_secretary", tree["street_a"], "resident")
    client.force_login(secretary)
    html = client.get(reverse("admin:people_resident_changelist")).content.decode()
    assert resident.name in html and resident.id_number not in html and resident.id_number[:6] in html
    worker = staff_with_role("grid_worker", tree["grid_a"], "resident")
    client.force_login(worker)
    assert resident.id_number in client.get(reverse("admin:people_resident_changelist")).content.decode()


@pytest.mark.django_db
def test_the_template_downloads_and_imports_back_through_the_admin(client, tree):
    fill_registries(tree)
    worker = staff_with_role("community_worker", tree["community_a"], "resident")
    client.force_login(worker)
    download = client.get(reverse("admin:people_resident_template"))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    body = b"".join(download.streaming_content) if download.streaming else download.content
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(body)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "姓名", "性别") and len(rows) == 2
    before = Resident.objects.count()
    upload = BytesIO(body)
    upload.name = "模板.xlsx"
    page = client.post(reverse("admin:people_resident_import"), {"import_file": upload, "format": 0})
    html = page.content.decode()
    assert page.status_code == 200 and "process_import" in html, html[-2000:]
    fields = dict(
        re.findall(r'name="(import_file_name|original_file_name|format|resource)"[^>]*value="([^"]*)"', html)
    )
    page = client.post(reverse("admin:people_resident_process_import"), fields)
    assert page.status_code == 302
    assert Resident.objects.count() == before + 1
    assert Resident.objects.order_by("-pk").first().history.first().history_user == worker


@pytest.mark.django_db
def test_an_admin_import_with_a_bad_row_writes_nothing(client, tree, tmp_path):
    fill_registries(tree)
    worker = staff_with_role("community_worker", tree["community_a"], "partymember")
    client.force_login(worker)
    from gongzhi.people.tests.test_registry_io import MEMBER_HEADERS, member_row, write_rows

    path = write_rows(tmp_path, MEMBER_HEADERS, [member_row(tree), member_row(tree, 手机号="1")])
    before = PartyMember.objects.count()
    with path.open("rb") as fh:
        page = client.post(reverse("admin:people_partymember_import"), {"import_file": fh, "format": 0})
    html = page.content.decode()
    assert "手机号" in html and "电话号码格式不对" in html
    assert "process_import" not in html
    assert PartyMember.objects.count() == before


@pytest.mark.django_db
def test_households_import_under_a_building_named_by_its_full_name(tree):
    import tablib

    from gongzhi.territory.models import Household, Territory
    from gongzhi.territory.resources import TerritoryResource, territory_key

    worker = user_with_role("community_worker", tree["community_a"])
    building = territory_key(tree["building_a"])
    assert building == f"{tree['community_a'].division_code}/A第一网格/A1栋"
    ds = tablib.Dataset(headers=["名称", "层级", "上级", "详细地址"])
    ds.append(["102室", "户", building, "A路8号1栋102室"])
    result = TerritoryResource(actor=worker).import_data(ds, user=worker, use_transactions=True)
    assert not result.has_errors() and not result.has_validation_errors()
    new = Territory.objects.get(name="102室", level="household")
    assert new.get_parent() == tree["building_a"] and new.history.first().history_user == worker
    exported = TerritoryResource(actor=worker).export(queryset=Household.objects.filter(pk=new.pk))
    assert exported.dict[0]["上级"] == building
    ds = tablib.Dataset(headers=["名称", "层级", "上级"])
    ds.append(["103室", "户", tree["community_a"].division_code])
    ds.append(["B101", "户", territory_key(tree["building_b"])])
    result = TerritoryResource(actor=worker).import_data(
        ds, user=worker, use_transactions=True, rollback_on_validation_errors=True
    )
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert "不能放在社区/行政村之下" in errors[1]["层级"][0]
    assert "找不到辖区" in errors[2]["上级"][0]
    assert not Household.objects.filter(name__in=["103室", "B101"]).exists()
