"""Suggest a category for a demand's text, with a confidence and a triage flag.

With an active model (registry.load_active(), loaded once per process) the model answers.
Without one (cold start) the taxonomy's keyword rules do: each active category's
`Category.keywords`, read from the routing cache, so no query per text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gongzhi.dispatch import registry
from gongzhi.dispatch.keywords import TABLES, keyword_classify, taxonomy_table
from gongzhi.dispatch.text import prepare

# Below this confidence a suggestion goes to a human (triage queue) instead of straight to dispatch.
DEFAULT_THRESHOLD = 0.6


@dataclass(frozen=True)
class Suggestion:
    label: str | None
    confidence: float
    needs_triage: bool
    source: str  # "model:<version>" or "keywords"

    def __iter__(self):
        # Unpacks as the (label, confidence, needs_triage) triple callers rely on.
        return iter((self.label, self.confidence, self.needs_triage))


def _threshold(loaded: registry.LoadedModel | None, threshold: float | None) -> float:
    if threshold is not None:
        return threshold
    if loaded is not None:
        return float(loaded.metadata.get("params", {}).get("triage_threshold", DEFAULT_THRESHOLD))
    return DEFAULT_THRESHOLD


def classify_many(
    texts,
    *,
    loaded: registry.LoadedModel | None = None,
    threshold: float | None = None,
    table: str | None = None,
    taxonomy: dict[str, tuple[str, ...]] | None = None,
) -> list[Suggestion]:
    """Classify raw or segmented texts with the given (else the active) model, else keyword rules.

    The keyword rules are `taxonomy`'s (code → keywords; by default the active categories'),
    unless `table` names a built-in one ("departments": the Teddy Cup departments).
    """
    texts = list(texts)
    loaded = loaded or registry.load_active()
    limit = _threshold(loaded, threshold)
    if loaded is None:
        rules = TABLES[table] if table else (taxonomy_table() if taxonomy is None else taxonomy)
        out = []
        for text in texts:
            r = keyword_classify(text, table=rules)
            out.append(Suggestion(r.label, r.confidence, r.label is None or r.confidence < limit, "keywords"))
        return out
    prepared = [prepare(t) for t in texts]
    model = loaded.model
    source = f"model:{loaded.version}"
    if hasattr(model, "predict_proba"):
        proba = model.predict_proba(prepared)
        best = proba.argmax(axis=1)
        labels = model.classes_[best]
        conf = proba[np.arange(len(prepared)), best]
    else:
        labels = np.asarray(model.predict(prepared), dtype=object)
        conf = np.ones(len(prepared))
    out = []
    for text, label, c in zip(prepared, labels, conf, strict=True):
        c = round(float(c), 4) if text else 0.0
        out.append(Suggestion(str(label) if text else None, c, not text or c < limit, source))
    return out


def classify(text: str, **kwargs) -> Suggestion:
    """Return (label, confidence, needs_triage) for one text; unpacks as a triple."""
    return classify_many([text], **kwargs)[0]
