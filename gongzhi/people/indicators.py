"""The organisation figures (组织覆盖) the analytics layer shows: branches, councils, linked households."""

from __future__ import annotations

from gongzhi.core.figures import PEOPLE, RATE, Definition, Provider, Value, amount, rate
from gongzhi.people.selectors import coverage

DEFINITIONS = [
    Definition("people.branch_rate", "支部覆盖率", "Units with a branch", RATE, "建有党支部的网格、小区、自然村 ÷ 全部此类单元", min_size=3, headline=True),
    Definition("people.council_rate", "议事会覆盖率", "Units with a council", RATE, "建有议事会的网格、小区、自然村 ÷ 全部此类单元（一组一会）", min_size=3),
    Definition("people.linked_rate", "党员联系户覆盖率", "Households linked to a member", RATE, "有党员联系的户 ÷ 全部户数（一人联十户）", min_size=20),
    Definition("people.party_members", "党员", "Party members", PEOPLE, "登记在辖区内的党员人数（现状，不随期间变化）", None),
]  # fmt: skip


def for_node(*, node, period) -> dict[str, Value]:
    c = coverage(node=node)
    return {
        "people.branch_rate": rate(c.units_with_branch, c.units),
        "people.council_rate": rate(c.units_with_council, c.units),
        "people.linked_rate": rate(c.households_linked, c.households),
        "people.party_members": amount(c.party_members),
    }


PROVIDER = Provider(
    area="people",
    label="组织覆盖",
    label_en="Organisation",
    order=5,
    definitions=DEFINITIONS,
    for_node=for_node,
    extra={"stock": True},
)
