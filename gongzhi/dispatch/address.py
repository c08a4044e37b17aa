"""Find the places of the territory tree that a demand's text names.

jieba cuts 蚌山区 into 蚌 / 山区, so every node's name and its short forms (蚌山区 → 蚌山,
天桥街道 → 天桥, 东风社区居委会 → 东风社区 / 东风) go into a tokenizer of our own; a token that
is a name is a candidate. A candidate scores higher when it is deeper, named in full, and
when its ancestors are named too; a short name shared by many nodes scores lower unless an
ancestor named in the text tells them apart. The index is rebuilt when the tree changes.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import defaultdict
from dataclasses import dataclass

import jieba
from django.db.models import Count, Max

from gongzhi.territory.levels import Level
from gongzhi.territory.models import Territory

jieba.setLogLevel(logging.WARNING)

LEVELS = (
    Level.CITY,
    Level.DISTRICT,
    Level.STREET,
    Level.COMMUNITY,
    Level.GRID,
    Level.COMPOUND,
    Level.NATURAL_VILLAGE,
)
SPECIFICITY = {
    Level.CITY: 0.0,
    Level.DISTRICT: 0.1,
    Level.STREET: 0.2,
    Level.COMMUNITY: 0.3,
    Level.GRID: 0.35,
    Level.COMPOUND: 0.35,
    Level.NATURAL_VILLAGE: 0.35,
}
_COMMITTEE = re.compile(r"(居民委员会|村民委员会|居委会|村委会|委员会|管委会|办事处)$")
_TAILS = {
    Level.CITY: ("市",),
    Level.DISTRICT: ("区", "县", "市"),
    Level.STREET: ("街道", "镇", "乡"),
    Level.COMMUNITY: ("社区", "村"),
}
# Results scoring below this are dropped: a lone common word (楼上 of 楼上村) is not an address.
MIN_SCORE = 0.35
# A short form this short, or one of these, names nothing on its own.
_TOO_GENERIC = {"社区", "街道", "新区", "城区", "开发区", "中心"}


def name_forms(name: str, level: str) -> list[str]:
    """Return the full name and the short forms a resident would write, longest first."""
    forms = [name]
    base = _COMMITTEE.sub("", name)
    if base and base != name:
        forms.append(base)
    for tail in _TAILS.get(level, ()):
        if base.endswith(tail) and len(base) - len(tail) >= 2:
            forms.append(base[: -len(tail)])
            break
    seen, out = set(), []
    for f in forms:
        if len(f) >= 2 and f not in seen and f not in _TOO_GENERIC:
            seen.add(f)
            out.append(f)
    return out


@dataclass
class _Place:
    id: int
    path: str
    level: str
    name: str


class AddressIndex:
    """Names → nodes, and a jieba tokenizer that keeps every name in one piece."""

    def __init__(self, places: list[_Place]):
        self.places = {p.id: p for p in places}
        self.by_form: dict[str, list[tuple[int, bool]]] = defaultdict(list)
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        for p in places:
            for i, form in enumerate(name_forms(p.name, p.level)):
                self.by_form[form].append((p.id, i == 0))
        # Short names that are also everyday words (楼上, 天桥) need another place named beside them.
        self.common = {f for f in self.by_form if self.tokenizer.FREQ.get(f, 0) >= 50}
        for form in self.by_form:
            # A high frequency makes jieba keep the whole name rather than its pieces.
            self.tokenizer.add_word(form, freq=100000 + 1000 * len(form))

    def mentions(self, text: str) -> list[tuple[str, int, bool]]:
        """Return (matched text, node id, named in full) for every name token in `text`."""
        out = []
        for token in self.tokenizer.lcut(text or "", HMM=False):
            for node_id, full in self.by_form.get(token, ()):
                out.append((token, node_id, full))
        return out


_lock = threading.Lock()
_index: tuple[tuple, AddressIndex] | None = None


def _tree_version() -> tuple:
    agg = (
        Territory.objects.order_by().filter(level__in=LEVELS).aggregate(n=Count("id"), last=Max("updated_at"))
    )
    return (agg["n"], agg["last"])


def address_index() -> AddressIndex:
    """Return the index for the current tree, building it once per tree version."""
    global _index
    version = _tree_version()
    with _lock:
        if _index is None or _index[0] != version:
            rows = (
                Territory.objects.order_by()
                .filter(level__in=LEVELS)
                .values_list("id", "path", "level", "name")
            )
            _index = (version, AddressIndex([_Place(*r) for r in rows]))
        return _index[1]


def extract_address(
    text: str, *, within: str | None = None, min_score: float = MIN_SCORE
) -> list[tuple[Territory, str, float]]:
    """Return (node, matched text, score in 0..1) for the places `text` names, best first.

    `within` (a path) keeps only nodes in that subtree, e.g. the reporting user's scope.
    """
    index = address_index()
    found = index.mentions(text)
    if within:
        found = [m for m in found if index.places[m[1]].path.startswith(within)]
    if not found:
        return []
    tokens_at: dict[str, set[str]] = defaultdict(set)
    namesakes: dict[str, set[int]] = defaultdict(set)
    for token, node_id, _ in found:
        tokens_at[index.places[node_id].path].add(token)
        namesakes[token].add(node_id)
    # One token naming both a place and its namesake below (天桥 → 天桥街道, 天桥社区) means the upper one.
    shadowed = {
        (token, node_id)
        for token, ids in namesakes.items()
        for node_id in ids
        for other in ids
        if other != node_id and index.places[node_id].path.startswith(index.places[other].path)
    }
    found = [m for m in found if (m[0], m[1]) not in shadowed]
    for token, ids in namesakes.items():
        ids.difference_update(i for t, i in shadowed if t == token)
    best: dict[int, tuple[str, float]] = {}
    for token, node_id, full in found:
        place = index.places[node_id]
        steps = range(Territory.steplen, len(place.path), Territory.steplen)
        # An ancestor counts only when another name in the text points at it (东风街道 … 东风社区).
        support = sum(1 for n in steps if tokens_at.get(place.path[:n], set()) - {token})
        score = 0.3 + SPECIFICITY.get(place.level, 0.2) + (0.15 if full else 0.0) + 0.1 * min(support, 2)
        if support == 0:
            # Nothing else in the text says which of the namesakes is meant.
            score /= len(namesakes[token])
            if token in index.common and not full:
                score /= 2
        score = round(min(score, 1.0), 3)
        if score < min_score:
            continue
        if node_id not in best or best[node_id][1] < score:
            best[node_id] = (token, score)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][1], -len(index.places[kv[0]].path)))
    nodes = Territory.objects.in_bulk([node_id for node_id, _ in ranked])
    return [(nodes[node_id], token, score) for node_id, (token, score) in ranked if node_id in nodes]
