"""The workforce registers in Excel: the pay table all or nothing, who may import it, round trips."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from gongzhi.core.errors import ImportRejected
from gongzhi.people.importing import read_dataset, registry_export, registry_import_file, write_dataset
from gongzhi.people.tests.factories import CommunityWorkerFactory, CouncilFactory, CouncilMemberFactory
from gongzhi.workforce.models import Enrollment, PayScale, Posting, WorkerGrade
from gongzhi.workforce.resources import RESOURCES
from gongzhi.workforce.tests.factories import CourseFactory, PostingFactory, ReserveCandidateFactory

pytestmark = pytest.mark.django_db
HEADERS = ["制定单位", "年度", "岗位类别", "等级", "月基本报酬(元)"]


def xlsx(path, headers, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_a_pay_table_with_one_bad_row_is_refused_whole_naming_the_row(tree, staff, tmp_path, post_types):
    code = tree["city"].division_code
    path = xlsx(tmp_path / "pay.xlsx", HEADERS, [
        [code, 2026, "社区专职工作者", 1, 3300],
        [code, 2026, "社区专职工作者", 2, 3420],
        [code, 2026, "社区专职工作者", 19, 3540],  # there is no grade 19
        [code, 2026, "居委会主任", 3, 3660],  # not a post type
    ])  # fmt: skip
    with pytest.raises(ImportRejected) as exc:
        registry_import_file(actor=staff["city"], registry="pay-scales", path=path)
    assert exc.value.message.startswith("第 4 行，列「等级」")
    assert "文件未导入，数据库未改变" in exc.value.message
    assert any(e[0] == 5 and e[1] == "岗位类别" and "社区正职" in e[2] for e in exc.value.errors)
    assert not PayScale.objects.exists()


def test_the_city_imports_its_pay_table_and_a_second_import_changes_nothing(
    tree, staff, tmp_path, post_types
):
    code = tree["city"].division_code
    rows = [
        [code, 2026, label, g, 3200 + 120 * g]
        for label in ("社区正职", "社区副职", "社区专职工作者")
        for g in range(1, 19)
    ]
    path = xlsx(tmp_path / "pay.xlsx", HEADERS, rows)
    first = registry_import_file(actor=staff["city"], registry="pay-scales", path=path)
    again = registry_import_file(actor=staff["city"], registry="pay-scales", path=path)
    assert (first.created, again.created, again.updated) == (54, 0, 0)
    assert PayScale.objects.get(post_type=post_types["head"], grade=18).monthly_base == Decimal(
        3200 + 120 * 18
    )


def test_only_a_city_or_county_sets_a_pay_table(tree, staff, tmp_path, post_types):
    path = xlsx(
        tmp_path / "pay.xlsx", HEADERS, [[tree["district_a"].division_code, 2026, "社区正职", 1, 5000]]
    )
    with pytest.raises(ImportRejected) as exc:  # a street official: in scope, but not the one who sets pay
        registry_import_file(actor=staff["street_a"], registry="pay-scales", path=path)
    assert "制定单位" in exc.value.message
    registry_import_file(actor=staff["district_a"], registry="pay-scales", path=path)
    community = xlsx(
        tmp_path / "c.xlsx", HEADERS, [[tree["community_a"].division_code, 2026, "社区正职", 1, 5000]]
    )
    with pytest.raises(ImportRejected):  # a community is no 制定单位
        registry_import_file(actor=staff["city"], registry="pay-scales", path=community)
    assert PayScale.objects.count() == 1


def test_computed_pay_is_not_imported(tree, staff, tmp_path):
    path = xlsx(tmp_path / "p.xlsx", ["年度", "姓名"], [[2025, "张三"]])
    with pytest.raises(ImportRejected) as exc:
        registry_import_file(actor=staff["city"], registry="pay-records", path=path)
    assert "由平台核算" in exc.value.message


def test_registers_round_trip_through_excel(tree, staff, tmp_path, post_types):
    worker = CommunityWorkerFactory(territory=tree["community_a"])
    WorkerGrade.objects.create(
        worker=worker, post_type=post_types["staff"], grade=4, since=dt.date(2024, 1, 1)
    )
    PostingFactory(territory=tree["village_a"], phone="13912345678")
    ReserveCandidateFactory(territory=tree["community_a"])
    for registry in ("worker-grades", "postings", "reserve-candidates"):
        path = tmp_path / f"{registry}.xlsx"
        write_dataset(registry_export(actor=None, registry=registry), path)
        result = registry_import_file(actor=staff["city"], registry=registry, path=path)
        assert (result.rows, result.created, result.updated) == (1, 0, 0), registry
    assert read_dataset(tmp_path / "postings.xlsx").dict[0]["手机号"] == "13912345678"
    # a street official's export masks the phone: the role does not need it
    assert registry_export(actor=staff["street_a"], registry="postings").dict[0]["手机号"] == "139****5678"


def test_a_roll_names_people_by_kind_and_number_and_takes_name_and_place_from_the_registry(
    tree, staff, tmp_path
):
    council = CouncilFactory(territory=tree["community_a"])
    member = CouncilMemberFactory(council=council, name="钱学文")
    course = CourseFactory(territory=tree["street_a"])
    path = xlsx(
        tmp_path / "e.xlsx",
        ["培训班编号", "学员类别", "学员编号"],
        [[f"#{course.pk}", "议事会成员", member.pk]],
    )
    registry_import_file(actor=staff["street_a"], registry="enrollments", path=path)
    e = Enrollment.objects.get()
    assert (e.name, e.territory, e.person_id) == ("钱学文", tree["community_a"], member.pk)
    bad = xlsx(
        tmp_path / "b.xlsx", ["培训班编号", "学员类别", "学员编号"], [[f"#{course.pk}", "议事会成员", 999999]]
    )
    with pytest.raises(ImportRejected) as exc:
        registry_import_file(actor=staff["street_a"], registry="enrollments", path=bad)
    assert "第 2 行，列「学员编号」" in exc.value.message


def test_every_register_is_known_to_the_registry_command(tree, tmp_path, capsys):
    call_command("registry", "list")
    listed = capsys.readouterr().out
    assert all(name in listed for name in RESOURCES)
    with pytest.raises(CommandError):
        call_command("registry", "import", "pay-scales", str(tmp_path / "missing.xlsx"))
    assert not Posting.objects.exists()
