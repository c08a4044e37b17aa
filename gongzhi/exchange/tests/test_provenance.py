"""Every registry write records the unit that supplied it and when: keys, people, Excel, deletions."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import tablib
from django.utils import timezone

from gongzhi.exchange.tests.conftest import key_client, key_for, user_client, valid_id_number
from gongzhi.people.importing import registry_export, registry_import, registry_template
from gongzhi.people.models import Resident
from gongzhi.people.roles import Role
from gongzhi.people.services import registry_delete
from gongzhi.people.tests import factories as f

MOMENT = dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.UTC)


def resident_body(tree, **extra) -> dict:
    return {"name": "张三", "id_number": valid_id_number(), "household": tree["household_a"].pk, **extra}


def test_a_department_key_pushes_a_resident_that_names_the_department_and_the_time(tree):
    raw = key_for(Role.COMMUNITY_WORKER, tree["community_a"], department="民政局")

    with mock.patch("django.utils.timezone.now", return_value=MOMENT):
        response = key_client(raw).post("/api/v1/residents/", resident_body(tree), format="json")

    assert response.status_code == 201, response.json()
    resident = Resident.objects.get(pk=response.json()["id"])
    assert resident.source_unit == "民政局"
    assert resident.supplied_at == MOMENT
    assert resident.history.get().source_unit == "民政局"
    assert response.json()["source_unit"] == "民政局"


def test_a_community_workers_write_names_their_community_and_role(tree):
    worker = f.user_with_role(Role.COMMUNITY_WORKER, tree["community_a"])
    before = timezone.now()

    response = user_client(worker).post("/api/v1/residents/", resident_body(tree), format="json")

    resident = Resident.objects.get(pk=response.json()["id"])
    assert resident.source_unit == "A社区 社区工作者"
    assert before <= resident.supplied_at <= timezone.now()


def test_the_unit_and_time_cannot_be_typed_in(tree):
    worker = f.user_with_role(Role.COMMUNITY_WORKER, tree["community_a"])
    body = resident_body(tree, source_unit="公安局", supplied_at="2000-01-01T00:00:00+08:00")

    response = user_client(worker).post("/api/v1/residents/", body, format="json")

    assert response.json()["source_unit"] == "A社区 社区工作者"
    assert not response.json()["supplied_at"].startswith("2000")


def test_the_role_that_lets_the_writer_edit_the_row_names_the_unit(tree):
    # A street official over B who is also a community worker in A writes in A as A's worker.
    user = f.user_with_role(Role.STREET_OFFICIAL, tree["street_b"])
    f.RoleAssignment.objects.create(user=user, role=Role.COMMUNITY_WORKER, territory=tree["community_a"])

    response = user_client(user).post("/api/v1/residents/", resident_body(tree), format="json")

    assert response.json()["source_unit"] == "A社区 社区工作者"


def test_a_later_update_by_another_unit_takes_over_the_source(tree):
    resident = f.ResidentFactory(household=tree["household_a"])
    raw = key_for(Role.GRID_WORKER, tree["grid_a"], department="卫健委")

    key_client(raw).patch(f"/api/v1/residents/{resident.pk}/", {"relation": "本人"}, format="json")

    resident.refresh_from_db()
    assert resident.source_unit == "卫健委"


def test_a_deletion_names_the_unit_that_deleted_the_row_in_the_history(tree):
    resident = f.ResidentFactory(household=tree["household_a"])
    worker = f.user_with_role(Role.GRID_WORKER, tree["grid_a"])
    pk = resident.pk

    registry_delete(actor=worker, instance=resident)

    deletion = Resident.history.model.objects.get(id=pk, history_type="-")
    assert deletion.source_unit == "A第一网格 网格员"


def _resident_sheet(tree) -> tablib.Dataset:
    template = registry_template(actor=None, registry="residents")
    sheet = tablib.Dataset(headers=template.headers)
    row = dict.fromkeys(template.headers, "")
    row.update({"姓名": "李四", "身份证号": valid_id_number(), "所在户": f"#{tree['household_a'].pk}"})
    sheet.append([row[h] for h in template.headers])
    return sheet


def test_an_excel_import_names_the_importer_and_a_command_line_import_the_system(tree):
    worker = f.user_with_role(Role.COMMUNITY_WORKER, tree["community_a"])

    registry_import(actor=worker, registry="residents", dataset=_resident_sheet(tree))
    registry_import(actor=None, registry="residents", dataset=_resident_sheet(tree))

    units = list(Resident.objects.order_by("pk").values_list("source_unit", flat=True))
    assert units == ["A社区 社区工作者", "系统导入"]
    assert Resident.objects.filter(supplied_at__isnull=True).count() == 0


def test_the_export_shows_unit_and_time_and_the_template_leaves_them_out(tree):
    worker = f.user_with_role(Role.COMMUNITY_WORKER, tree["community_a"])
    user_client(worker).post("/api/v1/residents/", resident_body(tree), format="json")

    exported = registry_export(actor=worker, registry="residents")
    template = registry_template(actor=worker, registry="residents")

    assert exported.headers[-2:] == ["来源单位", "采集时间"]
    assert exported[0][-2] == "A社区 社区工作者"
    assert exported[0][-1].startswith(str(timezone.localdate().year))
    assert "来源单位" not in template.headers and "采集时间" not in template.headers


def test_a_re_imported_export_keeps_working_without_touching_the_source(tree):
    worker = f.user_with_role(Role.COMMUNITY_WORKER, tree["community_a"])
    user_client(worker).post("/api/v1/residents/", resident_body(tree), format="json")
    exported = registry_export(actor=worker, registry="residents")
    before = Resident.objects.get().supplied_at

    result = registry_import(actor=worker, registry="residents", dataset=exported)

    assert result.unchanged == 1
    assert Resident.objects.get().supplied_at == before


def test_the_back_office_lists_the_unit_and_time_and_shows_them_read_only(client, tree):
    worker = f.user_with_role(Role.COMMUNITY_WORKER, tree["community_a"])
    resident = Resident.objects.get(
        pk=user_client(worker).post("/api/v1/residents/", resident_body(tree), format="json").json()["id"]
    )
    client.force_login(f.UserFactory(is_superuser=True, is_staff=True))

    listing = client.get("/admin/people/resident/").content.decode()
    form = client.get(f"/admin/people/resident/{resident.pk}/change/").content.decode()

    assert "来源单位" in listing and "A社区 社区工作者" in listing and "采集时间" in listing
    assert "A社区 社区工作者" in form and 'name="source_unit"' not in form
