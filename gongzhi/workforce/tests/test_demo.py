"""The demo on the small test city: everything the brief asks for, built once, the same from a seed."""

import pytest

from gongzhi.assessment.schemes import SECRETARY_CARD
from gongzhi.people.models import PartyOrg
from gongzhi.people.tests.factories import CommunityWorkerFactory, CouncilFactory, CouncilMemberFactory
from gongzhi.workforce import demo
from gongzhi.workforce.models import (
    Attendance,
    CommunityPopulation,
    Course,
    OnSiteDay,
    PayRecord,
    PayScale,
    Posting,
    ReserveCandidate,
    WorkerGrade,
)
from gongzhi.workforce.tests.conftest import result
from gongzhi.workforce.workflow import CourseKind, PersonKind, PostingKind

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (PayScale, WorkerGrade, CommunityPopulation, PayRecord, ReserveCandidate,
                                        Posting, OnSiteDay, Course, Attendance)]  # fmt: skip


def test_the_demo_builds_every_register_once(tree, clock):
    # given: workers, a council, and a secretary carded red in 2025H2 by the assessment
    for c in ("community_a", "community_b", "village_a"):
        CommunityWorkerFactory.create_batch(3, territory=tree[c], post="居委会委员")
    CouncilMemberFactory.create_batch(5, council=CouncilFactory(territory=tree["community_a"]))
    org = PartyOrg.objects.create(
        name="甲村党支部", kind="branch", territory=tree["village_a"], secretary_name="王德福"
    )
    result(code=SECRETARY_CARD, period_key="2025H2", subject_id=org.pk, territory=tree["village_a"], name="王德福",
           grade="red", label="红牌")  # fmt: skip
    said = []
    # when
    demo.demo_build(city=tree["city"], seed=7, scale=1.0, step=said.append)
    first = counts()
    demo.demo_build(city=tree["city"], seed=7, scale=1.0, step=said.append)
    # then: nothing more the second time
    assert counts() == first
    assert PayScale.objects.filter(year=2025).count() == PayScale.objects.filter(year=2026).count() == 54
    assert WorkerGrade.objects.count() == 9 and PayRecord.objects.filter(year=2025).count() > 0
    assert CommunityPopulation.objects.filter(year=2026).count() == 2  # the two urban communities
    assert 3 * 3 <= ReserveCandidate.objects.count() <= 3 * 8
    # every village and community has a leader; cadres and police on (nearly) every one
    assert Posting.objects.filter(kind=PostingKind.LEADER_CONTACT).count() == 3
    assert OnSiteDay.objects.exists()
    assert Course.objects.filter(kind=CourseKind.COUNCIL_TRAINING, year=2026).count() == 2  # one per street
    red = Course.objects.get(kind=CourseKind.RED_CARD_CLASS, period_key="2025H2")
    assert list(red.enrollments.values_list("person_kind", "name")) == [(PersonKind.SECRETARY, "王德福")]
    assert Attendance.objects.filter(enrollment__course=red).exists()
    assert any("跳过" in s for s in said)
