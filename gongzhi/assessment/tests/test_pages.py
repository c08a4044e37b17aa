"""Every page answers in Chinese for those who may open it; out of scope is 404; lists export to Excel."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongzhi.assessment.models import Result, Scheme
from gongzhi.assessment.services import (
    results_bulk_transition,
    scheme_run,
    selection_add_members,
    selection_create,
)
from gongzhi.people.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def ran(scheme, orgs, cast, clock):
    scheme_run(actor=None, scheme_code="test-branch", period_key="2024")
    results_bulk_transition(actor=cast["city"], scheme_code="test-branch", period_key="2024", action="review")
    results_bulk_transition(
        actor=cast["city"], scheme_code="test-branch", period_key="2024", action="publish"
    )
    return {r.subject_id: r for r in Result.objects.all()}


def no_raw_codes(html: str) -> None:
    text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S))
    for code in ("test-branch", "testassess", "computed", "published", "linear", "figure", "manual"):
        assert code not in text, code


def test_the_index_starts_with_the_work(ran, cast):
    html = client_for(cast["street_a"]).get("/assessment/").content.decode()
    assert "考评工作台" in html and "测试支部考评" in html and "待办" in html
    no_raw_codes(html)


def test_the_scheme_page_lists_results_with_a_grade_filter_and_exports(
    ran, cast, orgs, django_assert_max_num_queries
):
    c = client_for(cast["city"])
    with django_assert_max_num_queries(25):
        html = c.get("/assessment/schemes/test-branch/?period=2024").content.decode()
    assert "A社区党支部" in html and "运行本期" in html and "考核指标" in html
    no_raw_codes(html)
    only = c.get("/assessment/schemes/test-branch/?period=2024&grade=2").content.decode()
    assert "A社区党支部" in only and "B社区党支部" not in only
    xlsx = c.get("/assessment/schemes/test-branch/?period=2024&format=xlsx")
    assert xlsx["Content-Type"] == XLSX


def test_the_result_page_explains_each_indicator(ran, cast, orgs):
    r = ran[orgs["a"].pk]
    html = client_for(cast["street_a"]).get(f"/assessment/results/{r.pk}/").content.decode()
    assert "介于底线 80% 与目标 95% 之间，按线性得 8.7 分（满分 10）" in html
    assert "流转记录" in html and "保存评分" in html
    no_raw_codes(html)
    mine = client_for(cast["secretary_a"]).get(f"/assessment/results/{r.pk}/").content.decode()
    assert "申诉理由" in mine and "保存评分" not in mine


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("city", 200),
        ("district_a", 200),
        ("street_a", 200),
        ("secretary_a", 200),
        ("street_b", 404),
        ("resident", 404),
    ],
)
def test_a_result_page_is_out_of_scope_like_missing(ran, cast, orgs, who, status):
    r = ran[orgs["a"].pk]
    assert client_for(cast[who]).get(f"/assessment/results/{r.pk}/").status_code == status


def test_the_appeal_goes_through_the_pages(ran, cast, orgs):
    r = ran[orgs["a"].pk]
    line = r.lines.get(code="life")
    resp = client_for(cast["secretary_a"]).post(
        f"/assessment/results/{r.pk}/step/",
        {"action": "appeal", "line_id": line.pk, "reason": "组织生活有记录"},
    )
    assert resp.status_code == 302
    resp = client_for(cast["street_a"]).post(
        f"/assessment/results/{r.pk}/step/",
        {"action": "correct", "points": "10", "reason": "补录后按 60 分档"},
    )
    new = Result.objects.get(subject_id=orgs["a"].pk, current=True)
    assert resp["Location"].endswith(f"/assessment/results/{new.pk}/") and new.number == 2


def test_the_board_counts_grades_per_child_and_names_the_lowest(ran, cast):
    c = client_for(cast["city"])
    html = c.get("/assessment/schemes/test-branch/board/?period=2024").content.decode()
    assert "A区" in html and "一星" in html and "B社区党支部" in html
    assert c.get("/assessment/schemes/test-branch/board/?period=2024&format=xlsx")["Content-Type"] == XLSX
    assert client_for(cast["resident"]).get("/assessment/schemes/test-branch/board/").status_code == 403


def test_the_public_board_shows_published_board_results_without_scores(ran, cast, scheme):
    scheme.publish_to_board = True
    scheme.save()
    html = client_for(cast["resident"]).get("/assessment/public/").content.decode()
    assert "考评公示" in html and "A社区党支部" in html and "12.2" not in html


def test_the_selection_pages(ran, cast, orgs, tree):
    Scheme.objects.filter(code="test-branch").update(subject_kind="secretary")
    Result.objects.update(subject_kind="secretary")
    s = selection_create(
        actor=cast["city"], territory_id=tree["city"].pk, year="2024", scheme_code="test-branch", seats=1
    )
    selection_add_members(actor=cast["city"], selection_id=s.pk, user_ids=[cast["district_a"].pk])
    c = client_for(cast["city"])
    assert "十佳书记评选" in c.get("/assessment/selections/").content.decode()
    html = c.get(f"/assessment/selections/{s.pk}/").content.decode()
    assert "开始投票" in html and "张建国" in html
    assert c.get(f"/assessment/selections/{s.pk}/?format=xlsx")["Content-Type"] == XLSX
    assert client_for(cast["street_b"]).get(f"/assessment/selections/{s.pk}/").status_code == 404


def test_the_index_refuses_residents(cast, tree):
    assert client_for(cast["resident"]).get("/assessment/").status_code == 403


def test_a_run_from_the_page_says_what_it_did(scheme, orgs, cast, clock):
    resp = client_for(cast["city"]).post(
        "/assessment/schemes/test-branch/run/", {"period": "2024"}, follow=True
    )
    assert "考核 3 个，新增或更新 3 个结果" in resp.content.decode()
    again = client_for(cast["city"]).post(
        "/assessment/schemes/test-branch/run/", {"period": "2024"}, follow=True
    )
    assert "输入均未变化，没有改写任何结果" in again.content.decode()
    bad = client_for(cast["worker_a"]).post(
        "/assessment/schemes/test-branch/run/", {"period": "2024"}, follow=True
    )
    assert "只有街道、区县、市级考核人员可以运行考评" in bad.content.decode()


def test_the_back_office_shows_schemes_and_keeps_a_version_in_use_read_only(ran, scheme):
    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    c = client_for(admin_user)
    assert c.get("/admin/assessment/scheme/").status_code == 200
    version = scheme.versions.get()
    html = c.get(f"/admin/assessment/schemeversion/{version.pk}/change/").content.decode()
    assert "另存为新版本并修改" in html
    resp = c.get(f"/admin/assessment/schemeversion/{version.pk}/next/", follow=True)
    assert "已另存为第2版" in resp.content.decode()
    assert c.get("/admin/assessment/indicator/import/").status_code == 200
    assert c.get("/admin/assessment/result/").status_code == 200


def test_a_manual_score_with_evidence_is_entered_on_the_result_page_and_served_to_who_may_see_it(
    ran, cast, orgs, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    r = ran[orgs["a"].pk]
    c = client_for(cast["street_a"])
    upload = SimpleUploadedFile("记录.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    c.post(
        f"/assessment/results/{r.pk}/manual/",
        {"indicator": "life", "value": "92", "note": "组织生活会 12 次", "evidence": upload},
    )
    scheme_run(actor=None, scheme_code="test-branch", period_key="2024")
    new = Result.objects.get(subject_id=orgs["a"].pk, current=True)
    line = new.lines.get(code="life")
    assert line.points == 20 and line.evidence.evidence
    assert c.get(f"/assessment/evidence/{line.evidence_id}/").status_code == 200
    assert client_for(cast["secretary_a"]).get(f"/assessment/evidence/{line.evidence_id}/").status_code == 200
    assert client_for(cast["street_b"]).get(f"/assessment/evidence/{line.evidence_id}/").status_code == 404
    refused = c.post(
        f"/assessment/results/{r.pk}/manual/", {"indicator": "life", "value": "92", "note": ""}, follow=True
    )
    assert "请填写评分依据" in refused.content.decode()
