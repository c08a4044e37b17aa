"""Registries in Excel: round trips, all-or-nothing refusals, templates, scope and the command line."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from gongzhi.core.errors import ImportRejected
from gongzhi.people.importing import (
    read_dataset,
    registry_export,
    registry_import_file,
    registry_template,
    write_dataset,
)
from gongzhi.people.models import PartyMember, PartyOrg, Resident
from gongzhi.people.resources import REGISTRIES
from gongzhi.people.tests import factories as f
from gongzhi.people.tests.factories import user_with_role

# Other apps add their registries to REGISTRIES; each tests its own. These are the people ones.
PEOPLE_REGISTRIES = [k for k, r in REGISTRIES.items() if r._meta.model._meta.app_label == "people"]


def fill_registries(tree) -> dict:
    """Put one record in every registry of the small test city (and a party member in district B)."""
    committee = f.PartyOrgFactory(territory=tree["community_a"], name="A社区党委", kind="committee")
    branch = f.PartyOrgFactory(territory=tree["grid_a"], name="A第一网格党支部", parent=committee)
    member = f.PartyMemberFactory(territory=tree["community_a"], party_org=branch, joined_on="2015-07-01")
    council = f.CouncilFactory(territory=tree["grid_a"], name="A第一网格居民议事会", branch=branch)
    return {
        "party-orgs": committee,
        "party-members": member,
        "linked-households": f.LinkedHouseholdFactory(party_member=member, household=tree["household_a"]),
        "councils": council,
        "council-members": f.CouncilMemberFactory(council=council, roles=["five_elders", "building_head"]),
        "grid-workers": f.GridWorkerFactory(territory=tree["grid_a"]),
        "community-workers": f.CommunityWorkerFactory(territory=tree["community_a"]),
        "police-officers": f.PoliceOfficerFactory(territory=tree["grid_a"]),
        "specialist-teams": f.SpecialistTeamFactory(territory=tree["community_a"]),
        "partner-units": f.PartnerUnitFactory(territory=tree["community_a"]),
        "residents": f.ResidentFactory(household=tree["household_a"], tags=["独居老人", "困难家庭"]),
        "other_member": f.PartyMemberFactory(
            territory=tree["community_b"], party_org__territory=tree["grid_b"], party_org__name="B支部"
        ),
    }


def snapshot() -> dict:
    """Every registry row and every history row, to prove a refused file wrote nothing."""
    out = {}
    for model in apps.get_app_config("people").get_models():
        out[model.__name__] = sorted(map(repr, model.objects.values_list()))
    return out


def export_to(tmp_path, name, actor=None, suffix="xlsx"):
    path = tmp_path / f"{name}.{suffix}"
    write_dataset(registry_export(actor=actor, registry=name), path)
    return path


def write_rows(tmp_path, headers, rows, name="bad.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(tmp_path / name)
    return tmp_path / name


@pytest.mark.django_db
@pytest.mark.parametrize("registry", PEOPLE_REGISTRIES)
@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_each_registry_round_trips_export_then_import_with_no_change(tree, tmp_path, registry, suffix):
    fill_registries(tree)
    before = snapshot()
    path = export_to(tmp_path, registry, suffix=suffix)
    assert len(read_dataset(path)) >= 1
    result = registry_import_file(actor=None, registry=registry, path=path)
    assert (result.created, result.updated) == (0, 0)
    assert result.unchanged == result.rows >= 1
    assert snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("registry", PEOPLE_REGISTRIES)
def test_each_registry_export_reimports_into_an_empty_registry(tree, tmp_path, registry):
    """Delete the rows, import the export: the same records come back (by natural keys, not ids)."""
    records = fill_registries(tree)
    path = export_to(tmp_path, registry)
    ds = read_dataset(path)
    model = REGISTRIES[registry]._meta.model
    # Who supplied a row and when belong to the new write, not to the file.
    ds_no_ids = ds.subset(cols=[h for h in ds.headers if h not in {"编号", "来源单位", "采集时间"}])
    rows_before = sorted(map(tuple, ds_no_ids))
    obj = records[registry]
    if registry in {"party-orgs", "party-members", "councils"}:
        pytest.skip("other registries point at these rows")
    model.objects.filter(pk=obj.pk).delete()
    write_dataset(ds_no_ids, tmp_path / "no-ids.xlsx")
    result = registry_import_file(actor=None, registry=registry, path=tmp_path / "no-ids.xlsx")
    assert result.created == 1
    again = read_dataset(export_to(tmp_path, registry))
    assert sorted(map(tuple, again.subset(cols=ds_no_ids.headers))) == rows_before


def valid_id(serial: int, birth: str = "19900101") -> str:
    from gongzhi.core.validators import _CHECK, _WEIGHTS

    body = f"340302{birth}{serial:03d}"
    return body + _CHECK[sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=True)) % 11]


ID1, ID2 = valid_id(1), valid_id(2)
MEMBER_HEADERS = [
    "编号",
    "姓名",
    "性别",
    "身份证号",
    "手机号",
    "所在党组织",
    "报到社区",
    "在职党员双报到",
    "工作单位",
    "入党日期",
]


def member_row(tree, **over):
    row = {
        "编号": None,
        "姓名": "张三",
        "性别": "男",
        "身份证号": ID1,
        "手机号": "13800138000",
        "所在党组织": "A第一网格党支部",
        "报到社区": tree["community_a"].division_code,
        "在职党员双报到": "否",
        "工作单位": "",
        "入党日期": "2010-07-01",
    }
    row.update(over)
    return [row[h] for h in MEMBER_HEADERS]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "over, column, words",
    [
        ({"报到社区": "999999999999"}, "报到社区", "找不到辖区"),
        ({"所在党组织": "没有这个支部"}, "所在党组织", "找不到党组织"),
        ({"姓名": ""}, "姓名", "不能为空"),
        ({"身份证号": ID1[:-1] + ("0" if ID1[-1] != "0" else "1")}, "身份证号", "校验位"),
        ({"身份证号": "12345"}, "身份证号", "18 位"),
        ({"手机号": "12345"}, "手机号", "电话号码格式不对"),
        ({"报到社区": "A社区"}, "报到社区", "找不到辖区"),
        ({"性别": "未知"}, "性别", "不是可选的值"),
        ({"入党日期": "去年"}, "入党日期", "日期"),
        ({"编号": 99999}, "编号", "不存在"),
    ],
)
def test_a_file_with_one_bad_row_is_refused_whole(tree, tmp_path, over, column, words):
    fill_registries(tree)
    before = snapshot()
    good = member_row(tree)
    path = write_rows(tmp_path, MEMBER_HEADERS, [good, member_row(tree, **{"身份证号": ID2, **over})])
    with pytest.raises(ImportRejected) as err:
        registry_import_file(actor=None, registry="party-members", path=path)
    row, col, reason = err.value.errors[0]
    assert (row, col) == (3, column), err.value.errors
    assert words in reason
    assert "第 3 行" in err.value.message and "未导入" in err.value.message
    assert snapshot() == before


@pytest.mark.django_db
def test_duplicate_id_numbers_in_one_file_and_against_the_database_are_refused(tree, tmp_path):
    records = fill_registries(tree)
    before = snapshot()
    rows = [member_row(tree), member_row(tree, 姓名="李四")]
    with pytest.raises(ImportRejected) as err:
        registry_import_file(
            actor=None, registry="party-members", path=write_rows(tmp_path, MEMBER_HEADERS, rows)
        )
    assert err.value.errors[0][:2] == (3, "身份证号") and "与第 2 行重复" in err.value.errors[0][2]
    taken = records["other_member"].id_number
    existing = [member_row(tree, 编号=records["party-members"].pk, 身份证号=taken)]
    with pytest.raises(ImportRejected) as err:
        registry_import_file(
            actor=None, registry="party-members", path=write_rows(tmp_path, MEMBER_HEADERS, existing)
        )
    assert err.value.errors[0][:2] == (2, "身份证号") and "已存在" in err.value.errors[0][2]
    assert snapshot() == before


@pytest.mark.django_db
def test_a_level_that_does_not_fit_is_refused(tree, tmp_path):
    fill_registries(tree)
    headers = ["姓名", "性别", "身份证号", "手机号", "所在户"]
    path = write_rows(
        tmp_path,
        headers,
        [["王五", "女", ID1, "13800138000", tree["grid_a"].division_code or f"#{tree['grid_a'].pk}"]],
    )
    with pytest.raises(ImportRejected) as err:
        registry_import_file(actor=None, registry="residents", path=path)
    assert err.value.errors[0][:2] == (2, "所在户")
    assert "是网格" in err.value.errors[0][2] and "应为户" in err.value.errors[0][2]
    assert not Resident.objects.filter(name="王五").exists()


@pytest.mark.django_db
def test_a_territory_out_of_the_users_scope_is_refused_like_a_missing_one(tree, tmp_path):
    fill_registries(tree)
    worker = user_with_role("community_worker", tree["community_a"])
    before = snapshot()
    row = member_row(tree, 报到社区=tree["community_b"].division_code)
    with pytest.raises(ImportRejected) as err:
        registry_import_file(
            actor=worker, registry="party-members", path=write_rows(tmp_path, MEMBER_HEADERS, [row])
        )
    assert err.value.errors[0][:2] == (2, "报到社区") and "找不到辖区" in err.value.errors[0][2]
    assert snapshot() == before
    # The same row inside the worker's area imports, and its history names the worker.
    registry_import_file(
        actor=worker, registry="party-members", path=write_rows(tmp_path, MEMBER_HEADERS, [member_row(tree)])
    )
    member = PartyMember.objects.get(name="张三")
    assert member.history.first().history_user == worker


@pytest.mark.django_db
def test_missing_and_unknown_columns_are_named(tree, tmp_path):
    path = write_rows(tmp_path, ["姓名", "身分证号"], [["张三", ID1]])
    with pytest.raises(ImportRejected) as err:
        registry_import_file(actor=None, registry="party-members", path=path)
    cols = {c for _, c, _ in err.value.errors}
    assert {"身分证号", "身份证号", "报到社区"} <= cols
    assert all(r == 1 for r, _, _ in err.value.errors)


@pytest.mark.django_db
def test_choices_accept_label_or_value_and_roles_are_chinese_labels(tree, tmp_path):
    records = fill_registries(tree)
    ds = registry_export(actor=None, registry="council-members")
    assert ds.dict[0]["身份"] == "五老、楼栋长"
    headers = ["议事会所在辖区", "议事会", "姓名", "手机号", "身份", "党员"]
    council_territory = ds.dict[0]["议事会所在辖区"]
    path = write_rows(
        tmp_path,
        headers,
        [[council_territory, "A第一网格居民议事会", "赵六", 13900139000, "乡贤, veteran", "是"]],
    )
    registry_import_file(actor=None, registry="council-members", path=path)
    member = records["council-members"].council.members.get(name="赵六")
    assert (member.roles, member.is_party_member, member.phone) == (
        ["local_worthy", "veteran"],
        True,
        "13900139000",
    )
    path = write_rows(
        tmp_path, headers, [[council_territory, "A第一网格居民议事会", "钱七", "", "大侠", "否"]]
    )
    with pytest.raises(ImportRejected) as err:
        registry_import_file(actor=None, registry="council-members", path=path)
    assert err.value.errors[0][:2] == (2, "身份") and "大侠" in err.value.errors[0][2]


@pytest.mark.django_db
def test_units_below_the_community_are_named_by_a_path_like_full_name(tree):
    fill_registries(tree)
    ds = registry_export(actor=None, registry="residents")
    code = tree["community_a"].division_code
    assert ds.dict[0]["所在户"] == f"{code}/A第一网格/A1栋/101室"


@pytest.mark.django_db
@pytest.mark.parametrize("registry", PEOPLE_REGISTRIES)
def test_the_template_has_the_headers_and_an_example_row_that_imports(tree, tmp_path, registry):
    fill_registries(tree)
    path = tmp_path / "t.xlsx"
    write_dataset(registry_template(actor=None, registry=registry), path)
    ws = load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[0][0] == "编号"
    if registry == "linked-households":
        pytest.skip("the example links a member and household that are linked already")
    result = registry_import_file(actor=None, registry=registry, path=path)
    assert result.created == 1


@pytest.mark.django_db
def test_export_is_scoped_and_masked_for_a_viewer_without_personal_data(tree):
    records = fill_registries(tree)
    secretary = user_with_role("branch_secretary", tree["street_a"])
    ds = registry_export(actor=secretary, registry="party-members")
    assert [r["姓名"] for r in ds.dict] == [records["party-members"].name]
    assert "*" in ds.dict[0]["身份证号"] and "****" in ds.dict[0]["手机号"]
    worker = user_with_role("community_worker", tree["community_a"])
    assert (
        registry_export(actor=worker, registry="party-members").dict[0]["身份证号"]
        == records["party-members"].id_number
    )


@pytest.mark.django_db
def test_party_org_parents_in_the_same_file_import(tree, tmp_path):
    headers = ["名称", "类型", "所在辖区", "上级组织"]
    code = tree["community_a"].division_code
    path = write_rows(
        tmp_path,
        headers,
        [["A社区党委", "党委", code, ""], ["A网格支部", "branch", f"{code}/A第一网格", "A社区党委"]],
    )
    registry_import_file(actor=None, registry="party-orgs", path=path)
    assert PartyOrg.objects.get(name="A网格支部").parent.name == "A社区党委"


# --- the command line ------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_list_export_template_and_import(tree, tmp_path, capsys):
    fill_registries(tree)
    call_command("registry", "list")
    out = capsys.readouterr().out
    assert "residents" in out and "居民" in out
    call_command(
        "registry",
        "export",
        "residents",
        str(tmp_path / "r.xlsx"),
        "--under",
        tree["community_a"].division_code,
    )
    call_command("registry", "import", "residents", str(tmp_path / "r.xlsx"))
    assert "未变 1" in capsys.readouterr().out
    call_command("registry", "template", "residents", str(tmp_path / "t.xlsx"))
    assert (tmp_path / "t.xlsx").exists()


@pytest.mark.django_db
def test_command_import_refuses_a_bad_file_with_row_column_and_reason(tree, tmp_path):
    fill_registries(tree)
    path = write_rows(
        tmp_path,
        MEMBER_HEADERS,
        [member_row(tree, 手机号="123"), member_row(tree, **{"姓名": "", "身份证号": ID2})],
    )
    with pytest.raises(CommandError) as err:
        call_command("registry", "import", "party-members", str(path))
    first, *rest = str(err.value).splitlines()
    assert first.startswith("第 2 行，列「手机号」：") and "共 2 处错误" in first and "改正" in first
    assert rest and "第 3 行，列「姓名」" in rest[0]
    with pytest.raises(CommandError, match="没有台账"):
        call_command("registry", "import", "nothing", str(path))
    with pytest.raises(CommandError, match="没有用户"):
        call_command("registry", "import", "party-members", str(path), "--user", "ghost")
