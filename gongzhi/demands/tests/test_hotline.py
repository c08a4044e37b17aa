"""Hotline transfer: a file of 12345 / 12348 / 110 orders goes in whole, once, or not at all."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from openpyxl import Workbook, load_workbook

from gongzhi.demands.hotline import COLUMNS
from gongzhi.demands.models import Demand, DemandEvent

GOOD = [
    ["HL001", "12345", "2026-11-02 09:15", "李桂兰", "13912345678", "A社区3号楼", "楼道灯坏了一周", ""],
    ["HL002", "110", "2026-11-02 22:40", "赵建国", "", "A第一网格", "楼上装修噪音扰民到深夜", "矛盾调解"],
    ["HL001", "12348", "2026-11-03 10:00", "孙丽", "", "", "咨询遗产继承的法律问题", ""],
]


def workbook(rows, path, headers=COLUMNS):
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def good_file(tmp_path):
    return workbook(GOOD, tmp_path / "orders.xlsx")


def test_the_command_imports_every_order_and_a_second_run_creates_nothing(cast, good_file, capsys):
    call_command("demands", "import-hotline", str(good_file), "--user", "desk")
    assert "新建诉求 3 条" in capsys.readouterr().out
    demands = Demand.objects.order_by("id")
    assert [d.channel for d in demands] == ["hotline"] * 3
    assert demands[0].territory == cast["tree"]["community_a"]
    assert demands[1].territory == cast["tree"]["grid_a"] and demands[1].category.name == "矛盾调解"
    assert demands[2].territory is None  # no address: waits in triage
    event = DemandEvent.objects.get(demand=demands[0], action="submit")
    assert event.extra["source"] == "12345" and event.extra["order_no"] == "HL001"
    assert event.extra["received_at"].startswith("2026-11-02T09:15")

    call_command("demands", "import-hotline", str(good_file), "--user", "official")
    assert "新建诉求 0 条，此前已导入 3 条" in capsys.readouterr().out
    assert Demand.objects.count() == 3


def test_a_file_with_one_bad_row_is_refused_whole_with_row_column_and_reason(cast, tmp_path):
    rows = [*GOOD, ["HL009", "12306", "2026-11-04 08:00", "周强", "123", "A社区", "", ""]]
    path = workbook(rows, tmp_path / "bad.xlsx")
    with pytest.raises(CommandError) as err:
        call_command("demands", "import-hotline", str(path), "--user", "desk")
    message = str(err.value)
    assert "第 5 行，列「内容」：不能为空" in message
    assert "第 5 行，列「来源」：「12306」不是 12345、12348 或 110" in message
    assert "第 5 行，列「电话」" in message
    assert "文件未导入" in message
    assert not Demand.objects.exists()


def test_repeated_order_numbers_and_bad_times_are_named(cast, tmp_path):
    rows = [GOOD[0], GOOD[0], ["HL003", "12345", "明天上午", "", "", "", "路灯不亮", ""]]
    path = workbook(rows, tmp_path / "bad.xlsx")
    with pytest.raises(CommandError) as err:
        call_command("demands", "import-hotline", str(path), "--user", "desk")
    assert "第 3 行，列「工单号」：与第 2 行重复" in str(err.value)
    assert "第 4 行，列「时间」" in str(err.value)


def test_only_the_front_desk_may_import(cast, good_file):
    with pytest.raises(CommandError, match="热线转办"):
        call_command("demands", "import-hotline", str(good_file), "--user", "resident")
    assert not Demand.objects.exists()


def test_the_page_offers_the_template_and_reports_errors_in_chinese(cast, tmp_path):
    client = Client()
    client.force_login(cast["desk"])
    template = client.get("/demands/hotline/template.xlsx")
    headers = next(load_workbook(io.BytesIO(template.content)).active.values)
    assert list(headers) == COLUMNS

    bad = workbook([["HL1", "12345", "2026-11-02 09:15", "", "", "", "", ""]], tmp_path / "b.xlsx")
    with bad.open("rb") as f:
        response = client.post("/demands/hotline/", {"file": f})
    assert response.status_code == 400
    assert "第 2 行，列「内容」：不能为空" in response.content.decode()

    with workbook(GOOD, tmp_path / "g.xlsx").open("rb") as f:
        response = client.post("/demands/hotline/", {"file": f})
    assert response.status_code == 200 and "新建诉求 3 条" in response.content.decode()

    resident = Client()
    resident.force_login(cast["resident"])
    assert resident.get("/demands/hotline/").status_code == 403
