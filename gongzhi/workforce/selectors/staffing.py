"""配备: community workers against 每万城镇常住人口不少于18人, per community and street, shortfalls first.

The rule counts the workers of urban communities (城镇社区) against their urban resident
population; villages (行政村) are staffed by their own committees and are not counted. The
population is the register's figure for the year (the latest earlier year when that one is
missing); a community with no figure at all falls back to the residents registered on the
platform, marked as an estimate so the page can say so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Substr

from gongzhi.people.models import CommunityWorker, Resident
from gongzhi.territory.levels import Kind
from gongzhi.territory.models import Territory, subtree_bounds
from gongzhi.workforce.models import CommunityPopulation
from gongzhi.workforce.selectors.tree import Owners, communities_under

PER_10K = 18  # 每万城镇常住人口不少于 18 名社区工作者


def required_workers(population: int) -> int:
    """Return the fewest workers the rule allows for `population`: ceil(population × 18 ÷ 10,000)."""
    return -(-population * PER_10K // 10_000) if population > 0 else 0


def ratio_per_10k(workers: int, population: int) -> float | None:
    return round(workers * 10_000 / population, 1) if population else None


@dataclass
class Staffing:
    """One unit's staffing: workers, urban population, what the rule requires, the shortfall."""

    node: Territory
    workers: int = 0
    population: int = 0
    estimated: bool = False  # population counted from registered residents, not the register
    population_year: int | None = None
    communities: int = 1
    short_communities: int = 0
    community_shortfall: int = 0  # the sum of the communities' own shortfalls (a street's)

    @property
    def required(self) -> int:
        return required_workers(self.population)

    @property
    def shortfall(self) -> int:
        return max(0, self.required - self.workers)

    @property
    def ratio(self) -> float | None:
        return ratio_per_10k(self.workers, self.population)


@dataclass
class StaffingReport:
    year: int
    communities: list[Staffing] = field(default_factory=list)
    streets: list[Staffing] = field(default_factory=list)
    total: Staffing | None = None

    @property
    def short(self) -> list[Staffing]:
        return sorted((c for c in self.communities if c.shortfall), key=lambda c: (-c.shortfall, c.node.path))

    @property
    def estimated(self) -> list[Staffing]:
        return [c for c in self.communities if c.estimated]


def urban_communities(node: Territory) -> list[Territory]:
    return [c for c in communities_under(node) if c.kind != Kind.RURAL]


def staffing_by_community(*, node: Territory, year: int) -> list[Staffing]:
    """Return the staffing of every urban community under `node` for `year`."""
    communities = urban_communities(node)
    if not communities:
        return []
    owners = Owners(communities)
    bounds = subtree_bounds(node.path)
    workers: Counter[int] = Counter()
    for path, n in (
        CommunityWorker.objects.order_by()
        .filter(territory__path__range=bounds)
        .values_list("territory__path")
        .annotate(n=Count("id"))
    ):
        owner = owners.of(path)
        if owner is not None:
            workers[owner.pk] += n
    populations: dict[int, tuple[int, int]] = {}
    for pk, y, people in (
        CommunityPopulation.objects.order_by("year")
        .filter(territory__in=[c.pk for c in communities], year__lte=year)
        .values_list("territory_id", "year", "urban_resident_population")
    ):
        populations[pk] = (y, people)  # ordered by year: the latest year wins
    missing = [c for c in communities if c.pk not in populations]
    counted = _residents(missing) if missing else {}
    rows = []
    for c in communities:
        y, people = populations.get(c.pk, (None, counted.get(c.pk, 0)))
        s = Staffing(node=c, workers=workers[c.pk], population=people, estimated=y is None, population_year=y)
        s.short_communities = 1 if s.shortfall else 0
        s.community_shortfall = s.shortfall
        rows.append(s)
    return rows


def _residents(communities: list[Territory]) -> dict[int, int]:
    """Count registered residents per community, one grouped query per community depth."""
    out: dict[int, int] = {}
    by_length: dict[int, dict[str, Territory]] = {}
    for c in communities:
        by_length.setdefault(len(c.path), {})[c.path] = c
    for length, nodes in by_length.items():
        low = min(nodes)
        high = subtree_bounds(max(nodes))[1]
        rows = (
            Resident.objects.order_by()
            .filter(household__path__range=(low, high))
            .annotate(_c=Substr("household__path", 1, length))
            .values("_c")
            .annotate(n=Count("id"))
        )
        for r in rows:
            c = nodes.get(r["_c"])
            if c is not None:
                out[c.pk] = r["n"]
    return out


def roll_up(node: Territory, rows: list[Staffing]) -> Staffing:
    """Add communities up into one unit: the rule is applied to the unit's totals."""
    total = Staffing(node=node, communities=len(rows))
    for r in rows:
        total.workers += r.workers
        total.population += r.population
        total.estimated = total.estimated or r.estimated
        total.short_communities += r.short_communities
        total.community_shortfall += r.community_shortfall
    return total


def staffing_report(*, node: Territory, year: int) -> StaffingReport:
    """Return the communities and streets under `node` with their staffing, and the node's total."""
    communities = staffing_by_community(node=node, year=year)
    streets = list(
        Territory.objects.filter(path__in={c.node.path[: -Territory.steplen] for c in communities})
    )
    owners = Owners(streets)
    grouped: dict[int, list[Staffing]] = {}
    for c in communities:
        street = owners.of(c.node.path)
        if street is not None:
            grouped.setdefault(street.pk, []).append(c)
    street_rows = sorted(
        (roll_up(s, grouped.get(s.pk, [])) for s in streets),
        key=lambda s: (-s.shortfall, -s.community_shortfall, s.node.path),
    )
    return StaffingReport(
        year=year, communities=communities, streets=street_rows, total=roll_up(node, communities)
    )


def staffing_by_child(*, node: Territory, children: list[Territory], year: int) -> dict[int, Staffing]:
    """Return each child's staffing totals, from one pass over the communities under `node`."""
    owners = Owners(children)
    grouped: dict[int, list[Staffing]] = {c.pk: [] for c in children}
    for row in staffing_by_community(node=node, year=year):
        child = owners.of(row.node.path)
        if child is not None:
            grouped[child.pk].append(row)
    by_pk = {c.pk: c for c in children}
    return {pk: roll_up(by_pk[pk], rows) for pk, rows in grouped.items() if rows}
