"""The API: schemes, scoped results with lines, run, appeal and decide; out of scope is 404."""

import pytest
from rest_framework.test import APIClient

from gongzhi.assessment.models import Result
from gongzhi.assessment.services import scheme_run

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.fixture
def ran(scheme, orgs, cast, clock):
    scheme_run(actor=None, scheme_code="test-branch", period_key="2024")
    return {r.subject_id: r for r in Result.objects.all()}


def test_schemes_list_their_indicators_grades_and_periods(ran, cast):
    body = api(cast["street_a"]).get("/api/v1/assessment/schemes/").json()
    scheme = next(s for s in body if s["code"] == "test-branch")
    assert scheme["periods"] == ["2024"] and scheme["version"] == 1
    assert [i["code"] for i in scheme["indicators"]] == ["resolution", "overdue", "incidents", "life"]
    assert [g["code"] for g in scheme["grades"]] == ["5", "4", "3", "2", "1"]


def test_results_are_scoped_filtered_and_paginated(ran, cast, tree, django_assert_max_num_queries):
    c = api(cast["street_a"])
    with django_assert_max_num_queries(12):
        body = c.get("/api/v1/assessment/results/?scheme=test-branch&period=2024").json()
    assert body["count"] == 2 and {r["subject_name"] for r in body["results"]} == {
        "A社区党支部",
        "甲村党支部",
    }
    assert api(cast["city"]).get("/api/v1/assessment/results/?grade=1").json()["count"] == 2
    node = api(cast["city"]).get(f"/api/v1/assessment/results/?territory={tree['community_b'].pk}").json()
    assert [r["subject_name"] for r in node["results"]] == ["B社区党支部"]
    assert c.get(f"/api/v1/assessment/results/?territory={tree['community_b'].pk}").status_code == 404


def test_a_result_has_its_lines_and_out_of_scope_is_404(ran, cast, orgs):
    a = ran[orgs["a"].pk]
    body = api(cast["street_a"]).get(f"/api/v1/assessment/results/{a.pk}/").json()
    assert [ln["code"] for ln in body["lines"]] == ["resolution", "overdue", "incidents", "life"]
    assert body["lines"][0]["explanation"].startswith("办结率 93.1%（27/29）")
    assert api(cast["street_b"]).get(f"/api/v1/assessment/results/{a.pk}/").status_code == 404


def test_run_review_publish_appeal_and_decide_through_the_api(ran, cast, orgs):
    c = api(cast["city"])
    again = c.post(
        "/api/v1/assessment/runs/", {"scheme": "test-branch", "period": "2024"}, format="json"
    ).json()
    assert (again["assessed"], again["changed"]) == (3, 0)
    assert (
        api(cast["worker_a"])
        .post("/api/v1/assessment/runs/", {"scheme": "test-branch", "period": "2024"})
        .status_code
        == 403
    )
    a = ran[orgs["a"].pk]
    assert c.post(f"/api/v1/assessment/results/{a.pk}/review/", {}).json()["state"] == "reviewed"
    assert c.post(f"/api/v1/assessment/results/{a.pk}/publish/", {}).json()["published"] is True
    line = a.lines.get(code="overdue")
    body = (
        api(cast["secretary_a"])
        .post(
            f"/api/v1/assessment/results/{a.pk}/appeal/",
            {"line_id": line.pk, "reason": "其中两件已办结"},
            format="json",
        )
        .json()
    )
    assert body["state"] == "appealed"
    refused = api(cast["secretary_a"]).post(
        f"/api/v1/assessment/results/{a.pk}/decide/", {"decision": "uphold", "reason": "x"}
    )
    assert refused.status_code == 403 and "考核人" in refused.json()["detail"]
    body = (
        api(cast["street_a"])
        .post(
            f"/api/v1/assessment/results/{a.pk}/decide/",
            {"decision": "correct", "reason": "核实", "points": "4.5"},
            format="json",
        )
        .json()
    )
    assert (body["number"], body["state"], body["score"]) == (2, "published", "13.2")
    assert (
        api(cast["city"]).post("/api/v1/assessment/runs/", {"scheme": "nope", "period": "2024"}).status_code
        == 404
    )
    bad = c.post("/api/v1/assessment/runs/", {"scheme": "test-branch", "period": "2024H1"}).json()
    assert bad["code"] == "bad_period" and "年度" in bad["detail"]
