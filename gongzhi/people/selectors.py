"""Reads over organisations and people: coverage figures per territory node."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.db.models import Count

from gongzhi.people.models import Council, CouncilMember, LinkedHousehold, PartyMember, PartyOrg
from gongzhi.people.models.org import PartyOrgKind
from gongzhi.territory.levels import BRANCH_UNIT_LEVELS, Level
from gongzhi.territory.models import Territory, subtree_bounds


@dataclass
class Coverage:
    """Coverage (全覆盖) figures for one subtree."""

    units: int  # grids, compounds and natural villages
    units_with_branch: int
    units_with_council: int
    councils: int
    council_members: int
    households: int
    households_linked: int
    party_members: int
    party_members_in_service: int

    @property
    def branch_rate(self) -> float | None:
        return self.units_with_branch / self.units if self.units else None

    @property
    def council_rate(self) -> float | None:
        return self.units_with_council / self.units if self.units else None

    @property
    def members_per_council(self) -> float | None:
        return self.council_members / self.councils if self.councils else None

    @property
    def linked_rate(self) -> float | None:
        return self.households_linked / self.households if self.households else None

    def as_dict(self) -> dict:
        d = asdict(self)
        d.update(
            branch_rate=self.branch_rate,
            council_rate=self.council_rate,
            members_per_council=self.members_per_council,
            linked_rate=self.linked_rate,
        )
        return d


def coverage(*, node: Territory) -> Coverage:
    """Compute the coverage figures for everything under `node` (itself included)."""
    bounds = subtree_bounds(node.path)
    nodes = Territory.objects.order_by().filter(path__range=bounds)
    units = nodes.filter(level__in=BRANCH_UNIT_LEVELS)
    branch_units = (
        PartyOrg.objects.order_by()
        .filter(
            kind=PartyOrgKind.BRANCH, territory__path__range=bounds, territory__level__in=BRANCH_UNIT_LEVELS
        )
        .values("territory_id")
        .distinct()
        .count()
    )
    council_units = (
        Council.objects.order_by()
        .filter(territory__path__range=bounds, territory__level__in=BRANCH_UNIT_LEVELS)
        .values("territory_id")
        .distinct()
        .count()
    )
    members = PartyMember.objects.order_by().filter(territory__path__range=bounds)
    in_service = members.filter(registered_in_service=True).count()
    return Coverage(
        units=units.count(),
        units_with_branch=branch_units,
        units_with_council=council_units,
        councils=Council.objects.filter(territory__path__range=bounds).count(),
        council_members=CouncilMember.objects.filter(council__territory__path__range=bounds).count(),
        households=nodes.filter(level=Level.HOUSEHOLD).count(),
        households_linked=LinkedHousehold.objects.order_by()
        .filter(household__path__range=bounds)
        .values("household_id")
        .distinct()
        .count(),
        party_members=members.count(),
        party_members_in_service=in_service,
    )


def party_org_counts(*, node: Territory) -> dict[str, int]:
    rows = (
        PartyOrg.objects.order_by()
        .filter(territory__path__range=subtree_bounds(node.path))
        .values("kind")
        .annotate(n=Count("id"))
    )
    return {r["kind"]: r["n"] for r in rows}
