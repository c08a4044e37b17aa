"""A small scheme computed by hand and matched by the run; a second run changes nothing; a changed input makes a version."""

from decimal import Decimal

import pytest

from gongzhi.assessment.models import AssessmentRun, Result, ResultEvent
from gongzhi.assessment.selectors import results_for
from gongzhi.assessment.services import manual_score_enter, scheme_run
from gongzhi.assessment.workflow import State
from gongzhi.core.errors import PermissionDenied, ValidationFailed
from gongzhi.core.figures import Value

pytestmark = pytest.mark.django_db


def enter(cast, orgs, key, value, note="全年组织生活会 12 次"):
    return manual_score_enter(
        actor=cast["street_a"] if key != "b" else cast["city"],
        scheme_code="test-branch",
        indicator_code="life",
        period_key="2024",
        subject_id=orgs[key].pk,
        value=value,
        note=note,
    )


def test_the_run_matches_the_scheme_computed_by_hand(scheme, orgs, cast, clock):
    # given the manual 组织生活 scores: A 85 (→15), B 95 (→20), the village none (→0)
    enter(cast, orgs, "a", 85)
    enter(cast, orgs, "b", 95)
    # when the scheme runs for 2024
    outcome = scheme_run(actor=None, scheme_code="test-branch", period_key="2024")
    # then A: 8.7 + 3.5 + 0 + 15 = 27.2 (四星); B: 0 + 5 + 0 + 20 = 25 but vetoed (一星); village: 5 + 4 + 0 + 0 = 9 (一星)
    got = {r.subject_id: r for r in Result.objects.all()}
    a, b, v = got[orgs["a"].pk], got[orgs["b"].pk], got[orgs["v"].pk]
    assert (a.score, a.grade, a.grade_label, a.vetoed) == (Decimal("27.2"), "4", "四星", False)
    assert (b.score, b.grade, b.vetoed) == (Decimal("25.0"), "1", True)
    assert (v.score, v.grade) == (Decimal("9.0"), "1")
    assert orgs["g"].pk not in got  # a 党小组 is not a branch subject
    assert outcome.as_json() == {
        "scheme": "test-branch",
        "period": "2024",
        "assessed": 3,
        "changed": 3,
        "grades": {"5": 0, "4": 1, "3": 0, "2": 0, "1": 2},
    }
    lines = {ln.code: ln for ln in a.lines.all()}
    assert lines["resolution"].explanation == (
        "办结率 93.1%（27/29），介于底线 80% 与目标 95% 之间，按线性得 8.7 分（满分 10）。"
    )
    assert (lines["resolution"].value, lines["resolution"].numerator, lines["resolution"].denominator) == (
        0.931,
        27,
        29,
    )
    assert lines["life"].evidence.note == "全年组织生活会 12 次"
    assert "评分依据：全年组织生活会 12 次" in lines["life"].explanation
    assert "一票否决" in b.lines.get(code="incidents").explanation
    assert "样本不足（4，少于 10）" in v.lines.get(code="resolution").explanation
    assert a.subject_name == "A社区党支部" and "张建国" in a.subject_post
    summary = results_for(scheme_code="test-branch", period_key="2024")
    assert summary[orgs["a"].pk].grade_label == "四星" and summary[orgs["a"].pk].published is False


def test_a_second_run_changes_nothing_and_says_so(scheme, orgs, cast, clock):
    enter(cast, orgs, "a", 85)
    scheme_run(actor=None, scheme_code="test-branch", period_key="2024")
    before = list(Result.objects.order_by("pk").values_list("pk", "number", "score", "state", "computed_at"))
    clock.advance(days=1)
    outcome = scheme_run(actor=None, scheme_code="test-branch", period_key="2024")
    assert (outcome.assessed, outcome.changed) == (3, 0)
    assert "没有改写任何结果" in outcome.message
    assert (
        list(Result.objects.order_by("pk").values_list("pk", "number", "score", "state", "computed_at"))
        == before
    )
    assert AssessmentRun.objects.count() == 2


def test_a_changed_input_makes_a_new_version_and_keeps_the_old_one(
    scheme, orgs, cast, fake_figures, tree, clock
):
    enter(cast, orgs, "a", 85)
    scheme_run(actor=None, scheme_code="test-branch", period_key="2024")
    old = Result.objects.get(subject_id=orgs["a"].pk)
    # when a late-rated demand moves A's resolution rate, and the run is repeated
    fake_figures.values[tree["community_a"].pk]["testassess.resolution"] = Value(0.966, 28, 29)
    outcome = scheme_run(actor=None, scheme_code="test-branch", period_key="2024")
    assert outcome.changed == 1
    new = Result.objects.get(subject_id=orgs["a"].pk, current=True)
    old.refresh_from_db()
    assert (new.number, new.score, new.state, new.reason) == (
        2,
        Decimal("28.5"),
        State.COMPUTED,
        "重新计算：输入有变化",
    )
    assert (old.current, old.state, old.score) == (False, State.SUPERSEDED, Decimal("27.2"))
    assert old.lines.get(code="resolution").points == Decimal("8.7")  # the old version stays readable
    assert list(old.events.values_list("action", flat=True)) == ["compute", "recompute"]
    # a changed manual score counts as a changed input too
    enter(cast, orgs, "a", 95, note="补充材料后复核")
    assert scheme_run(actor=None, scheme_code="test-branch", period_key="2024").changed == 1
    assert Result.objects.get(subject_id=orgs["a"].pk, current=True).number == 3


def test_a_street_official_runs_only_what_they_assess(scheme, orgs, cast, clock):
    outcome = scheme_run(actor=cast["street_a"], scheme_code="test-branch", period_key="2024")
    assert outcome.assessed == 2  # A社区 and 甲村, not B社区
    with pytest.raises(PermissionDenied):
        scheme_run(actor=cast["worker_a"], scheme_code="test-branch", period_key="2024")


def test_a_run_refuses_a_period_of_the_wrong_kind_or_not_over(scheme, clock):
    with pytest.raises(ValidationFailed, match="考核期请写成 2024 这样"):
        scheme_run(actor=None, scheme_code="test-branch", period_key="2024H2")
    with pytest.raises(ValidationFailed, match="尚未结束"):
        scheme_run(actor=None, scheme_code="test-branch", period_key="2025")


def test_a_bottom_share_gets_the_lowest_grade(scheme, orgs, cast, clock):
    version = scheme.versions.get()
    version.bottom_share = Decimal(50)  # of the two not vetoed, the lower one
    version.save()
    enter(cast, orgs, "a", 85)
    scheme_run(actor=None, scheme_code="test-branch", period_key="2024")
    v = Result.objects.get(subject_id=orgs["v"].pk)
    a = Result.objects.get(subject_id=orgs["a"].pk)
    assert (v.bottom, a.bottom, a.grade) == (True, False, "4")
    assert ResultEvent.objects.filter(action="compute").count() == 3
