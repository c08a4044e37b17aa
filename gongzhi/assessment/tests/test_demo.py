"""The demo builds the three schemes, runs them, publishes, appeals and selects; a second build skips."""

import pytest

from gongzhi.assessment.demo import demo_build
from gongzhi.assessment.models import Appeal, ManualScore, Result, Scheme, Selection
from gongzhi.assessment.schemes import BRANCH_FIVE_STAR, COMMUNITY_WORKER_PERFORMANCE, SECRETARY_CARD
from gongzhi.assessment.workflow import AppealState, SelectionState, State
from gongzhi.people.models import CommunityWorker
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_the_demo_builds_once(tree, orgs, clock):
    # given the demo logins the assessment demo acts as, and a community worker with an account
    user_with_role(Role.CITY_ADMIN, tree["city"], username="city_admin")
    worker_user = user_with_role(Role.COMMUNITY_WORKER, tree["community_a"], username="community_worker")
    CommunityWorker.objects.create(
        name="林刚健", phone="13800000000", territory=tree["community_a"], user=worker_user
    )
    steps: list[str] = []
    demo_build(city=tree["city"], seed=2024, scale=1, step=steps.append)
    assert set(Scheme.objects.values_list("code", flat=True)) == {
        BRANCH_FIVE_STAR, SECRETARY_CARD, COMMUNITY_WORKER_PERFORMANCE,
    }  # fmt: skip
    periods = set(Result.objects.values_list("scheme__code", "period_key").distinct())
    assert periods == {
        (BRANCH_FIVE_STAR, "2024"), (SECRETARY_CARD, "2024H1"), (SECRETARY_CARD, "2024H2"),
        (COMMUNITY_WORKER_PERFORMANCE, "2024"),
    }  # fmt: skip
    assert Result.objects.filter(current=True, state=State.PUBLISHED).exists()
    assert set(Appeal.objects.values_list("state", flat=True)) == {AppealState.UPHELD, AppealState.CORRECTED}
    assert Selection.objects.get().state == SelectionState.PUBLISHED
    counts = (Result.objects.count(), ManualScore.objects.count(), Appeal.objects.count())
    demo_build(city=tree["city"], seed=2024, scale=1, step=steps.append)
    assert "跳过" in steps[-1]
    assert (Result.objects.count(), ManualScore.objects.count(), Appeal.objects.count()) == counts
