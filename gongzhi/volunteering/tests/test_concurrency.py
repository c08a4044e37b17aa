"""Many volunteers race for the last seats: PostgreSQL waits on the activity's row lock, SQLite at BEGIN."""

from __future__ import annotations

import pytest

from gongzhi.core.errors import ApplicationError
from gongzhi.volunteering.models import SignUp
from gongzhi.volunteering.services import signup_create
from gongzhi.volunteering.tests.factories import ActivityFactory, VolunteerFactory
from gongzhi.volunteering.tests.race import race

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("attempt", range(2))
def test_six_concurrent_sign_ups_for_three_seats_fill_exactly_three(tree, attempt):
    from gongzhi.people.tests.factories import user_with_role

    worker = user_with_role("community_worker", tree["community_a"])
    activity = ActivityFactory(territory=tree["community_a"], capacity=3)
    volunteers = [VolunteerFactory(territory=tree["community_a"]) for _ in range(6)]

    results = race(
        *[
            (lambda v=v: signup_create(actor=worker, activity_id=activity.pk, volunteer_id=v.pk))
            for v in volunteers
        ]
    )

    won = [r for r in results if isinstance(r, SignUp)]
    lost = [r for r in results if isinstance(r, ApplicationError)]
    assert len(won) == 3 and len(lost) == 3, results
    assert all(e.status == 409 and "名额已满" in e.message for e in lost)
    assert SignUp.objects.filter(activity=activity).count() == 3
