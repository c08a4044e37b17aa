"""Who is what to a result: its assessors (staff at the levels above), the assessed party, and who sees it.

A branch's or a unit's result is seen by staff over its territory. A person's result (a
secretary's card, a community worker's score) only by that person, their assessors and the
levels above: a colleague at the same community does not see it.
"""

from __future__ import annotations

from django.db.models import Q

from gongzhi.assessment import workflow
from gongzhi.assessment.schemes import SubjectKind
from gongzhi.people.models import CommunityWorker, RoleAssignment
from gongzhi.people.roles import Role
from gongzhi.people.scope import is_resident_only, roles_at, scope_of
from gongzhi.territory.models import Territory, subtree_q

# Staff who assess the levels below them: 街道 assesses communities, 区县 streets, 市 everything.
ASSESSOR_ROLES = frozenset({Role.STREET_OFFICIAL, Role.DISTRICT_OFFICIAL, Role.CITY_ADMIN})
PERSON_KINDS = frozenset({SubjectKind.SECRETARY, SubjectKind.COMMUNITY_WORKER})
ORG_KINDS = frozenset({SubjectKind.BRANCH, SubjectKind.UNIT})
# Who answers for a branch or a secretary on the branch's territory.
SECRETARY_ROLES = frozenset({Role.BRANCH_SECRETARY})


def parent_path(path: str) -> str:
    return path[: -Territory.steplen]


def is_assessor(user, path: str) -> bool:
    """Tell whether `user` assesses subjects on the node at `path` (holds an assessor role above it)."""
    if getattr(user, "is_superuser", False):
        return True
    above = parent_path(path)
    return bool(above) and bool(roles_at(user, above) & ASSESSOR_ROLES)


def assessor_paths(user) -> list[str] | None:
    """Return the nodes whose subtrees (below the node itself) the user assesses; None: everything."""
    return scope_of(user, roles=set(ASSESSOR_ROLES))


def own_q(user) -> Q:
    """Match the results whose assessed party is `user`."""
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    worker_ids = list(CommunityWorker.objects.filter(user=user).values_list("pk", flat=True))
    held = list(RoleAssignment.objects.filter(user=user).values_list("role", "territory_id"))
    secretary_nodes = [t for r, t in held if r in SECRETARY_ROLES]
    staff_nodes = [t for r, t in held if r != Role.RESIDENT]
    return (
        Q(subject_kind=SubjectKind.COMMUNITY_WORKER, subject_id__in=worker_ids)
        | Q(subject_kind__in=[SubjectKind.BRANCH, SubjectKind.SECRETARY], territory_id__in=secretary_nodes)
        | Q(subject_kind=SubjectKind.UNIT, territory_id__in=staff_nodes)
    )


def visible_q(user) -> Q | None:
    """Match the results `user` may see; None means all of them."""
    if getattr(user, "is_superuser", False):
        return None
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    above_roots = assessor_paths(user) or []
    above = subtree_q(above_roots, "territory__path") & ~Q(territory__path__in=above_roots)
    staff = [] if is_resident_only(user) else scope_of(user) or []
    orgs = Q(subject_kind__in=list(ORG_KINDS)) & subtree_q(staff, "territory__path")
    return own_q(user) | above | orgs


def parties_of(user, *, kind: str, subject_id: int, territory_id: int, path: str) -> set[str]:
    """Return what `user` is to a subject: assessor and/or assessed (see workflow)."""
    out: set[str] = set()
    if is_assessor(user, path):
        out.add(workflow.ASSESSOR)
    if not getattr(user, "is_authenticated", False):
        return out
    if kind == SubjectKind.COMMUNITY_WORKER:
        mine = CommunityWorker.objects.filter(pk=subject_id, user=user).exists()
    elif kind in (SubjectKind.BRANCH, SubjectKind.SECRETARY):
        mine = RoleAssignment.objects.filter(
            user=user, territory_id=territory_id, role__in=SECRETARY_ROLES
        ).exists()
    else:
        mine = (
            RoleAssignment.objects.filter(user=user, territory_id=territory_id)
            .exclude(role=Role.RESIDENT)
            .exists()
        )
    if mine:
        out.add(workflow.ASSESSED)
    return out
