"""The assessment figures are registered and count per node, reading the latest assessed period."""

import pytest

from gongzhi.assessment.indicators import PROVIDER
from gongzhi.assessment.models import Grade, Indicator, Result, SchemeVersion
from gongzhi.assessment.schemes import BRANCH_FIVE_STAR, SECRETARY_CARD, SubjectKind
from gongzhi.assessment.services import result_transition, scheme_run
from gongzhi.assessment.tests.conftest import make_scheme
from gongzhi.core.figures import Value, definitions
from gongzhi.core.periods import parse_period

pytestmark = pytest.mark.django_db


def test_the_figures_are_registered_with_chinese_labels():
    defs = definitions()
    for key in (
        "assessment.stars_mean", "assessment.five_star_share", "assessment.green_cards", "assessment.yellow_cards",
        "assessment.red_cards", "assessment.red_card_share", "assessment.results_published", "assessment.appeals_open",
    ):  # fmt: skip
        assert key in defs and defs[key].label and defs[key].definition


def _scheme(code, kind, period_kind, bands):
    s = make_scheme(code=code, kind=kind, period_kind=period_kind, name=code)
    v = SchemeVersion.objects.create(scheme=s, number=1)
    Indicator.objects.create(
        version=v,
        code="r",
        name="办结率",
        weight=100,
        figure_key="testassess.resolution",
        rule="linear",
        target=100,
        floor=0,
        no_data_points=0,
    )
    for code_, low in bands:
        Grade.objects.create(version=v, code=code_, label=code_, min_score=low)
    return s


def test_stars_and_cards_per_node_and_period(tree, orgs, fake_figures, cast, clock):
    _scheme(
        BRANCH_FIVE_STAR, SubjectKind.BRANCH, "year", [("5", 90), ("4", 80), ("3", 70), ("2", 60), ("1", 0)]
    )
    _scheme(SECRETARY_CARD, SubjectKind.SECRETARY, "half", [("green", 85), ("yellow", 70), ("red", 0)])
    t = tree
    fake_figures.values = {
        t["community_a"].pk: {"testassess.resolution": Value(0.95, 95, 100)},  # 5 stars, green
        t["village_a"].pk: {"testassess.resolution": Value(0.8, 80, 100)},  # 4 stars, yellow
        t["community_b"].pk: {"testassess.resolution": Value(0.5, 50, 100)},  # 1 star, red
    }
    scheme_run(actor=None, scheme_code=BRANCH_FIVE_STAR, period_key="2024")
    scheme_run(actor=None, scheme_code=SECRETARY_CARD, period_key="2024H2")
    # asked for a month of 2025, the figures read the last year rated and the last half-year carded
    city = PROVIDER.for_node(node=t["city"], period=parse_period("2025-02"))
    assert city["assessment.stars_mean"] == Value(round(10 / 3, 2), 10, 3)
    assert city["assessment.five_star_share"].value == round(1 / 3, 4)
    assert (
        city["assessment.green_cards"].value,
        city["assessment.yellow_cards"].value,
        city["assessment.red_cards"].value,
    ) == (1, 1, 1)
    assert city["assessment.results_published"].value == 0
    children = PROVIDER.for_children(
        node=t["city"], period=parse_period("2025-02"), children=[t["district_a"], t["district_b"]]
    )
    assert children[t["district_a"].pk]["assessment.stars_mean"].value == 4.5
    assert children[t["district_b"].pk]["assessment.red_cards"].value == 1
    assert children[t["district_a"].pk] == PROVIDER.for_node(
        node=t["district_a"], period=parse_period("2025-02")
    )
    # before anything was rated there is no value
    assert (
        PROVIDER.for_node(node=t["city"], period=parse_period("2023"))["assessment.stars_mean"].value is None
    )
    # an appeal open counts until it is decided
    r = Result.objects.get(scheme__code=BRANCH_FIVE_STAR, subject_id=orgs["a"].pk)
    result_transition(actor=cast["street_a"], result_id=r.pk, action="review")
    result_transition(actor=cast["street_a"], result_id=r.pk, action="publish")
    result_transition(
        actor=cast["secretary_a"],
        result_id=r.pk,
        action="appeal",
        line_id=r.lines.get().pk,
        reason="数据有误",
    )
    assert (
        PROVIDER.for_node(node=t["street_a"], period=parse_period("2024"))["assessment.appeals_open"].value
        == 1
    )
