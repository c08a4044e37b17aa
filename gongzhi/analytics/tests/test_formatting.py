"""Figures read the same everywhere: units, changes that round to nothing, colours worst to best."""

from __future__ import annotations

from gongzhi.analytics.formatting import NO_DATA, SCALE, colour_of, colour_scale, show, show_change
from gongzhi.analytics.selectors import Figure
from gongzhi.core.figures import COUNT, HOURS, RATE, Definition, Value
from gongzhi.territory.svgmap import short_name

RATE_D = Definition("x.rate", "办结率", "Rate", RATE, "测试")
COUNT_D = Definition("x.count", "超期件数", "Overdue", COUNT, "测试", higher_is_better=False)
HOURS_D = Definition("x.hours", "时长", "Hours", HOURS, "测试", higher_is_better=False)


def test_values_show_with_their_unit_and_a_dash_when_missing():
    assert show(RATE_D, 0.94815) == "94.8%"
    assert show(COUNT_D, 3319) == "3,319"
    assert show(HOURS_D, 62.04) == "62.0"
    assert show(RATE_D, Value(None)) == "—"


def test_a_change_that_rounds_to_nothing_is_no_change_and_has_no_direction():
    assert show_change(RATE_D, -0.0001) == "±0.0 个百分点"
    assert show_change(RATE_D, 0.052) == "+5.2 个百分点"
    assert show_change(COUNT_D, -39) == "−39"
    tiny = Figure(RATE_D, Value(0.9790), Value(0.9791))
    assert tiny.trend == "same"
    worse = Figure(COUNT_D, Value(144), Value(105))
    assert worse.trend == "worse"  # more overdue demands is worse
    better = Figure(RATE_D, Value(0.95), Value(0.90))
    assert better.trend == "better"


def test_colours_run_from_worst_to_best_whichever_way_is_better():
    breaks, colours = colour_scale(RATE_D, [0.80, 0.85, 0.90, 0.95, 0.99])
    assert colours == SCALE
    assert colour_of(0.99, breaks, colours) == SCALE[-1] and colour_of(0.80, breaks, colours) == SCALE[0]
    breaks, colours = colour_scale(COUNT_D, [1, 5, 10, 20, 40])
    assert colour_of(40, breaks, colours) == SCALE[0]  # the most overdue is the worst colour
    assert colour_of(None, breaks, colours) == NO_DATA


def test_map_labels_drop_the_committees_title():
    assert short_name("东风社区居民委员会") == "东风社区"
    assert short_name("望湖社区居委会") == "望湖社区"
    assert short_name("张庄村民委员会") == "张庄村"
    assert short_name("龙子湖区") == "龙子湖区"


def test_equal_values_make_fewer_classes_and_no_empty_ones():
    breaks, colours = colour_scale(RATE_D, [1.0, 1.0, 1.0, 0.625])
    assert breaks == [1.0] and colours == [SCALE[0], SCALE[-1]]
    assert colour_of(0.625, breaks, colours) == SCALE[0] and colour_of(1.0, breaks, colours) == SCALE[-1]
    breaks, colours = colour_scale(RATE_D, [0.9, 0.9])
    assert breaks == [] and len(colours) == 1
