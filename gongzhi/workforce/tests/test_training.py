"""Training: the 红牌班 takes the half-year's published red cards once; who counts as trained; hours."""

import datetime as dt
from decimal import Decimal

import pytest

from gongzhi.assessment.schemes import SECRETARY_CARD
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.periods import parse_period
from gongzhi.people.models import Council, PartyOrg
from gongzhi.people.tests.factories import CouncilMemberFactory, PartyMemberFactory
from gongzhi.workforce.models import Attendance, Course, Enrollment, WorkforceAudit
from gongzhi.workforce.selectors.training import (
    council_trained,
    members_trained,
    red_card_holders,
    training_hours,
)
from gongzhi.workforce.services import attendance_record, red_card_class_enrol
from gongzhi.workforce.tests.conftest import result
from gongzhi.workforce.tests.factories import CourseFactory, EnrollmentFactory, SessionFactory
from gongzhi.workforce.workflow import CourseKind, PersonKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def cards(tree):
    """Secretaries carded in 2025H2: red in A, in 甲村 and in B; yellow in a second A branch; one red not yet published."""
    orgs = {
        "a": PartyOrg.objects.create(name="A社区党委", kind="committee", territory=tree["community_a"], secretary_name="张建国"),
        "v": PartyOrg.objects.create(name="甲村党支部", kind="branch", territory=tree["village_a"], secretary_name="王德福"),
        "b": PartyOrg.objects.create(name="B社区党委", kind="committee", territory=tree["community_b"], secretary_name="李秀英"),
        "y": PartyOrg.objects.create(name="A第二支部", kind="branch", territory=tree["community_a"], secretary_name="孙黄"),
        "u": PartyOrg.objects.create(name="A第三支部", kind="branch", territory=tree["community_a"], secretary_name="周未"),
    }  # fmt: skip
    for key, grade, label, published in [("a", "red", "红牌", True), ("v", "red", "红牌", True), ("b", "red", "红牌", True),
                                         ("y", "yellow", "黄牌", True), ("u", "red", "红牌", False)]:  # fmt: skip
        o = orgs[key]
        result(code=SECRETARY_CARD, period_key="2025H2", subject_id=o.pk, territory=o.territory,
               name=o.secretary_name, grade=grade, label=label, published=published, score=55)  # fmt: skip
    return orgs


def test_the_half_years_red_cards_are_enrolled_once_in_the_red_card_class(tree, staff, cards, clock):
    # when: street A enrols its red cards of 2025H2
    done = red_card_class_enrol(
        actor=staff["street_a"], period_key="2025H2", territory_id=tree["street_a"].pk
    )
    # then: A's and 甲村's secretaries, not B's (another street), not yellow, not the unpublished red
    assert (done.enrolled, done.already) == (2, 0)
    course = done.course
    assert (course.kind, course.period_key, course.territory, course.year) == (
        CourseKind.RED_CARD_CLASS,
        "2025H2",
        tree["street_a"],
        2025,
    )
    rows = set(course.enrollments.values_list("person_kind", "person_id", "name"))
    assert rows == {
        (PersonKind.SECRETARY, cards["a"].pk, "张建国"),
        (PersonKind.SECRETARY, cards["v"].pk, "王德福"),
    }
    # again: nothing new
    again = red_card_class_enrol(
        actor=staff["street_a"], period_key="2025H2", territory_id=tree["street_a"].pk
    )
    assert (again.course, again.enrolled, again.already) == (course, 0, 2)
    # the city: B is new, A and 甲村 stay on street A's class
    city = red_card_class_enrol(actor=staff["city"], period_key="2025H2")
    assert (city.enrolled, city.already) == (1, 2)
    assert Enrollment.objects.filter(person_kind=PersonKind.SECRETARY).count() == 3
    assert all(r.enrolled for r in red_card_holders(node=tree["city"], period_key="2025H2"))
    assert WorkforceAudit.objects.count() == 3


def test_a_half_year_with_no_red_cards_opens_no_class_and_the_rules_hold(tree, staff, cards, clock):
    assert red_card_class_enrol(actor=staff["city"], period_key="2025H1").course is None
    assert not Course.objects.exists()
    with pytest.raises(ValidationFailed):
        red_card_class_enrol(actor=staff["city"], period_key="2025")
    with pytest.raises(PermissionDenied):
        red_card_class_enrol(actor=staff["desk_a"], period_key="2025H2", territory_id=tree["community_a"].pk)
    with pytest.raises(NotFound):
        red_card_class_enrol(actor=staff["street_b"], period_key="2025H2", territory_id=tree["street_a"].pk)


@pytest.fixture
def council_course(tree):
    council = Council.objects.create(name="A议事会", kind="residents", territory=tree["community_a"])
    members = CouncilMemberFactory.create_batch(4, council=council)
    course = CourseFactory(territory=tree["street_a"])
    s1 = SessionFactory(course=course, date=dt.date(2026, 2, 10), hours=Decimal(3))
    s2 = SessionFactory(course=course, date=dt.date(2026, 3, 2), hours=Decimal(3))
    old = SessionFactory(
        course=CourseFactory(territory=tree["street_a"], period_key="2025", year=2025),
        date=dt.date(2025, 6, 1),
    )
    e = [EnrollmentFactory(course=course, person_kind=PersonKind.COUNCIL_MEMBER, person_id=m.pk, name=m.name,
                           territory=tree["community_a"]) for m in members[:3]]  # fmt: skip
    last_year = EnrollmentFactory(course=old.course, person_kind=PersonKind.COUNCIL_MEMBER, person_id=members[3].pk,
                                  name=members[3].name, territory=tree["community_a"])  # fmt: skip
    Attendance.objects.create(session=s1, enrollment=e[0])
    Attendance.objects.create(session=s2, enrollment=e[0])
    Attendance.objects.create(session=s2, enrollment=e[1])
    Attendance.objects.create(session=old, enrollment=last_year)
    return {"course": course, "sessions": (s1, s2), "enrolled": e, "members": members}


def test_trained_means_at_least_one_session_this_year_to_the_period_end(tree, council_course, clock):
    # March 2026, year to date: two of the four council members attended (the fourth only last year)
    t = council_trained(node=tree["street_a"], period=parse_period("2026-03"))
    assert (t.trained, t.everyone) == (2, 4)
    assert council_trained(node=tree["street_a"], period=parse_period("2026-02")).trained == 1
    assert council_trained(node=tree["street_b"], period=parse_period("2026-03")).everyone == 0
    PartyMemberFactory(territory=tree["community_a"])
    assert (members_trained(node=tree["city"], period=parse_period("2026")).trained, 1) == (0, 1)


def test_hours_per_person_are_the_hours_attended_over_the_people_who_attended(tree, council_course, clock):
    h = training_hours(node=tree["city"], period=parse_period("2026-Q1"))
    assert (h.hours, h.people, h.per_person) == (Decimal(9), 2, 4.5)


def test_attendance_is_set_per_session_by_the_courses_desk(tree, staff, council_course, clock):
    s1, _ = council_course["sessions"]
    e = council_course["enrolled"]
    added, removed = attendance_record(actor=staff["street_a"], session_id=s1.pk, present={e[1].pk, e[2].pk})
    assert (added, removed) == (2, 1)
    assert set(s1.attendances.values_list("enrollment_id", flat=True)) == {e[1].pk, e[2].pk}
    assert WorkforceAudit.objects.get().extra["removed"] == [e[0].pk]
    with pytest.raises(NotFound):
        attendance_record(actor=staff["street_b"], session_id=s1.pk, present=set())
    with pytest.raises(ValidationFailed):
        attendance_record(actor=staff["street_a"], session_id=s1.pk, present={999999})
