"""Every register of volunteering, points and property in Excel: round trips, refusals, append-only ledgers."""

from __future__ import annotations

import pytest
from django.apps import apps
from openpyxl import Workbook

from gongzhi.core.errors import ImportRejected
from gongzhi.people.importing import read_dataset, registry_export, registry_import_file, write_dataset
from gongzhi.people.tests.factories import user_with_role
from gongzhi.points.models import PointEntry, Redemption
from gongzhi.volunteering.models import SignUp
from gongzhi.volunteering.tests.factories import VolunteerFactory
from gongzhi.volunteering.tests.registers import OURS, fill

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    out = {}
    for label in ("volunteering", "points", "property"):
        for model in apps.get_app_config(label).get_models():
            out[model.__name__] = sorted(map(repr, model.objects.values_list()))
    return out


def export_to(tmp_path, name, actor=None):
    path = tmp_path / f"{name}.xlsx"
    write_dataset(registry_export(actor=actor, registry=name), path)
    return path


def write_rows(tmp_path, headers, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(tmp_path / "bad.xlsx")
    return tmp_path / "bad.xlsx"


@pytest.mark.parametrize("registry", OURS)
def test_each_register_exports_and_imports_back_with_no_change(tree, tmp_path, registry):
    fill(tree)
    before = snapshot()
    path = export_to(tmp_path, registry)
    assert len(read_dataset(path)) >= 1

    result = registry_import_file(actor=None, registry=registry, path=path)

    assert (result.created, result.updated) == (0, 0)
    assert snapshot() == before


def test_a_file_with_one_bad_row_writes_nothing(tree, tmp_path):
    fill(tree)
    before = snapshot()
    code = tree["community_a"].division_code
    path = write_rows(
        tmp_path,
        ["姓名", "手机号", "注册社区"],
        [["王一", "13900000001", code], ["王二", "12345", code], ["王三", "13900000003", "不存在的社区"]],
    )
    with pytest.raises(ImportRejected) as refused:
        registry_import_file(actor=None, registry="volunteers", path=path)
    assert [(r, c) for r, c, _ in refused.value.errors] == [(3, "手机号"), (4, "注册社区")]
    assert snapshot() == before


def test_a_sign_up_sheet_may_not_fill_an_activity_beyond_capacity(tree, tmp_path):
    records = fill(tree)
    activity = records["activities"]  # capacity 2, one seat taken
    extra = [VolunteerFactory(territory=tree["community_a"], name=f"志愿者{i}") for i in range(2)]
    path = write_rows(
        tmp_path,
        ["活动编号", "志愿者", "状态"],
        [[f"#{activity.pk}", f"#{v.pk}", "已报名"] for v in extra],
    )
    with pytest.raises(ImportRejected) as refused:
        registry_import_file(actor=None, registry="sign-ups", path=path)
    assert refused.value.errors[0][0] == 3 and "名额已满" in refused.value.errors[0][2]
    assert SignUp.objects.filter(activity=activity).count() == 1


def test_ledger_rows_are_only_added_through_the_rules_and_never_changed_by_a_file(tree, tmp_path):
    records = fill(tree)
    home_key = read_dataset(export_to(tmp_path, "point-entries")).dict[0]["积分户/志愿者"]
    added = write_rows(
        tmp_path,
        ["积分户/志愿者", "规则代码", "事由", "发生日期"],
        [[home_key, "help", "帮邻居修水管", "2024-06-01"]],
    )
    assert registry_import_file(actor=None, registry="point-entries", path=added).created == 1
    assert PointEntry.objects.filter(reason="帮邻居修水管", points=30).exists()

    entry = records["point-entries"]
    changed = write_rows(
        tmp_path,
        ["编号", "积分户/志愿者", "事由", "发生日期"],
        [[entry.pk, home_key, "改过的事由", "2024-05-01"]],
    )
    with pytest.raises(ImportRejected):
        registry_import_file(actor=None, registry="point-entries", path=changed)
    entry.refresh_from_db()
    assert entry.reason == "邻里互助"


def test_a_redemption_sheet_cannot_overdraw(tree, tmp_path):
    records = fill(tree)  # balance 30 − 10 = 20
    home_key = read_dataset(export_to(tmp_path, "redemptions")).dict[0]["积分户/志愿者"]
    item = records["shop-items"]
    path = write_rows(
        tmp_path,
        ["积分户/志愿者", "商品编号", "数量"],
        [[home_key, f"#{item.pk}", 1], [home_key, f"#{item.pk}", 2]],
    )
    with pytest.raises(ImportRejected) as refused:
        registry_import_file(actor=None, registry="redemptions", path=path)
    assert "积分不足" in refused.value.errors[0][2]
    assert Redemption.objects.count() == 1


def test_export_is_scoped_and_masks_personal_data(tree):
    fill(tree)
    far = user_with_role("community_worker", tree["community_b"])
    assert len(registry_export(actor=far, registry="volunteers")) == 0
    viewer = user_with_role("branch_secretary", tree["community_a"])
    row = registry_export(actor=viewer, registry="volunteers").dict[0]
    assert "****" in row["手机号"] and "*" in row["对应居民身份证号"]
