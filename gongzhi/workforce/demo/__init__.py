"""Demo: 3岗18级 pay tables, grades and last year's pay; populations; reserve pools; postings with
days on site; a year of training with the half-year's 红牌班; member cards.

Runs after the assessment demo (its performance results and secretary cards feed the pay and the
红牌班); every step skips what exists, and every number comes from `seed`.
"""

from __future__ import annotations

from gongzhi.territory.models import Territory
from gongzhi.workforce.demo.pay import cards_build, grades_build, pay_build, populations_build, tables_build
from gongzhi.workforce.demo.postings import postings_build, reserve_build
from gongzhi.workforce.demo.training import red_card_build, training_build

DEMO_ORDER = 95  # after assessment, whose results it reads


def demo_build(*, city: Territory, seed: int, scale: float, step) -> None:
    tables_build(city=city, seed=seed, step=step)
    grades_build(city=city, seed=seed, step=step)
    populations_build(city=city, seed=seed, step=step)
    pay_build(city=city, step=step)
    reserve_build(city=city, seed=seed, step=step)
    postings_build(city=city, seed=seed, step=step)
    training_build(city=city, seed=seed, step=step)
    red_card_build(city=city, seed=seed, step=step)
    cards_build(city=city, seed=seed, step=step)
