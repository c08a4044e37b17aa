"""The red-property figures (红色物业) the analytics layer shows: the seed's three shares and more."""

from __future__ import annotations

from gongzhi.core.figures import COUNT, RATE, Definition, Provider, Value, amount, rate
from gongzhi.property.selectors import property_figures

DEFINITIONS = [
    Definition("property.property_service_rate", "物业服务覆盖率", "Compounds with property service", RATE, "有物业服务（企业或自管）的小区 ÷ 小区总数", min_size=3, headline=True),
    Definition("property.committee_rate", "业委会组建率", "Compounds with owners' committee", RATE, "已成立业主委员会的小区 ÷ 小区总数", min_size=3),
    Definition("property.member_party_rate", "业委会党员占比", "Party members on committees", RATE, "业委会成员中党员的比例", min_size=5),
    Definition("property.branch_rate", "小区党支部覆盖率", "Compounds with a branch", RATE, "建有党支部的小区 ÷ 小区总数", min_size=3),
    Definition("property.complaints", "物业投诉", "Property complaints", COUNT, "期间内物业类诉求件数", False),
]  # fmt: skip


def for_node(*, node, period) -> dict[str, Value]:
    f = property_figures(node=node, period=period)
    return {
        "property.property_service_rate": rate(f["with_property_service"], f["compounds"]),
        "property.committee_rate": rate(f["with_committee"], f["compounds"]),
        "property.member_party_rate": rate(f["committee_members_party"], f["committee_members"]),
        "property.branch_rate": rate(f["with_branch"], f["compounds"]),
        "property.complaints": amount(f["complaints"]),
    }


PROVIDER = Provider(
    area="property",
    label="红色物业",
    label_en="Red property",
    order=70,
    definitions=DEFINITIONS,
    for_node=for_node,
    page="property:figures",
)
