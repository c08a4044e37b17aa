"""Where an escalated demand goes next.

Apps that depend on demands (deliberation) register the receiver for their target in
their AppConfig.ready(); demands never imports them, so dependencies keep pointing one way.
"""

from __future__ import annotations

from collections.abc import Callable

_RECEIVERS: dict[str, Callable] = {}


def register(target: str, receiver: Callable) -> None:
    """Call `receiver(actor=…, demand=…)` inside the transaction of every escalation to `target`."""
    _RECEIVERS[target] = receiver


def hand_over(*, actor, demand, target: str) -> None:
    receiver = _RECEIVERS.get(target)
    if receiver is not None:
        receiver(actor=actor, demand=demand)
