"""Who a scheme assesses: the subjects of its kind and filter, each with the node its figures and scope follow."""

from __future__ import annotations

from dataclasses import dataclass

from gongzhi.assessment.models import Scheme
from gongzhi.assessment.schemes import SubjectKind
from gongzhi.people.models import CommunityWorker, PartyOrg
from gongzhi.people.models.org import PartyOrgKind
from gongzhi.territory.models import Territory, subtree_q

# A branch scheme with no kinds named assesses the organisations that lead a unit (not 党小组).
DEFAULT_ORG_KINDS = (PartyOrgKind.COMMITTEE, PartyOrgKind.GENERAL_BRANCH, PartyOrgKind.BRANCH)


@dataclass(frozen=True)
class Subject:
    kind: str
    id: int
    territory_id: int
    path: str
    name: str
    post: str

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)


def subjects_of(scheme: Scheme, *, paths: list[str] | None = None) -> list[Subject]:
    """List the subjects `scheme` assesses, in key order; `paths` narrows them to subtrees (None: all)."""
    kind = scheme.subject_kind
    if kind in (SubjectKind.BRANCH, SubjectKind.SECRETARY):
        out = _orgs(scheme, paths)
    elif kind == SubjectKind.COMMUNITY_WORKER:
        out = _workers(scheme, paths)
    else:
        out = _units(scheme, paths)
    return sorted(out, key=lambda s: s.key)


def _orgs(scheme: Scheme, paths) -> list[Subject]:
    qs = PartyOrg.objects.filter(kind__in=scheme.org_kinds or DEFAULT_ORG_KINDS)
    if scheme.territory_level:
        qs = qs.filter(territory__level=scheme.territory_level)
    if paths is not None:
        qs = qs.within(paths)
    kinds = dict(PartyOrgKind.choices)
    rows = qs.order_by("pk").values_list(
        "pk", "territory_id", "territory__path", "name", "kind", "secretary_name"
    )
    if scheme.subject_kind == SubjectKind.BRANCH:
        return [
            Subject(SubjectKind.BRANCH, pk, t, path, name, f"{kinds.get(k, k)}（书记 {sec or '未登记'}）")
            for pk, t, path, name, k, sec in rows
        ]
    # A card needs a named secretary: an organisation without one has nobody to card.
    return [
        Subject(SubjectKind.SECRETARY, pk, t, path, sec, f"{name}书记")
        for pk, t, path, name, k, sec in rows
        if sec
    ]


def _workers(scheme: Scheme, paths) -> list[Subject]:
    qs = CommunityWorker.objects.all()
    if scheme.territory_level:
        qs = qs.filter(territory__level=scheme.territory_level)
    if paths is not None:
        qs = qs.within(paths)
    rows = qs.order_by("pk").values_list(
        "pk", "territory_id", "territory__path", "name", "post", "territory__name"
    )
    return [
        Subject(SubjectKind.COMMUNITY_WORKER, pk, t, path, name, f"{where}{post or '社区工作者'}")
        for pk, t, path, name, post, where in rows
    ]


def _units(scheme: Scheme, paths) -> list[Subject]:
    qs = Territory.objects.filter(level=scheme.territory_level or "community")
    if paths is not None:
        qs = qs.filter(subtree_q(paths))
    rows = qs.order_by("pk").values_list("pk", "path", "name", "level")
    return [Subject(SubjectKind.UNIT, pk, pk, path, name, name) for pk, path, name, _level in rows]


def subject_get(*, scheme: Scheme, subject_id: int) -> Subject | None:
    """Return one subject of the scheme, or None when it is not one of them."""
    kind = scheme.subject_kind
    try:
        subject_id = int(subject_id)
    except (TypeError, ValueError):
        return None
    if kind in (SubjectKind.BRANCH, SubjectKind.SECRETARY):
        org = PartyOrg.objects.filter(pk=subject_id).first()
        found = _orgs(scheme, [org.territory.path]) if org else []
    elif kind == SubjectKind.COMMUNITY_WORKER:
        worker = CommunityWorker.objects.filter(pk=subject_id).select_related("territory").first()
        found = _workers(scheme, [worker.territory.path]) if worker else []
    else:
        node = Territory.objects.filter(pk=subject_id).first()
        found = _units(scheme, [node.path]) if node else []
    return next((s for s in found if s.id == subject_id), None)
