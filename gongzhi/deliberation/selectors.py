"""Reads of deliberation: who sees which topic, meeting and notice; the catalogue match; quorum rules.

Residents see the boards (and topics) of the nodes above their household, and nothing of
another community. Staff see everything in their subtrees and the nodes above their posts.
Anything else answers "not found", exactly like a missing row.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Prefetch, Q, QuerySet

from gongzhi.core.errors import NotFound
from gongzhi.deliberation import quorum, workflow
from gongzhi.deliberation.models import (
    CatalogueEntry,
    Meeting,
    Publication,
    PublicationComment,
    QuorumRule,
    Topic,
    TopicEvent,
    Vote,
)
from gongzhi.deliberation.models.meetings import Outcome
from gongzhi.people.models import Resident
from gongzhi.people.roles import Role
from gongzhi.people.scope import is_resident_only, scope_of
from gongzhi.territory.models import Territory, subtree_q

STEP = Territory.steplen


def ancestors_or_self(path: str) -> list[str]:
    return [path[:i] for i in range(STEP, len(path) + 1, STEP)]


def home_paths(actor) -> list[str]:
    """Return the nodes a person lives or works at: their role nodes and their registered household."""
    paths = list(scope_of(actor) or [])
    cache = getattr(actor, "_gongzhi_home", None)
    if cache is None:
        cache = list(Resident.objects.filter(user=actor).values_list("household__path", flat=True))
        actor._gongzhi_home = cache
    return paths + cache


def _visible_q(actor, field: str = "territory") -> Q | None:
    """Return the filter of what `actor` may see (None: everything)."""
    if getattr(actor, "is_superuser", False):
        return None
    if not getattr(actor, "is_authenticated", False):
        return Q(pk__in=[])
    above = {a for p in home_paths(actor) for a in ancestors_or_self(p)}
    q = Q(**{f"{field}__path__in": sorted(above)})
    if not is_resident_only(actor):
        q |= subtree_q(scope_of(actor) or [], field=f"{field}__path")
    return q


def _narrow(qs: QuerySet, q: Q | None) -> QuerySet:
    return qs if q is None else qs.filter(q)


def lives_under(actor, node: Territory) -> bool:
    """Tell whether `actor` is a resident with a household under `node`."""
    if not getattr(actor, "is_authenticated", False) or getattr(actor, "is_superuser", False):
        return False
    households = list(scope_of(actor, roles={Role.RESIDENT}) or [])
    households += Resident.objects.filter(user=actor).values_list("household__path", flat=True)
    return any(p.startswith(node.path) for p in households)


# --- topics ---------------------------------------------------------------------------------------
def topic_visible(*, actor) -> QuerySet[Topic]:
    q = _visible_q(actor)
    if q is not None and getattr(actor, "is_authenticated", False):
        q |= Q(raised_by=actor)
    return _narrow(Topic.objects.all(), q)


def topic_list(*, actor, filters: dict | None = None) -> QuerySet[Topic]:
    return (
        topic_visible(actor=actor)
        .filter(**(filters or {}))
        .select_related("territory", "raised_by", "source_demand")
        .order_by("-created_at", "-id")
    )


def topic_get(*, actor, topic_id) -> Topic:
    """Fetch one topic with its timeline, or NotFound exactly as for a missing one."""
    events = TopicEvent.objects.select_related("actor").order_by("at", "id")
    try:
        return (
            topic_list(actor=actor)
            .select_related("catalogue_entry")
            .prefetch_related(Prefetch("events", queryset=events))
            .get(pk=int(topic_id))
        )
    except (Topic.DoesNotExist, ValueError, TypeError):
        raise NotFound("议题未找到。")


def topic_facts(*, topic: Topic) -> workflow.Facts:
    """Read what the step table asks about: passed votes by body, published notices by kind."""
    bodies = Vote.objects.filter(topic=topic, outcome=Outcome.PASSED).values_list("meeting__body", flat=True)
    kinds = Publication.objects.filter(topic=topic).values_list("kind", flat=True)
    return workflow.Facts(passed_bodies=frozenset(bodies), published_kinds=frozenset(kinds))


# --- meetings -------------------------------------------------------------------------------------
def meeting_visible(*, actor) -> QuerySet[Meeting]:
    """Staff see meetings in and above their posts; a resident only those they are invited to."""
    if getattr(actor, "is_authenticated", False) and is_resident_only(actor):
        return Meeting.objects.filter(roll__user=actor).distinct()
    return _narrow(Meeting.objects.all(), _visible_q(actor))


def meeting_get(*, actor, meeting_id) -> Meeting:
    try:
        return (
            meeting_visible(actor=actor)
            .select_related("territory", "council", "series")
            .prefetch_related("items__topic", "roll", "votes__topic")
            .get(pk=int(meeting_id))
        )
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise NotFound("会议未找到。")


def vote_get(*, actor, vote_id) -> Vote:
    meetings = meeting_visible(actor=actor).values("pk")
    try:
        return Vote.objects.select_related("meeting__territory", "topic").get(
            pk=int(vote_id), meeting__in=meetings
        )
    except (Vote.DoesNotExist, ValueError, TypeError):
        raise NotFound("表决未找到。")


def rule_for(*, body: str, territory: Territory) -> quorum.Rule:
    """Return the quorum rule of `body` at `territory`: the deepest configured one, else the default."""
    rows = QuorumRule.objects.filter(body=body).filter(
        Q(territory__isnull=True) | Q(territory__path__in=ancestors_or_self(territory.path))
    )
    best = max(
        rows.select_related("territory"),
        key=lambda r: len(r.territory.path) if r.territory else 0,
        default=None,
    )
    if best is None:
        return quorum.DEFAULT_RULES[body]
    return quorum.Rule(
        Fraction(best.quorum_numerator, best.quorum_denominator),
        best.quorum_strict,
        Fraction(best.majority_numerator, best.majority_denominator),
        best.majority_base,
        best.majority_strict,
    )


# --- the public board -----------------------------------------------------------------------------
def board_visible(*, actor) -> QuerySet[Publication]:
    """Notices of the nodes above a resident's household, and everything in a staff member's area."""
    return _narrow(Publication.objects.all(), _visible_q(actor))


def board_list(*, actor, current_only: bool = True) -> QuerySet[Publication]:
    qs = board_visible(actor=actor).select_related("territory", "topic")
    if current_only:
        qs = qs.filter(superseded_at__isnull=True)
    return qs.order_by("-published_at", "-id")


def publication_get(*, actor, publication_id) -> Publication:
    try:
        return board_list(actor=actor, current_only=False).get(pk=int(publication_id))
    except (Publication.DoesNotExist, ValueError, TypeError):
        raise NotFound("公告未找到。")


def publication_versions(*, publication: Publication) -> list[Publication]:
    """Return every version of a notice, first to last."""
    first = publication
    while first.corrects_id:
        first = Publication.objects.get(pk=first.corrects_id)
    out = [first]
    while True:
        nxt = Publication.objects.filter(corrects=out[-1]).first()
        if nxt is None:
            return out
        out.append(nxt)


def topic_rating(*, topic: Topic) -> tuple[float | None, int]:
    """Average the latest rating of each resident over the topic's published results."""
    rows = (
        PublicationComment.objects.filter(
            publication__topic=topic, publication__kind=workflow.PublicationKind.RESULT, rating__isnull=False
        )
        .order_by("author_id", "created_at", "id")
        .values_list("author_id", "rating")
    )
    latest = dict(rows)  # later rows overwrite earlier ones: each author's last rating
    if not latest:
        return None, 0
    return round(sum(latest.values()) / len(latest), 2), len(latest)


# --- the consultation catalogue -------------------------------------------------------------------
@dataclass(frozen=True)
class CatalogueMatch:
    entry: CatalogueEntry
    by: str  # "category" or "keyword"
    keyword: str = ""

    @property
    def procedure(self) -> str:
        return self.entry.procedure


def catalogue_match(*, territory: Territory, text: str = "", category: str = "") -> CatalogueMatch | None:
    """Find the catalogue entry a matter falls under, or None when it may be handled directly.

    Catalogues of the node and of every node above it apply; the deepest catalogue wins,
    and within it a match by category beats a match by keyword.
    """
    entries = (
        CatalogueEntry.objects.filter(
            catalogue__active=True, catalogue__territory__path__in=ancestors_or_self(territory.path)
        )
        .select_related("catalogue__territory")
        .order_by("id")
    )
    text = text or ""
    best: tuple[tuple[int, int], CatalogueMatch] | None = None
    for entry in entries:
        depth = len(entry.catalogue.territory.path)
        found: CatalogueMatch | None = None
        if category and category in (entry.categories or []):
            found, rank = CatalogueMatch(entry, "category"), 1
        else:
            word = next((k for k in entry.keywords or [] if k and k in text), None)
            if word:
                found, rank = CatalogueMatch(entry, "keyword", word), 0
        if found and (best is None or (depth, rank) > best[0]):
            best = ((depth, rank), found)
    return best[1] if best else None
