"""Training reads: courses in scope, a course's roll and attendance, who is trained, red-card holders.

A person counts as trained in a year when they attended at least one session of any course that
year, from 1 January to the end of the period asked (year to date), so a month's figure already
says how far the year's training has come.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from gongzhi.assessment.schemes import CARD_RED, SECRETARY_CARD
from gongzhi.assessment.selectors import ResultSummary, results_for
from gongzhi.core.errors import NotFound
from gongzhi.core.periods import Period
from gongzhi.people.models import CouncilMember, PartyMember
from gongzhi.people.scope import scope_of
from gongzhi.territory.models import Territory, subtree_bounds, subtree_q
from gongzhi.workforce.models import Attendance, Course, Enrollment, Session
from gongzhi.workforce.selectors.tree import Owners
from gongzhi.workforce.workflow import CourseKind, PersonKind


def course_list(*, actor, node: Territory | None = None) -> QuerySet[Course]:
    """Courses run inside the actor's area (under `node`), or with people of that area on the roll."""
    runs = Course.objects.all()
    rolls = Enrollment.objects.all()
    if not getattr(actor, "is_superuser", False):
        paths = scope_of(actor) or []
        runs = runs.filter(subtree_q(paths, "territory__path"))
        rolls = rolls.filter(subtree_q(paths, "territory__path"))
    if node is not None:
        bounds = subtree_bounds(node.path)
        runs = runs.filter(territory__path__range=bounds)
        rolls = rolls.filter(territory__path__range=bounds)
    # A few hundred courses at most: their ids first, then one query with the counts beside them.
    ids = set(runs.values_list("pk", flat=True)) | set(
        rolls.order_by().values_list("course_id", flat=True).distinct()
    )
    sessions = (
        Session.objects.filter(course=OuterRef("pk")).order_by().values("course").annotate(n=Count("pk"))
    )
    enrolled = (
        Enrollment.objects.filter(course=OuterRef("pk")).order_by().values("course").annotate(n=Count("pk"))
    )
    return (
        Course.objects.filter(pk__in=ids)
        .select_related("territory")
        .annotate(
            n_sessions=Coalesce(Subquery(sessions.values("n")), 0),
            n_enrolled=Coalesce(Subquery(enrolled.values("n")), 0),
        )
        .order_by("-year", "territory__path", "name")
    )


def course_get(*, actor, course_id) -> Course:
    try:
        return course_list(actor=actor).get(pk=int(course_id))
    except (Course.DoesNotExist, TypeError, ValueError):
        raise NotFound("培训班未找到。")


def course_roll(*, actor, course: Course) -> tuple[list[Session], list[Enrollment], set[tuple[int, int]]]:
    """Return a course's sessions, the enrolled the actor may see, and who attended which session."""
    sessions = list(course.sessions.order_by("date", "id"))
    enrolled = course.enrollments.select_related("territory").order_by("territory__path", "name")
    if not getattr(actor, "is_superuser", False):
        enrolled = enrolled.filter(subtree_q(scope_of(actor) or [], "territory__path"))
    enrolled = list(
        enrolled.prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.only("session_id", "enrollment_id"))
        )
    )
    present = {(a.session_id, e.pk) for e in enrolled for a in e.attendances.all()}
    return sessions, enrolled, present


def year_to_date(period: Period) -> tuple[dt.date, dt.date]:
    """Return [1 January of the period's last year, the period's end)."""
    return dt.date(period.last_day.year, 1, 1), period.end


@dataclass
class Trained:
    trained: int
    everyone: int


def _trained(kind: str, people: QuerySet, period: Period) -> Trained:
    start, end = year_to_date(period)
    everyone = people.count()
    trained = (
        Enrollment.objects.filter(
            person_kind=kind,
            person_id__in=people.values("pk"),
            attendances__session__date__gte=start,
            attendances__session__date__lt=end,
        )
        .values("person_id")
        .distinct()
        .count()
    )
    return Trained(trained, everyone)


def council_trained(*, node: Territory, period: Period) -> Trained:
    members = CouncilMember.objects.filter(council__territory__path__range=subtree_bounds(node.path))
    return _trained(PersonKind.COUNCIL_MEMBER, members, period)


def members_trained(*, node: Territory, period: Period) -> Trained:
    members = PartyMember.objects.filter(territory__path__range=subtree_bounds(node.path))
    return _trained(PersonKind.PARTY_MEMBER, members, period)


def trained_by_child(
    *, node: Territory, children: list[Territory], period: Period
) -> dict[int, dict[str, Trained]]:
    """Return each child's council and party members trained, from a few grouped queries."""
    owners = Owners(children)
    start, end = year_to_date(period)
    bounds = subtree_bounds(node.path)
    out: dict[int, dict[str, Trained]] = {
        c.pk: {k: Trained(0, 0) for k in (PersonKind.COUNCIL_MEMBER, PersonKind.PARTY_MEMBER)}
        for c in children
    }
    everyone = {
        PersonKind.COUNCIL_MEMBER: CouncilMember.objects.order_by()
        .filter(council__territory__path__range=bounds)
        .values_list("pk", "council__territory__path"),
        PersonKind.PARTY_MEMBER: PartyMember.objects.order_by()
        .filter(territory__path__range=bounds)
        .values_list("pk", "territory__path"),
    }
    for kind, rows in everyone.items():
        where: dict[int, int] = {}
        for pk, path in rows.iterator(chunk_size=20000):
            child = owners.of(path)
            if child is not None:
                where[pk] = child.pk
                out[child.pk][kind].everyone += 1
        attended = (
            Attendance.objects.order_by()
            .filter(
                enrollment__person_kind=kind,
                enrollment__territory__path__range=bounds,
                session__date__gte=start,
                session__date__lt=end,
            )
            .values_list("enrollment__person_id", flat=True)
            .distinct()
        )
        for person_id in attended.iterator(chunk_size=20000):
            child_pk = where.get(person_id)
            if child_pk is not None:
                out[child_pk][kind].trained += 1
    return out


@dataclass
class Hours:
    hours: Decimal
    people: int

    @property
    def per_person(self) -> float | None:
        return round(float(self.hours) / self.people, 1) if self.people else None


def training_hours(*, node: Territory, period: Period) -> Hours:
    """Return the hours attended in `period` by people under `node`, and how many people attended."""
    rows = Attendance.objects.filter(
        enrollment__territory__path__range=subtree_bounds(node.path),
        session__date__gte=period.start,
        session__date__lt=period.end,
    )
    agg = rows.aggregate(hours=Sum("session__hours"), people=Count("enrollment", distinct=True))
    return Hours(agg["hours"] or Decimal(0), agg["people"] or 0)


def training_hours_by_child(
    *, node: Territory, children: list[Territory], period: Period
) -> dict[int, Hours]:
    owners = Owners(children)
    rows = (
        Attendance.objects.order_by()
        .filter(
            enrollment__territory__path__range=subtree_bounds(node.path),
            session__date__gte=period.start,
            session__date__lt=period.end,
        )
        .values_list("enrollment_id", "enrollment__territory__path", "session__hours")
    )
    hours: dict[int, Decimal] = {}
    people: dict[int, set[int]] = {}
    for enrollment_id, path, h in rows.iterator(chunk_size=20000):
        child = owners.of(path)
        if child is not None:
            hours[child.pk] = hours.get(child.pk, Decimal(0)) + h
            people.setdefault(child.pk, set()).add(enrollment_id)
    return {pk: Hours(hours[pk], len(people[pk])) for pk in hours}


@dataclass
class RedCard:
    """A secretary carded red in a half-year, and whether they are on that half-year's 红牌班."""

    result: ResultSummary
    territory: Territory
    enrolled: bool


def red_card_holders(*, node: Territory, period_key: str) -> list[RedCard]:
    """Return the published red cards of `period_key` under `node`, with their 红牌班 enrolment."""
    reds = [
        r
        for r in results_for(scheme_code=SECRETARY_CARD, period_key=period_key).values()
        if r.grade == CARD_RED and r.published
    ]
    if not reds:
        return []
    places = Territory.objects.in_bulk({r.territory_id for r in reds})
    low, high = subtree_bounds(node.path)
    reds = [r for r in reds if r.territory_id in places and low <= places[r.territory_id].path <= high]
    enrolled = set(
        Enrollment.objects.filter(
            course__kind=CourseKind.RED_CARD_CLASS,
            course__period_key=period_key,
            person_kind=PersonKind.SECRETARY,
            person_id__in=[r.subject_id for r in reds],
        ).values_list("person_id", flat=True)
    )
    return sorted(
        (RedCard(r, places[r.territory_id], r.subject_id in enrolled) for r in reds),
        key=lambda c: (c.enrolled, c.territory.path, c.result.subject_name),
    )
