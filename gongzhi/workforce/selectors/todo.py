"""What needs doing in an area (the workforce index): shortfalls, uncovered villages, red cards, pay."""

from __future__ import annotations

from dataclasses import dataclass, field

from gongzhi.core.periods import last_full, today
from gongzhi.territory.models import Territory
from gongzhi.workforce.selectors.access import is_assessor_over
from gongzhi.workforce.selectors.pay import unpaid_workers
from gongzhi.workforce.selectors.postings import coverage
from gongzhi.workforce.selectors.staffing import Staffing, staffing_report
from gongzhi.workforce.selectors.training import RedCard, red_card_holders
from gongzhi.workforce.workflow import PostingKind

SHOWN = 8


@dataclass
class Todo:
    node: Territory
    pay_year: int
    half_key: str
    half_label: str
    short: list[Staffing] = field(default_factory=list)
    short_total: int = 0
    no_first_secretary: list[Territory] = field(default_factory=list)
    no_police: list[Territory] = field(default_factory=list)
    red_cards: list[RedCard] = field(default_factory=list)
    unpaid: int | None = None  # None: the viewer does not compute pay here

    @property
    def red_not_enrolled(self) -> list[RedCard]:
        return [r for r in self.red_cards if not r.enrolled]

    @property
    def nothing(self) -> bool:
        return not (
            self.short or self.no_first_secretary or self.no_police or self.red_not_enrolled or self.unpaid
        )


def todo_for(*, actor, node: Territory) -> Todo:
    day = today()
    half = last_full("half", on=day)
    t = Todo(node=node, pay_year=day.year - 1, half_key=half.key, half_label=half.label)
    report = staffing_report(node=node, year=day.year)
    t.short = report.short
    t.short_total = sum(s.shortfall for s in report.short)
    rows = coverage(node=node, day=day)
    t.no_first_secretary = [r.node for r in rows if r.village and not r.has(PostingKind.FIRST_SECRETARY)]
    t.no_police = [r.node for r in rows if not r.has(PostingKind.VILLAGE_POLICE)]
    t.red_cards = red_card_holders(node=node, period_key=half.key)
    if is_assessor_over(actor, node.path):
        t.unpaid = unpaid_workers(node=node, year=t.pay_year).count()
    return t
