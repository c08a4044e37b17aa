"""Quorum and majority: when a meeting's vote makes a decision, testable without a database.

The defaults follow the rules villages use (村民委员会组织法): a villagers' representatives'
meeting needs two thirds of the representatives present and a majority of those present;
a party members' meeting needs more than half of the members and more than half of those
due to attend (应到会) in favour. Each body may get its own rule per territory (QuorumRule).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from gongzhi.deliberation.workflow import Body

PRESENT, ROLL = "present", "roll"
BASE_LABELS = {PRESENT: "到会人数", ROLL: "应到人数"}


@dataclass(frozen=True)
class Rule:
    quorum: Fraction  # share of the roll that must be present
    quorum_strict: bool  # True: more than that share (过半数); False: at least (三分之二以上含本数)
    majority: Fraction  # share of the base that must vote for
    majority_base: str  # PRESENT or ROLL
    majority_strict: bool = True

    def describe(self) -> str:
        q = "超过" if self.quorum_strict else "不少于"
        m = "超过" if self.majority_strict else "不少于"
        quorum = f"到会须{q}应到人数的{_share(self.quorum)}" if self.quorum else "不设到会人数要求"
        return f"{quorum}；赞成须{m}{BASE_LABELS[self.majority_base]}的{_share(self.majority)}"

    def as_dict(self) -> dict:
        return {
            "quorum": str(self.quorum),
            "quorum_strict": self.quorum_strict,
            "majority": str(self.majority),
            "majority_base": self.majority_base,
            "majority_strict": self.majority_strict,
            "text": self.describe(),
        }


def _share(f: Fraction) -> str:
    names = {Fraction(1, 2): "二分之一", Fraction(2, 3): "三分之二", Fraction(1, 3): "三分之一"}
    return names.get(f, f"{f.numerator}/{f.denominator}")


HALF, TWO_THIRDS = Fraction(1, 2), Fraction(2, 3)
DEFAULT_RULES: dict[str, Rule] = {
    Body.REPRESENTATIVES: Rule(TWO_THIRDS, False, HALF, PRESENT),
    Body.PARTY_MEMBERS: Rule(HALF, True, HALF, ROLL),
    Body.COMMITTEES: Rule(HALF, True, HALF, ROLL),
    Body.BRANCH: Rule(HALF, True, HALF, ROLL),
    Body.COUNCIL: Rule(HALF, True, HALF, PRESENT),
    # An open residents' meeting has no fixed roll to count against.
    Body.RESIDENTS: Rule(Fraction(0), False, HALF, PRESENT),
}


@dataclass(frozen=True)
class Outcome:
    passed: bool
    reason_code: str  # "" when passed; "quorum" or "majority"
    reason: str


def _meets(value: int, base: int, share: Fraction, strict: bool) -> bool:
    need = share * base
    return value > need if strict else value >= need


def decide(*, rule: Rule, roll: int, present: int, for_: int, against: int, abstain: int) -> Outcome:
    """Tell whether a vote decides, and why not when it does not."""
    if not _meets(present, roll, rule.quorum, rule.quorum_strict) or present == 0:
        return Outcome(
            False,
            "quorum",
            f"应到 {roll} 人，实到 {present} 人，未达到法定人数（{rule.describe()}），不作决定。",
        )
    base = present if rule.majority_base == PRESENT else roll
    if not _meets(for_, base, rule.majority, rule.majority_strict):
        return Outcome(
            False,
            "majority",
            f"赞成 {for_} 票、反对 {against} 票、弃权 {abstain} 票，赞成票未达到"
            f"{BASE_LABELS[rule.majority_base]}（{base} 人）的{_share(rule.majority)}，不作决定。",
        )
    return Outcome(
        True,
        "",
        f"应到 {roll} 人，实到 {present} 人；赞成 {for_} 票、反对 {against} 票、弃权 {abstain} 票，通过。",
    )
