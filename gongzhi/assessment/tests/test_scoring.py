"""Scoring rules by hand, without a database: linear, thresholds, veto, deduction, no data, grades."""

from decimal import Decimal

from gongzhi.assessment.scoring import Band, Reading, Spec, add_up, bottom_of, grade_of, score_line

RATE_SPEC = Spec(
    code="r", name="办结率", weight=Decimal(10), rule="linear", target=95, floor=80, is_rate=True, min_size=10
)


def test_linear_between_floor_and_target_reads_as_the_issue_says():
    line = score_line(RATE_SPEC, Reading(0.931, 27, 29))
    assert line.points == Decimal("8.7")  # 10 × (93.1 − 80) / (95 − 80) = 8.73
    assert (
        line.explanation
        == "办结率 93.1%（27/29），介于底线 80% 与目标 95% 之间，按线性得 8.7 分（满分 10）。"
    )


def test_linear_is_clamped_at_the_target_and_the_floor():
    assert score_line(RATE_SPEC, Reading(0.97, 97, 100)).points == Decimal(10)
    low = score_line(RATE_SPEC, Reading(0.5, 50, 100))
    assert low.points == 0 and "低于底线 80%" in low.explanation


def test_linear_for_a_lower_is_better_figure_runs_the_other_way():
    hours = Spec(
        code="h",
        name="平均办结时长",
        weight=Decimal(10),
        rule="linear",
        target=24,
        floor=72,
        higher_is_better=False,
        unit="小时",
    )
    assert score_line(hours, Reading(48)).points == Decimal(5)
    assert score_line(hours, Reading(12)).points == Decimal(10)
    slow = score_line(hours, Reading(80))
    assert slow.points == 0 and "高于底线 72 小时" in slow.explanation


def test_thresholds_give_the_best_step_reached():
    spec = Spec(
        code="m",
        name="组织生活",
        weight=Decimal(20),
        rule="thresholds",
        thresholds=[[60, 10], [90, 20], [80, 15]],
    )
    assert score_line(spec, Reading(85)).points == 15
    assert (
        score_line(spec, Reading(95)).explanation == "组织生活 95 分，达到 90 分 一档，得 20 分（满分 20）。"
    )
    assert score_line(spec, Reading(50)).points == 0


def test_veto_holds_when_worse_than_the_floor_and_makes_the_lowest_grade():
    spec = Spec(
        code="v", name="重大事件", weight=Decimal(0), rule="veto", floor=0, higher_is_better=False, unit="件"
    )
    hit = score_line(spec, Reading(1))
    assert hit.vetoed and "一票否决" in hit.explanation
    assert not score_line(spec, Reading(0)).vetoed
    bands = [Band("5", "五星", Decimal(90)), Band("1", "一星", Decimal(0))]
    total = add_up([hit, score_line(RATE_SPEC, Reading(0.99, 99, 100))])
    graded = grade_of(Decimal(99), bands, vetoed=total.vetoed)
    assert (graded.grade, graded.why) == ("1", "触发一票否决，评为一星")


def test_deduction_takes_points_per_unit_and_stops_at_zero():
    spec = Spec(
        code="d",
        name="超期件数",
        weight=Decimal(5),
        rule="deduction",
        per_unit=0.5,
        higher_is_better=False,
        unit="件",
    )
    line = score_line(spec, Reading(3))
    assert line.points == Decimal("3.5")
    assert line.explanation == "超期件数 3 件，每件扣 0.5 分，扣 1.5 分，得 3.5 分（满分 5）。"
    assert score_line(spec, Reading(40)).points == 0


def test_no_data_and_too_small_a_sample_score_the_stated_default_and_say_so():
    spec = Spec(
        code="r",
        name="满意率",
        weight=Decimal(10),
        rule="linear",
        target=95,
        floor=80,
        is_rate=True,
        min_size=10,
        no_data_points=Decimal(5),
    )
    small = score_line(spec, Reading(1.0, 4, 4))
    assert small.points == 5 and small.no_data
    assert small.explanation == "满意率样本不足（4，少于 10），按无数据规则得 5 分（满分 10）。"
    assert "本期无数据" in score_line(spec, Reading(None)).explanation
    manual = Spec(
        code="m", name="组织生活", weight=Decimal(20), rule="linear", target=100, floor=0, manual=True
    )
    assert (
        score_line(manual, Reading(None)).explanation
        == "组织生活未录入人工评分，按无数据规则得 0 分（满分 20）。"
    )


def test_grades_follow_the_bands_and_the_bottom_share_goes_lowest():
    bands = [
        Band("green", "绿牌", Decimal(85)),
        Band("yellow", "黄牌", Decimal(70)),
        Band("red", "红牌", Decimal(0)),
    ]
    assert grade_of(Decimal(85), bands).grade == "green"
    assert grade_of(Decimal("84.9"), bands).grade == "yellow"
    assert grade_of(Decimal(69), bands).grade == "red"
    assert grade_of(Decimal(90), bands, bottom=True).grade == "red"
    scores = {("s", i): Decimal(80 + i) for i in range(20)}
    assert bottom_of(scores, Decimal(10)) == {("s", 0), ("s", 1)}
    assert bottom_of(scores, Decimal(0)) == set()
