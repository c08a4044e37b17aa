"""驻村强基 reads: postings in scope, who is on duty in each village and community, days on site.

A village (行政村) is covered for a kind when a posting of that kind is active on the day
asked (started, not ended). First secretaries and 选调生 are counted over villages only; resident
cadres, village police and leader contacts over villages and urban communities alike
(领导包村(社区)、一村(社区)一驻村干部、一村(社区)一(辅)警).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from gongzhi.core.errors import NotFound
from gongzhi.core.periods import Period
from gongzhi.people.scope import restrict
from gongzhi.territory.models import Territory, subtree_bounds
from gongzhi.workforce.models import OnSiteDay, Posting
from gongzhi.workforce.selectors.tree import Owners, communities_under, is_village
from gongzhi.workforce.workflow import STATIONED_KINDS, VILLAGE_ONLY_KINDS, PostingKind

# The kinds a coverage check asks about, in the order the pages show them.
COVERAGE_KINDS = [
    PostingKind.FIRST_SECRETARY,
    PostingKind.RESIDENT_CADRE,
    PostingKind.VILLAGE_POLICE,
    PostingKind.LEADER_CONTACT,
    PostingKind.SELECTED_GRADUATE,
]


def active_on(qs: QuerySet, day: dt.date, prefix: str = "") -> QuerySet:
    return qs.filter(**{f"{prefix}start__lte": day}).filter(
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": day})
    )


def posting_list(*, actor, node: Territory | None = None) -> QuerySet[Posting]:
    qs = restrict(Posting.objects.select_related("territory"), actor)
    if node is not None:
        qs = qs.filter(territory__path__range=subtree_bounds(node.path))
    return qs.order_by("territory__path", "kind", "-start", "id")


def posting_get(*, actor, posting_id) -> Posting:
    try:
        return posting_list(actor=actor).get(pk=int(posting_id))
    except (Posting.DoesNotExist, TypeError, ValueError):
        raise NotFound("驻村(社区)人员未找到。")


def applies(kind: str, community: Territory) -> bool:
    """Tell whether a community is expected to have a posting of `kind`."""
    return is_village(community) or kind not in VILLAGE_ONLY_KINDS


@dataclass
class Coverage:
    """Who is on duty in one village or community on a day, by kind."""

    node: Territory
    people: dict[str, list[str]] = field(default_factory=dict)  # kind → names

    @property
    def village(self) -> bool:
        return is_village(self.node)

    def has(self, kind: str) -> bool:
        return bool(self.people.get(kind))

    def missing(self) -> list[str]:
        """List the kinds this unit should have and has not."""
        return [
            k
            for k in COVERAGE_KINDS
            if k != PostingKind.SELECTED_GRADUATE and applies(k, self.node) and not self.has(k)
        ]


def coverage(*, node: Territory, day: dt.date) -> list[Coverage]:
    """Return every village and community under `node` with the people on duty there on `day`."""
    communities = communities_under(node)
    rows = {c.pk: Coverage(node=c) for c in communities}
    if not rows:
        return []
    owners = Owners(communities)
    postings = active_on(
        Posting.objects.order_by("start", "id").filter(territory__path__range=subtree_bounds(node.path)), day
    ).values_list("territory__path", "kind", "person_name")
    for path, kind, name in postings:
        owner = owners.of(path)
        if owner is not None:
            rows[owner.pk].people.setdefault(kind, []).append(name)
    return list(rows.values())


@dataclass
class CoverageSummary:
    villages: int = 0
    communities: int = 0  # villages and communities together
    covered: dict[str, int] = field(default_factory=dict)  # kind → units covered
    expected: dict[str, int] = field(default_factory=dict)  # kind → units that should be

    def share(self, kind: str) -> tuple[int, int]:
        return self.covered.get(kind, 0), self.expected.get(kind, 0)


def coverage_summary(rows: list[Coverage]) -> CoverageSummary:
    s = CoverageSummary(villages=sum(1 for r in rows if r.village), communities=len(rows))
    for kind in COVERAGE_KINDS:
        expected = [r for r in rows if applies(kind, r.node)]
        s.expected[kind] = len(expected)
        s.covered[kind] = sum(1 for r in expected if r.has(kind))
    return s


def coverage_by_child(
    *, node: Territory, children: list[Territory], day: dt.date
) -> dict[int, CoverageSummary]:
    owners = Owners(children)
    grouped: dict[int, list[Coverage]] = {}
    for row in coverage(node=node, day=day):
        child = owners.of(row.node.path)
        if child is not None:
            grouped.setdefault(child.pk, []).append(row)
    return {pk: coverage_summary(rows) for pk, rows in grouped.items()}


def onsite_days(*, postings: QuerySet[Posting] | list[Posting], period: Period) -> dict[int, int]:
    """Count the days on site each posting logged in `period`."""
    ids = [p.pk for p in postings]
    rows = (
        OnSiteDay.objects.order_by()
        .filter(posting_id__in=ids, date__gte=period.start, date__lt=period.end)
        .values_list("posting_id")
        .annotate(n=Count("id"))
    )
    return dict(rows)


def stationed_days(*, node: Territory, period: Period) -> tuple[int, int]:
    """Return (days on site logged in `period`, stationed postings active in it) under `node`."""
    bounds = subtree_bounds(node.path)
    postings = (
        Posting.objects.order_by()
        .filter(territory__path__range=bounds, kind__in=STATIONED_KINDS, start__lt=period.end)
        .filter(Q(end__isnull=True) | Q(end__gte=period.start))
    )
    days = OnSiteDay.objects.filter(
        posting__in=postings.values("pk"), date__gte=period.start, date__lt=period.end
    ).count()
    return days, postings.count()


def stationed_days_by_child(
    *, node: Territory, children: list[Territory], period: Period
) -> dict[int, tuple[int, int]]:
    owners = Owners(children)
    bounds = subtree_bounds(node.path)
    active = (
        Posting.objects.order_by()
        .filter(territory__path__range=bounds, kind__in=STATIONED_KINDS, start__lt=period.end)
        .filter(Q(end__isnull=True) | Q(end__gte=period.start))
    )
    out: dict[int, list[int]] = {}
    for path, n in active.values_list("territory__path").annotate(n=Count("id")):
        child = owners.of(path)
        if child is not None:
            out.setdefault(child.pk, [0, 0])[1] += n
    days = (
        OnSiteDay.objects.order_by()
        .filter(posting__in=active.values("pk"), date__gte=period.start, date__lt=period.end)
        .values_list("posting__territory__path")
        .annotate(n=Count("id"))
    )
    for path, n in days:
        child = owners.of(path)
        if child is not None:
            out.setdefault(child.pk, [0, 0])[0] += n
    return {pk: (v[0], v[1]) for pk, v in out.items()}
