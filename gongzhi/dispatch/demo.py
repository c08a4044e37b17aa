"""Demo: seeded duplicate demands and a month with a sudden rise, then a classifier trained on the demo's labels."""

from __future__ import annotations

DEMO_ORDER = 15  # after the demands (10), before everything that only reads them


def demo_build(*, city, seed: int, scale: float, step) -> None:
    from gongzhi.dispatch.demo_classifier import build as classifier_build
    from gongzhi.dispatch.demo_duplicates import build as duplicates_build

    duplicates_build(city=city, seed=seed, scale=scale, step=step)
    classifier_build(city=city, seed=seed, scale=scale, step=step)
