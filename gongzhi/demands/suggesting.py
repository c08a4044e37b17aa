"""Where a classifier takes part in intake: it suggests a category and learns from people's choices.

An app above demands (dispatch) registers both in its AppConfig.ready(); demands never imports
it, so dependencies keep pointing one way. Without one, every uncategorised demand goes to
triage and a person's choice teaches nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    label: str | None  # a category code (or name) of the taxonomy, None when the text names none
    confidence: float
    needs_triage: bool  # below the classifier's threshold: a person decides
    source: str  # "model:<version>" or "keywords"


# suggest(text=…, taxonomy={code: keywords}) -> an object with Suggestion's attributes
_suggest: Callable | None = None
# learn(actor=…, text=…, label=…, predicted_label=…, agreed=…) -> the stored label's id
_learn: Callable | None = None


def register(*, suggest: Callable | None = None, learn: Callable | None = None) -> None:
    """Install the classifier's `suggest` (at intake) and `learn` (when a person picks a category)."""
    global _suggest, _learn
    if suggest is not None:
        _suggest = suggest
    if learn is not None:
        _learn = learn


def suggest(*, text: str, taxonomy: dict[str, tuple[str, ...]]) -> Suggestion:
    """Ask the registered classifier about `text`; with none, send the demand to triage."""
    if _suggest is None:
        return Suggestion(None, 0.0, True, "")
    s = _suggest(text=text, taxonomy=taxonomy)
    return Suggestion(s.label, s.confidence, s.needs_triage, s.source)


def learn(*, actor, text: str, label: str, predicted_label: str, agreed: bool) -> int | None:
    """Hand the category a person chose to the registered classifier; return its label id, if any."""
    if _learn is None:
        return None
    return _learn(actor=actor, text=text, label=label, predicted_label=predicted_label, agreed=agreed)
