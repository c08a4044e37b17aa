"""Reads of red property: shares per territory node and period, compounds and their complaints.

Definitions (compounds = territory nodes of level compound under the node):

* 物业服务覆盖率: compounds whose profile has a service mode other than 无物业服务, over compounds.
* 业委会组建率: compounds with an owners' committee elected before the period's end, over compounds.
* 成员中党员占比: committee members marked 党员, over members (of those committees).
* 主任中党员占比: chairs marked 党员, over chairs.
* 支部覆盖率: compounds with a party branch built on them, over compounds.
* 交叉任职: cross-appointments in force at some time in the period.
* 示范小区: compounds rated provincial, municipal or district model in a year the period touches.
* 物业投诉: demands of category 物业 (code "property") located in a compound, submitted in the period.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Q

from gongzhi.core.periods import Period
from gongzhi.people.models import PartyOrg
from gongzhi.people.models.org import PartyOrgKind
from gongzhi.property.models import (
    MODEL_LEVELS,
    CommitteeMember,
    CommitteeRole,
    Compound,
    CompoundRating,
    CrossAppointment,
    OwnersCommittee,
    ServiceMode,
)
from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory, subtree_bounds
from gongzhi.territory.rollups import in_subtree

PROPERTY_CATEGORY = "property"

FIGURE_LABELS = {
    "compounds": "小区",
    "with_property_service": "有物业服务",
    "with_company": "专业物业公司服务",
    "with_committee": "成立业委会",
    "with_branch": "建立党支部",
    "committee_members": "业委会成员",
    "committee_members_party": "其中党员",
    "chairs": "业委会主任",
    "chairs_party": "其中党员",
    "cross_appointments": "交叉任职",
    "model_compounds": "示范小区",
    "complaints": "物业投诉",
}


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def compound_paths(*, node: Territory) -> list[str]:
    return list(
        Territory.objects.order_by("path")
        .filter(path__range=subtree_bounds(node.path), level=Level.COMPOUND)
        .values_list("path", flat=True)
    )


def complaints_per_compound(*, node: Territory, period: Period) -> dict[str, int]:
    """Count property demands per compound path under `node` in `period` (0 without the demands app)."""
    if not apps.is_installed("gongzhi.demands"):
        return {}
    from gongzhi.demands.models import Demand

    start, end = period.bounds()
    located = (
        Demand.objects.order_by()
        .filter(
            category__code=PROPERTY_CATEGORY,
            created_at__gte=start,
            created_at__lt=end,
            territory__path__range=subtree_bounds(node.path),
            territory__depth__gte=node.depth,
        )
        .values("territory__path")
        .annotate(n=Count("id"))
    )
    compounds = set(compound_paths(node=node)) | ({node.path} if node.level == Level.COMPOUND else set())
    out: dict[str, int] = {}
    for row in located:
        path = row["territory__path"]
        for i in range(len(path), 0, -Territory.steplen):
            if path[:i] in compounds:
                out[path[:i]] = out.get(path[:i], 0) + row["n"]
                break
    return out


def property_figures(*, node: Territory, period: Period) -> dict:
    """Compute the red-property figures of `node`'s subtree for `period`."""
    compounds = len(compound_paths(node=node)) + (1 if node.level == Level.COMPOUND else 0)
    profiles = in_subtree(Compound.objects.order_by(), node, "territory").aggregate(
        with_property_service=Count("id", filter=~Q(service_mode=ServiceMode.NONE)),
        with_company=Count("id", filter=Q(service_mode=ServiceMode.COMPANY)),
    )
    committees = in_subtree(OwnersCommittee.objects.order_by(), node, "territory").filter(
        Q(elected_on__isnull=True) | Q(elected_on__lt=period.end)
    )
    members = (
        CommitteeMember.objects.order_by()
        .filter(committee__in=committees.values("id"))
        .aggregate(
            committee_members=Count("id"),
            committee_members_party=Count("id", filter=Q(is_party_member=True)),
            chairs=Count("id", filter=Q(role=CommitteeRole.CHAIR)),
            chairs_party=Count("id", filter=Q(role=CommitteeRole.CHAIR, is_party_member=True)),
        )
    )
    with_branch = (
        in_subtree(PartyOrg.objects.order_by(), node, "territory")
        .filter(kind=PartyOrgKind.BRANCH, territory__level=Level.COMPOUND)
        .values("territory_id")
        .distinct()
        .count()
    )
    cross = in_subtree(CrossAppointment.objects.order_by(), node, "territory").filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=period.start), started_on__lt=period.end
    )
    years = range(period.start.year, period.last_day.year + 1)
    model = (
        in_subtree(CompoundRating.objects.order_by(), node, "territory")
        .filter(year__in=years, level__in=MODEL_LEVELS)
        .values("territory_id")
        .distinct()
        .count()
    )
    out = {
        "compounds": compounds,
        **profiles,
        "with_committee": committees.count(),
        "with_branch": with_branch,
        **members,
        "cross_appointments": cross.count(),
        "model_compounds": model,
        "complaints": sum(complaints_per_compound(node=node, period=period).values()),
    }
    out.update(
        property_service_rate=_rate(out["with_property_service"], compounds),
        committee_rate=_rate(out["with_committee"], compounds),
        branch_rate=_rate(with_branch, compounds),
        member_party_rate=_rate(out["committee_members_party"], out["committee_members"]),
        chair_party_rate=_rate(out["chairs_party"], out["chairs"]),
    )
    return out


def property_children(*, node: Territory, period: Period) -> list[dict]:
    """One row of figures per child of `node` (one query set per child: the tree is shallow here)."""
    rows = []
    for child in node.get_children().order_by("path"):
        f = property_figures(node=child, period=period)
        if f["compounds"]:
            rows.append({"node": child, **f})
    return rows


def compound_rows(*, node: Territory, period: Period, limit: int = 500) -> list[dict]:
    """List the compounds under `node` with their company, committee, branch, rating and complaints."""
    complaints = complaints_per_compound(node=node, period=period)
    nodes = list(
        Territory.objects.order_by("path")
        .filter(path__range=subtree_bounds(node.path), level=Level.COMPOUND)
        .select_related("property_profile__company", "property_profile__branch", "owners_committee")[:limit]
    )
    ids = [n.pk for n in nodes]
    members = {
        r["committee__territory_id"]: r
        for r in CommitteeMember.objects.filter(committee__territory_id__in=ids)
        .values("committee__territory_id")
        .annotate(n=Count("id"), party=Count("id", filter=Q(is_party_member=True)))
    }
    ratings: dict[int, CompoundRating] = {}
    for r in CompoundRating.objects.filter(territory_id__in=ids).order_by("year"):
        ratings[r.territory_id] = r
    out = []
    for n in nodes:
        profile = getattr(n, "property_profile", None)
        committee = getattr(n, "owners_committee", None)
        m = members.get(n.pk, {"n": 0, "party": 0})
        out.append(
            {
                "node": n,
                "service_mode": profile.get_service_mode_display() if profile else "未登记",
                "company": profile.company.name if profile and profile.company else "",
                "branch": profile.branch.name if profile and profile.branch else "",
                "committee": committee.name if committee else "",
                "members": m["n"],
                "party_members": m["party"],
                "rating": ratings[n.pk].get_level_display() if n.pk in ratings else "",
                "complaints": complaints.get(n.path, 0),
            }
        )
    return out
