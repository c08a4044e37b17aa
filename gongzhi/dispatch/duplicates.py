"""Duplicate suggestions: a new demand that resembles an open one nearby and recent.

The scoring is a pure function over plain records (`Record`), so the benchmark runs it
without a database; `duplicate_candidates` is the thin wrapper that reads the records.
Merging itself is the demand workflow's `merge` action: we only suggest.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from gongzhi.demands import workflow
from gongzhi.demands.selectors import demand_visible
from gongzhi.people.scope import roles_at

RADIUS_M = 300.0  # nearby: within this many metres (haversine on GCJ-02 points)
WINDOW = timedelta(days=7)  # recent: submitted within this many days of each other
THRESHOLD = (
    0.12  # text similarity (cosine of character 1–2-gram TF-IDF) to suggest a merge; see bench/duplicates.py
)
EARTH_RADIUS_M = 6_371_008.8

# Spaces, punctuation and digits carry no meaning for "the same complaint" and would match by chance.
_NOISE = re.compile(r"[\s\d\W_]+", re.UNICODE)
# Greetings and hotline boilerplate: every demand may say them, so they would make any two look alike.
_FILLER = re.compile(
    r"你好|您好|我想|反映一下|反映|投诉|问题|居民来电称|来电称|来电|市民|群众|转办|希望|尽快|及时|"
    r"处理|相关部门|有关部门|解决|谢谢|麻烦|帮忙|一下|请"
)


@dataclass(frozen=True)
class Record:
    """What duplicate scoring needs of one demand."""

    id: int
    text: str
    created_at: datetime
    lng: float | None = None
    lat: float | None = None
    territory: int | None = None  # the territory node's id, the fallback when there is no point


@dataclass(frozen=True)
class Candidate:
    record: Record
    score: float
    distance_m: float | None  # None when matched by territory node for want of a point


def haversine_m(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    """Great-circle distance in metres; GCJ-02 offsets are locally uniform, so it holds within a city."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _has_point(r: Record) -> bool:
    return r.lng is not None and r.lat is not None


def nearby(new: Record, other: Record, *, radius_m: float = RADIUS_M) -> tuple[bool, float | None]:
    """Return whether `other` is near `new`, and the distance when both have a point."""
    if _has_point(new) and _has_point(other):
        d = haversine_m(new.lng, new.lat, other.lng, other.lat)
        return d <= radius_m, d
    return new.territory is not None and new.territory == other.territory, None


def normalise(text: str) -> str:
    return _FILLER.sub("", _NOISE.sub("", text or ""))


def similarities(text: str, others: list[str]) -> list[float]:
    """Cosine similarity of `text` to each of `others`, character 1–2-grams weighted by TF-IDF fitted on them all."""
    docs = [normalise(t) for t in [text, *others]]
    if not others or not any(len(d) >= 2 for d in docs[1:]) or len(docs[0]) < 2:
        return [0.0] * len(others)
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)
    try:
        m = vec.fit_transform(docs)
    except ValueError:  # no 2-gram at all
        return [0.0] * len(others)
    return [float(s) for s in cosine_similarity(m[0], m[1:])[0]]


def score_candidates(
    new: Record,
    pool: Iterable[Record],
    *,
    radius_m: float = RADIUS_M,
    window: timedelta = WINDOW,
    threshold: float = THRESHOLD,
    limit: int = 5,
) -> list[Candidate]:
    """Rank the records of `pool` that are near, recent and similar enough to `new`, best first."""
    close: list[tuple[Record, float | None]] = []
    for other in pool:
        if other.id == new.id or abs(other.created_at - new.created_at) > window:
            continue
        ok, d = nearby(new, other, radius_m=radius_m)
        if ok:
            close.append((other, d))
    scores = similarities(new.text, [o.text for o, _ in close])
    found = [
        Candidate(record=o, score=round(s, 4), distance_m=None if d is None else round(d, 1))
        for (o, d), s in zip(close, scores, strict=True)
        if s >= threshold
    ]
    found.sort(key=lambda c: (-c.score, c.distance_m if c.distance_m is not None else radius_m, c.record.id))
    return found[:limit]


def record_of(demand) -> Record:
    return Record(
        id=demand.pk,
        text=f"{demand.title} {demand.text}",
        created_at=demand.created_at,
        lng=demand.lng,
        lat=demand.lat,
        territory=demand.territory_id,
    )


def _place_q(demand, radius_m: float) -> Q:
    """A coarse database filter for `nearby`: a bounding box around the point, or the same node."""
    same_node = Q(territory_id=demand.territory_id) if demand.territory_id else Q(pk__in=[])
    if demand.lng is None or demand.lat is None:
        return same_node
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlng = dlat / max(math.cos(math.radians(demand.lat)), 0.01)
    box = Q(
        lat__range=(demand.lat - dlat, demand.lat + dlat), lng__range=(demand.lng - dlng, demand.lng + dlng)
    )
    return box | (Q(lng__isnull=True) & same_node) | (Q(lat__isnull=True) & same_node)


def duplicate_candidates(
    *,
    actor,
    demand,
    limit: int = 5,
    radius_m: float = RADIUS_M,
    window: timedelta = WINDOW,
    threshold: float = THRESHOLD,
) -> list[tuple]:
    """Return (demand, score, distance_m) of the open demands `actor` sees that `demand` may duplicate."""
    qs = (
        demand_visible(actor=actor)
        .exclude(pk=demand.pk)
        .exclude(state__in=workflow.FINAL_STATES)
        .filter(created_at__range=(demand.created_at - window, demand.created_at + window))
        .filter(_place_q(demand, radius_m))
        .select_related("territory", "category")
    )
    by_id = {d.pk: d for d in qs[:500]}
    found = score_candidates(
        record_of(demand),
        [record_of(d) for d in by_id.values()],
        radius_m=radius_m,
        window=window,
        threshold=threshold,
        limit=limit,
    )
    return [(by_id[c.record.id], c.score, c.distance_m) for c in found]


def _gap(a: datetime, b: datetime) -> str:
    """How much earlier or later `b` was submitted than `a`, in words."""
    seconds = (b - a).total_seconds()
    word = "晚" if seconds > 0 else "早"
    hours = abs(seconds) / 3600
    if hours < 1:
        return "前后不到 1 小时"
    return f"{word} {hours:.0f} 小时" if hours < 48 else f"{word} {hours / 24:.0f} 天"


def merge_suggestions(*, actor, demand) -> list[dict]:
    """The duplicate candidates of `demand` for its page, and which way `actor` may merge each.

    `into` merges this demand into the candidate; `take_in` merges a later candidate into this one,
    when the actor may merge that one too. The earlier demand is the natural one to keep.
    """
    rows = []
    for other, score, distance in duplicate_candidates(actor=actor, demand=demand):
        later = other.created_at > demand.created_at
        roles = roles_at(actor, other.territory.path) if other.territory_id else set()
        rows.append(
            {
                "demand": other,
                "percent": round(score * 100),
                "distance_m": None if distance is None else round(distance),
                "gap": _gap(demand.created_at, other.created_at),
                "later": later,
                "take_in": later and "merge" in workflow.available(other.state, roles),
            }
        )
    return rows
