"""What happens when a demand is recorded against a household (safe-household status, …).

Apps above demands (safety) register a receiver in their AppConfig.ready(); demands never
imports them. Every intake path — hotline, self-report, API, patrol, walk-in — goes through
`services.demand_submit`, which calls the receivers inside its transaction, so a receiver's
writes commit or roll back with the demand.
"""

from __future__ import annotations

from collections.abc import Callable

from gongzhi.territory.levels import Level

_RECEIVERS: list[Callable] = []


def register(receiver: Callable) -> None:
    """Call `receiver(actor=…, demand=…)` for every new demand located at a household."""
    if receiver not in _RECEIVERS:
        _RECEIVERS.append(receiver)


def recorded(*, actor, demand) -> None:
    """Tell the receivers a demand was recorded; nothing happens unless it lies at a household."""
    territory = demand.territory
    if territory is None or territory.level != Level.HOUSEHOLD:
        return
    for receiver in _RECEIVERS:
        receiver(actor=actor, demand=demand)
