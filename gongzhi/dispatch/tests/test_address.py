import jieba
import pytest

from gongzhi.dispatch.address import extract_address, name_forms
from gongzhi.territory.tests.factories import node

pytestmark = pytest.mark.django_db


@pytest.fixture
def bengbu():
    t = {}
    t["city"] = node(None, "city", "蚌埠市")
    t["bengshan"] = node(t["city"], "district", "蚌山区")
    t["longzihu"] = node(t["city"], "district", "龙子湖区")
    t["tianqiao"] = node(t["bengshan"], "street", "天桥街道")
    t["dongfeng_street"] = node(t["longzihu"], "street", "东风街道")
    t["dongfeng"] = node(t["dongfeng_street"], "community", "东风社区居委会", kind="urban")
    t["other_dongfeng"] = node(t["tianqiao"], "community", "东风社区居民委员会", kind="urban")
    t["compound"] = node(t["dongfeng"], "compound", "幸福小区")
    return t


def test_short_forms():
    assert name_forms("蚌山区", "district") == ["蚌山区", "蚌山"]
    assert name_forms("天桥街道", "street") == ["天桥街道", "天桥"]
    assert name_forms("东风社区居委会", "community") == ["东风社区居委会", "东风社区", "东风"]
    assert name_forms("王庄村村民委员会", "community") == ["王庄村村民委员会", "王庄村", "王庄"]


def test_finds_bengshan_district_and_a_street_by_short_name_without_splitting(bengbu):
    assert "蚌山区" not in jieba.lcut("蚌山区天桥附近的路灯坏了")  # the plain dictionary splits it
    found = extract_address("蚌山区天桥附近的路灯坏了，晚上很黑")
    matched = {n.name: text for n, text, _ in found}
    assert found[0][0] == bengbu["tianqiao"]
    assert matched["蚌山区"] == "蚌山区"
    assert matched["天桥街道"] == "天桥"


def test_prefers_the_deeper_node_consistent_with_named_ancestors(bengbu):
    found = extract_address("我住在龙子湖区东风社区的幸福小区，电梯坏了")
    assert found[0][0] == bengbu["compound"]
    ranked = [n for n, _, _ in found]
    # 东风社区 of 龙子湖区 outranks its namesake in 蚌山区, which nothing else in the text supports.
    assert (
        ranked.index(bengbu["dongfeng"]) < ranked.index(bengbu["other_dongfeng"])
        if bengbu["other_dongfeng"] in ranked
        else True
    )
    assert found[0][2] > 0.5


def test_no_place_no_result_and_the_index_follows_the_tree(bengbu):
    assert extract_address("楼上装修每天早上七点就开始敲") == []
    assert extract_address("翠竹苑门口积水") == []
    node(bengbu["dongfeng"], "compound", "翠竹苑")
    assert extract_address("翠竹苑门口积水")[0][0].name == "翠竹苑"


def test_within_keeps_only_the_given_subtree(bengbu):
    found = extract_address("东风社区的问题", within=bengbu["bengshan"].path)
    assert [n for n, _, _ in found] == [bengbu["other_dongfeng"]]
