"""Small labelled items that higher apps add to a registry record's page (a branch's stars, for instance).

People is below those apps and never imports them: an app registers a function in its
AppConfig.ready(), and the record page shows whatever the functions return for the viewer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Badge:
    label: str  # 党支部五星
    value: str  # ★★★★ 四星（2025年）
    url: str = ""  # where the viewer may read more; empty when they may not open it


_PROVIDERS: list[Callable] = []


def register(provider: Callable) -> None:
    """Add `provider(obj=…, user=…) -> list[Badge]`; registering the same function twice keeps one."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def badges_for(obj, *, user) -> list[Badge]:
    """Return every registered provider's badges for a record, in registration order."""
    return [b for provider in _PROVIDERS for b in provider(obj=obj, user=user)]
