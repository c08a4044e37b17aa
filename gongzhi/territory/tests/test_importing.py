from pathlib import Path

import pytest

from gongzhi.core.errors import ImportRejected
from gongzhi.territory.importing import territory_import_file
from gongzhi.territory.models import Territory
from gongzhi.territory.selectors import territory_count

DIVISIONS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "divisions"
CITY_FILES = [
    "bengbu-3403.csv",
    "panzhihua-5104.csv",
    "zhangzhou-3506.csv",
    "binzhou-3716.csv",
    "shanwei-4415.csv",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", CITY_FILES)
def test_each_seed_city_imports_cleanly_and_reimport_changes_nothing(name):
    rows = sum(1 for _ in (DIVISIONS / name).open(encoding="utf-8")) - 1
    first = territory_import_file(path=DIVISIONS / name)
    assert first.created == rows
    assert Territory.objects.count() == rows
    history_rows = Territory.history.count()
    second = territory_import_file(path=DIVISIONS / name)
    assert (second.created, second.updated, second.moved) == (0, 0, 0)
    assert Territory.history.count() == history_rows


@pytest.mark.django_db
def test_bengbu_counts_match_the_official_list():
    territory_import_file(path=DIVISIONS / "bengbu-3403.csv")
    bengbu = Territory.objects.get(division_code="340300000000")
    assert territory_count(node=bengbu, level="street") == 87
    assert territory_count(node=bengbu, level="community") == 1157
    # The parent of every node is the one the file names.
    street = Territory.objects.get(division_code="340302001000")
    assert street.get_parent().division_code == "340302000000"


def _write(tmp_path, body: str) -> Path:
    p = tmp_path / "d.csv"
    p.write_text("code,name,parent_code,level,kind\n" + body, encoding="utf-8")
    return p


GOOD = "340000000000,安徽省,,province,\n340300000000,蚌埠市,340000000000,city,\n"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad_row, column, words",
    [
        ("340302000000,龙子湖区,349900000000,district,", "上级代码", "不存在"),
        ("340300000000,重复市,340000000000,city,", "区划代码", "重复"),
        ("340302000000,,340300000000,district,", "名称", "为空"),
        ("340302000000,龙子湖区,340000000000,community,urban", "层级", "不能放在省之下"),
        ("340302000000,龙子湖区,340300000000,county,", "层级", "不存在"),
    ],
)
def test_a_file_with_one_bad_row_is_refused_whole(tmp_path, bad_row, column, words):
    path = _write(tmp_path, GOOD + bad_row + "\n")
    with pytest.raises(ImportRejected) as err:
        territory_import_file(path=path)
    row, col, reason = err.value.errors[0]
    assert (row, col) == (4, column)
    assert words in reason
    assert Territory.objects.count() == 0
    assert Territory.history.count() == 0


@pytest.mark.django_db
def test_a_bad_file_leaves_an_existing_tree_as_it_was(tmp_path):
    territory_import_file(path=_write(tmp_path, GOOD))
    before = list(Territory.objects.values_list("path", "name", "level"))
    with pytest.raises(ImportRejected):
        territory_import_file(
            path=_write(tmp_path, GOOD.replace("蚌埠市", "新名") + "x,坏,340300000000,district,\n")
        )
    assert list(Territory.objects.values_list("path", "name", "level")) == before


@pytest.mark.django_db
def test_reimport_renames_and_moves_and_new_rows_extend_the_tree(tmp_path):
    territory_import_file(
        path=_write(
            tmp_path,
            GOOD
            + "340302000000,龙子湖区,340300000000,district,\n340302001000,东风街道,340302000000,street,\n"
            "340303000000,蚌山区,340300000000,district,\n",
        )
    )
    result = territory_import_file(
        path=_write(
            tmp_path,
            GOOD + "340302000000,龙子湖区（新）,340300000000,district,\n"
            "340302001000,东风街道,340303000000,street,\n340303000000,蚌山区,340300000000,district,\n"
            "340303001000,天桥街道,340303000000,street,\n",
        )
    )
    assert (result.created, result.updated, result.moved) == (1, 1, 1)
    bengshan = Territory.objects.get(division_code="340303000000")
    assert sorted(c.name for c in bengshan.get_children()) == ["东风街道", "天桥街道"]
    assert Territory.objects.get(division_code="340302000000").name == "龙子湖区（新）"
    assert bengshan.get_children_count() == 2 and Territory.objects.get(pk=bengshan.pk).numchild == 2


@pytest.mark.django_db
def test_excel_with_chinese_headers_imports(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["区划代码", "名称", "上级代码", "层级", "类型"])
    ws.append([340000000000, "安徽省", None, "省", None])
    ws.append([340300000000, "蚌埠市", 340000000000, "市", None])
    wb.save(tmp_path / "d.xlsx")
    result = territory_import_file(path=tmp_path / "d.xlsx")
    assert result.created == 2
    assert Territory.objects.get(division_code="340300000000").get_parent().name == "安徽省"
