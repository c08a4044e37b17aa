"""The back office lists every register scoped; the pages' forms run the services and say what happened."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from openpyxl import Workbook

from gongzhi.people.tests.factories import CommunityWorkerFactory, UserFactory
from gongzhi.workforce.models import PayRecord, PayScale, ReserveCandidate
from gongzhi.workforce.tests.factories import PostingFactory, ReserveCandidateFactory, WorkerGradeFactory
from gongzhi.workforce.workflow import PostingKind, ReserveState

pytestmark = pytest.mark.django_db
# Every model but the history tables and the reserve pool's events (shown inline on each candidate).
MODELS = [
    m._meta.model_name
    for m in apps.get_app_config("workforce").get_models()
    if not m.__name__.startswith("Historical") and m.__name__ != "ReserveEvent"
]


@pytest.mark.parametrize("model", MODELS)
def test_every_register_has_a_back_office_list(client, tree, model):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(f"/admin/workforce/{model}/").status_code == 200


def test_the_back_office_shows_staff_only_their_subtree(client, tree, staff):
    PostingFactory(kind=PostingKind.VILLAGE_POLICE, territory=tree["community_a"], person_name="甲警官")
    PostingFactory(kind=PostingKind.VILLAGE_POLICE, territory=tree["community_b"], person_name="乙警官")
    user = staff["street_b"]
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="workforce"))
    client.force_login(user)
    page = client.get("/admin/workforce/posting/").content.decode()
    assert "乙警官" in page and "甲警官" not in page


def test_a_vacancy_is_filled_from_the_pool_page(client, tree, staff, clock):
    ReserveCandidateFactory(territory=tree["community_a"], name="周敏", exam_score=90)
    ReserveCandidateFactory(territory=tree["community_a"], name="吴磊", exam_score=70)
    client.force_login(staff["street_a"])
    r = client.post("/workforce/reserve/promote/", {"territory": tree["community_a"].pk, "post": "居委会委员",
                                                     "back": tree["street_a"].pk}, follow=True)  # fmt: skip
    assert "已由 周敏" in r.content.decode()
    assert ReserveCandidate.objects.get(name="周敏").state == ReserveState.PROMOTED
    client.force_login(staff["street_b"])
    assert (
        client.post(
            "/workforce/reserve/promote/", {"territory": tree["community_a"].pk, "post": "委员"}
        ).status_code
        == 404
    )


def test_pay_is_computed_from_the_workers_page(client, tree, staff, post_types, pay_table, clock):
    WorkerGradeFactory(worker=CommunityWorkerFactory(territory=tree["community_a"]), post_type=post_types["staff"],
                       since=dt.date(2020, 1, 1))  # fmt: skip
    client.force_login(staff["desk_a"])
    r = client.post(
        "/workforce/pay/compute/", {"territory": tree["community_a"].pk, "year": 2025}, follow=True
    )
    assert "只有街道及以上组织部门" in r.content.decode() and not PayRecord.objects.exists()
    client.force_login(staff["street_a"])
    r = client.post("/workforce/pay/compute/", {"territory": tree["street_a"].pk, "year": 2025}, follow=True)
    assert "已核算 2025 年度报酬：1 人" in r.content.decode()


def test_the_pay_table_page_imports_a_file_for_the_city_only(client, tree, staff, post_types, tmp_path):
    wb = Workbook()
    wb.active.append(["制定单位", "年度", "岗位类别", "等级", "月基本报酬(元)"])
    wb.active.append([tree["city"].division_code, 2026, "社区正职", 1, "三千"])
    wb.save(tmp_path / "pay.xlsx")
    client.force_login(staff["city"])
    with open(tmp_path / "pay.xlsx", "rb") as f:
        r = client.post(
            "/workforce/pay-table/import/", {"file": f, "territory": tree["city"].pk}, follow=True
        )
    assert "第 2 行，列「月基本报酬(元)」" in r.content.decode()
    assert not PayScale.objects.exists()
    client.force_login(staff["street_a"])
    with open(tmp_path / "pay.xlsx", "rb") as f:
        r = client.post("/workforce/pay-table/import/", {"file": f}, follow=True)
    assert "只有市、区县组织部门可以导入报酬标准" in r.content.decode()
    assert "导入 2026 年报酬标准" not in client.get("/workforce/pay-table/?year=2026").content.decode()
