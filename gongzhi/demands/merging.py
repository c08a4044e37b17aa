"""Who proposes the demands a demand may duplicate, for the merge panel of its page.

An app above demands (dispatch) registers the finder in its AppConfig.ready(); demands never
imports it. Without one the page offers no suggestions; merging by hand still works.
"""

from __future__ import annotations

from collections.abc import Callable

# finder(actor=…, demand=…) -> [{"demand", "percent", "distance_m", "gap", "later", "take_in"}, …]
_finder: Callable | None = None


def register(finder: Callable) -> None:
    """Install the function that lists a demand's likely duplicates for a viewer."""
    global _finder
    _finder = finder


def merge_suggestions(*, actor, demand) -> list[dict]:
    """Return the registered finder's suggestions for `demand`, or none."""
    return [] if _finder is None else _finder(actor=actor, demand=demand)
