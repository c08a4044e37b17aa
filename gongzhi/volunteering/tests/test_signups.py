"""Sign-up, capacity, check-in and -out, finishing an activity: the volunteer's and organiser's view."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.volunteering.models import ActivityEvent, SignUp
from gongzhi.volunteering.services import activity_transition, hours_between, signup_create, signup_transition
from gongzhi.volunteering.tests.factories import ActivityFactory, VolunteerFactory, at

pytestmark = pytest.mark.django_db


def sign(cast, volunteer, actor=None, activity=None):
    return signup_create(
        actor=actor or cast["worker"],
        activity_id=(activity or cast["activity"]).pk,
        volunteer_id=volunteer.pk,
    )


def test_an_activity_is_never_booked_beyond_its_capacity(cast):
    a, b, c = cast["others"]
    sign(cast, a)
    sign(cast, b)

    with pytest.raises(Conflict) as full:
        sign(cast, c)

    assert "名额已满" in full.value.message
    assert SignUp.objects.filter(activity=cast["activity"]).count() == 2


def test_a_cancelled_seat_is_free_again_and_the_same_volunteer_may_sign_up_again(cast):
    a, b, c = cast["others"]
    first = sign(cast, a)
    sign(cast, b)
    signup_transition(actor=cast["worker"], sign_up_id=first.pk, action="cancel")

    sign(cast, c)
    with pytest.raises(Conflict):
        sign(cast, a)  # full again
    assert SignUp.objects.get(pk=first.pk).state == "cancelled"
    assert SignUp.objects.filter(activity=cast["activity"], state="signed_up").count() == 2


def test_signing_up_twice_is_refused(cast):
    sign(cast, cast["others"][0])
    with pytest.raises(Conflict) as twice:
        sign(cast, cast["others"][0])
    assert "已报名" in twice.value.message


def test_a_volunteer_signs_up_checks_in_and_out_and_earns_half_hours(cast):
    own = sign(cast, cast["volunteer"], actor=cast["login"])
    signup_transition(actor=cast["login"], sign_up_id=own.pk, action="check_in", at=at("2024-05-01", 9))
    out = signup_transition(
        actor=cast["login"],
        sign_up_id=own.pk,
        action="check_out",
        at=at("2024-05-01", 11) + dt.timedelta(minutes=20),
    )

    assert out.state == "checked_out"
    assert out.service_hours == Decimal("2.5")
    actions = list(ActivityEvent.objects.filter(sign_up=own).values_list("action", "frm", "to"))
    assert actions == [
        ("sign_up", "", "signed_up"),
        ("check_in", "signed_up", "checked_in"),
        ("check_out", "checked_in", "checked_out"),
    ]


def test_a_resident_cannot_sign_up_someone_else_and_sees_no_activity_elsewhere(cast, tree):
    with pytest.raises(PermissionDenied):
        sign(cast, cast["others"][0], actor=cast["login"])
    elsewhere = ActivityFactory(territory=tree["grid_b"])
    with pytest.raises(NotFound):
        sign(cast, cast["volunteer"], actor=cast["login"], activity=elsewhere)


def test_an_out_of_scope_organiser_gets_not_found_and_a_read_only_role_is_refused(cast):
    with pytest.raises(NotFound):
        sign(cast, cast["others"][0], actor=cast["outsider"])
    with pytest.raises(PermissionDenied):
        sign(cast, cast["others"][0], actor=cast["viewer"])


def test_an_organiser_cannot_sign_up_a_volunteer_of_another_district(cast, tree):
    stranger = VolunteerFactory(territory=tree["community_b"])
    with pytest.raises(ValidationFailed):
        sign(cast, stranger)


def test_finishing_marks_no_shows_absent_and_checks_out_the_rest_at_the_end(cast):
    a, b, _ = cast["others"]
    came = sign(cast, a)
    stayed_away = sign(cast, b)
    signup_transition(actor=cast["worker"], sign_up_id=came.pk, action="check_in", at=at("2024-05-01", 9))

    activity = activity_transition(
        actor=cast["worker"], activity_id=cast["activity"].pk, action="finish", people_served=30
    )

    assert activity.state == "finished" and activity.people_served == 30
    came.refresh_from_db()
    stayed_away.refresh_from_db()
    assert (came.state, came.service_hours) == ("checked_out", Decimal("2"))
    assert stayed_away.state == "absent"
    with pytest.raises(Conflict):
        sign(cast, cast["others"][2])
    with pytest.raises(Conflict):
        activity_transition(actor=cast["worker"], activity_id=cast["activity"].pk, action="cancel")


def test_cancelling_an_activity_cancels_its_sign_ups(cast):
    s = sign(cast, cast["others"][0])
    activity_transition(actor=cast["worker"], activity_id=cast["activity"].pk, action="cancel")
    s.refresh_from_db()
    assert s.state == "cancelled"


def test_hours_are_rounded_to_half_hours_and_capped_at_a_day():
    start = at("2024-05-01", 9)
    assert hours_between(start, start + dt.timedelta(minutes=44)) == Decimal("0.5")
    assert hours_between(start, start + dt.timedelta(minutes=46)) == Decimal("1")
    assert hours_between(start, start + dt.timedelta(days=3)) == Decimal("24")
    assert hours_between(start, start - dt.timedelta(hours=1)) == Decimal("0")
