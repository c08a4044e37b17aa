"""Postings: who covers which village on a day, the missing list, days on site logged once."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.periods import parse_period
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role
from gongzhi.workforce.models import OnSiteDay, Posting
from gongzhi.workforce.selectors.postings import coverage, coverage_summary, stationed_days
from gongzhi.workforce.services import onsite_day_log
from gongzhi.workforce.tests.factories import PostingFactory
from gongzhi.workforce.workflow import PostingKind as K

pytestmark = pytest.mark.django_db


@pytest.fixture
def postings(tree):
    v, a, b = tree["village_a"], tree["community_a"], tree["community_b"]
    return {
        "secretary": PostingFactory(kind=K.FIRST_SECRETARY, territory=v, person_name="陈志远"),
        "old_secretary": PostingFactory(kind=K.FIRST_SECRETARY, territory=v, start=dt.date(2023, 3, 1), end=dt.date(2025, 2, 28)),
        "police_a": PostingFactory(kind=K.VILLAGE_POLICE, territory=a, person_name="刘警官"),
        "cadre_v": PostingFactory(kind=K.RESIDENT_CADRE, territory=v),
        "cadre_b_later": PostingFactory(kind=K.RESIDENT_CADRE, territory=b, start=dt.date(2026, 6, 1)),
    }  # fmt: skip


def test_each_village_and_community_lists_what_it_is_missing(tree, postings, clock):
    rows = {r.node.name: r for r in coverage(node=tree["city"], day=dt.date(2026, 3, 4))}
    assert rows["甲村"].people[K.FIRST_SECRETARY] == ["陈志远"]  # the one whose term ended is not counted
    assert rows["甲村"].missing() == [K.VILLAGE_POLICE, K.LEADER_CONTACT]
    # a community is not expected to have a first secretary; B's cadre starts only in June
    assert rows["A社区"].missing() == [K.RESIDENT_CADRE, K.LEADER_CONTACT]
    assert rows["B社区"].missing() == [K.RESIDENT_CADRE, K.VILLAGE_POLICE, K.LEADER_CONTACT]
    summary = coverage_summary(list(rows.values()))
    assert summary.share(K.FIRST_SECRETARY) == (1, 1)  # one village, covered
    assert summary.share(K.VILLAGE_POLICE) == (1, 3)
    # on a day in the old term, the village was covered by the earlier secretary
    old = {r.node.name: r for r in coverage(node=tree["city"], day=dt.date(2024, 6, 1))}
    assert old["甲村"].people[K.FIRST_SECRETARY] == [postings["old_secretary"].person_name]


def test_a_first_secretary_goes_to_a_village_only(tree):
    p = Posting(
        kind=K.FIRST_SECRETARY,
        person_name="某",
        from_unit="市委",
        territory=tree["community_a"],
        start=dt.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        p.full_clean()
    assert "只派驻行政村" in str(exc.value)


def test_a_day_on_site_is_logged_once_within_the_term_by_an_editor_in_scope(tree, staff, postings, clock):
    p = postings["secretary"]
    _, created = onsite_day_log(
        actor=staff["street_a"], posting_id=p.pk, day=dt.date(2026, 3, 2), note="走访"
    )
    _, again = onsite_day_log(actor=staff["street_a"], posting_id=p.pk, day=dt.date(2026, 3, 2))
    assert (created, again, OnSiteDay.objects.count()) == (True, False, 1)
    with pytest.raises(ValidationFailed):  # tomorrow
        onsite_day_log(actor=staff["street_a"], posting_id=p.pk, day=dt.date(2026, 3, 5))
    with pytest.raises(ValidationFailed):  # before the term
        onsite_day_log(actor=staff["street_a"], posting_id=p.pk, day=dt.date(2025, 1, 5))
    with pytest.raises(ValidationFailed):  # police officers do not log days
        onsite_day_log(actor=staff["street_a"], posting_id=postings["police_a"].pk, day=dt.date(2026, 3, 2))
    with pytest.raises(NotFound):
        onsite_day_log(actor=staff["street_b"], posting_id=p.pk, day=dt.date(2026, 3, 3))
    with pytest.raises(NotFound):  # a resident of A sees no register
        onsite_day_log(actor=staff["resident_a"], posting_id=p.pk, day=dt.date(2026, 3, 3))
    council = user_with_role(Role.COUNCIL_MEMBER, tree["village_a"])
    with pytest.raises(PermissionDenied):  # in scope, but reading only
        onsite_day_log(actor=council, posting_id=p.pk, day=dt.date(2026, 3, 3))
    assert stationed_days(node=tree["city"], period=parse_period("2026-03")) == (1, 2)
