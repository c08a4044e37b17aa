"""Staffing against 18 per 10,000 urban residents: the arithmetic, the fallback, the street's roll-up."""

import pytest

from gongzhi.people.tests.factories import CommunityWorkerFactory, ResidentFactory
from gongzhi.territory.tests.factories import node
from gongzhi.workforce.models import CommunityPopulation
from gongzhi.workforce.selectors.staffing import required_workers, staffing_report

pytestmark = pytest.mark.django_db


def test_required_is_the_population_times_18_per_10000_rounded_up():
    assert required_workers(10_000) == 18
    assert required_workers(10_001) == 19  # one resident more needs one worker more
    assert required_workers(5_556) == 11  # 10.0008 → 11
    assert required_workers(5_555) == 10  # 9.999 → 10
    assert required_workers(0) == 0


def test_a_community_short_of_the_rule_is_listed_first_with_its_shortfall(tree, clock):
    # given: A has 5 workers for 5,000 people (needs 9), a second community 3 workers for 1,000 (needs 2)
    second = node(tree["street_a"], "community", "A二社区", kind="urban")
    CommunityWorkerFactory.create_batch(5, territory=tree["community_a"])
    CommunityWorkerFactory.create_batch(3, territory=second)
    CommunityPopulation.objects.create(
        territory=tree["community_a"], year=2025, urban_resident_population=5_000
    )
    CommunityPopulation.objects.create(territory=second, year=2026, urban_resident_population=1_000)
    # when
    report = staffing_report(node=tree["street_a"], year=2026)
    # then: the 2025 figure stands in for A's missing 2026 one; the village is not counted
    a, b = (next(c for c in report.communities if c.node == n) for n in (tree["community_a"], second))
    assert (a.workers, a.population, a.required, a.shortfall, a.population_year) == (5, 5_000, 9, 4, 2025)
    assert (b.required, b.shortfall, b.ratio) == (2, 0, 30.0)
    assert [s.node for s in report.short] == [tree["community_a"]]
    assert tree["village_a"] not in [c.node for c in report.communities]
    # the street: 8 workers for 6,000 people needs 11 — short 3 overall, 4 summed over communities
    street = report.streets[0]
    assert (street.workers, street.population, street.required, street.shortfall) == (8, 6_000, 11, 3)
    assert (street.community_shortfall, street.short_communities) == (4, 1)


def test_without_a_population_figure_registered_residents_stand_in_and_are_marked(tree, clock):
    CommunityWorkerFactory(territory=tree["community_b"])
    ResidentFactory.create_batch(3, household=tree["household_b"])
    [b] = staffing_report(node=tree["street_b"], year=2026).communities
    assert (b.population, b.estimated, b.required, b.shortfall) == (3, True, 1, 0)
