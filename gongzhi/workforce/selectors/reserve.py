"""The reserve pool (后备人才库) ranked per community: total score, then exam score, then name.

Ranks are computed here, never stored, so a score corrected in Excel re-ranks the pool at once;
the 递补 order of a community is its in-pool candidates in rank order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from gongzhi.core.errors import NotFound
from gongzhi.people.scope import restrict
from gongzhi.territory.models import Territory, subtree_bounds
from gongzhi.workforce.models import ReserveCandidate
from gongzhi.workforce.workflow import ReserveState


def rank_key(c: ReserveCandidate) -> tuple:
    # Ties on the total go to the better written exam, then by name (code point order, the same
    # on every database), then to whoever entered the pool first.
    return (-c.total, -c.exam_score, c.name, c.pk or 0)


def ranked(candidates: Iterable[ReserveCandidate]) -> list[ReserveCandidate]:
    return sorted(candidates, key=rank_key)


@dataclass
class RankedCandidate:
    candidate: ReserveCandidate
    rank: int | None  # place in the community's 递补 order; None once promoted or withdrawn


def reserve_list(*, actor, node: Territory | None = None) -> QuerySet[ReserveCandidate]:
    qs = restrict(ReserveCandidate.objects.select_related("territory"), actor)
    if node is not None:
        qs = qs.filter(territory__path__range=subtree_bounds(node.path))
    return qs.order_by("territory__path", "id")


def reserve_get(*, actor, candidate_id) -> ReserveCandidate:
    try:
        return reserve_list(actor=actor).get(pk=int(candidate_id))
    except (ReserveCandidate.DoesNotExist, TypeError, ValueError):
        raise NotFound("后备人选未找到。")


def reserve_ranking(candidates: Iterable[ReserveCandidate]) -> list[RankedCandidate]:
    """Rank each community's in-pool candidates; the promoted and withdrawn follow, unranked."""
    by_community: dict[int, list[ReserveCandidate]] = {}
    for c in candidates:
        by_community.setdefault(c.territory_id, []).append(c)
    out: list[RankedCandidate] = []
    for group in sorted(by_community.values(), key=lambda g: g[0].territory.path):
        pool = ranked(c for c in group if c.state == ReserveState.IN_POOL)
        out += [RankedCandidate(c, i) for i, c in enumerate(pool, 1)]
        rest = sorted((c for c in group if c.state != ReserveState.IN_POOL), key=lambda c: (c.state, c.name))
        out += [RankedCandidate(c, None) for c in rest]
    return out


def next_in_line(*, community: Territory) -> ReserveCandidate | None:
    """Return who a vacancy in `community` goes to: its highest-ranked in-pool candidate."""
    pool = ranked(ReserveCandidate.objects.filter(territory=community, state=ReserveState.IN_POOL))
    return pool[0] if pool else None
