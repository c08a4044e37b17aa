"""The mediation figures (矛盾调解) the analytics layer shows."""

from __future__ import annotations

from gongzhi.core.figures import COUNT, HOURS, RATE, Definition, Provider, Value, amount, rate
from gongzhi.mediation.selectors import mediation_figures

DEFINITIONS = [
    Definition("mediation.success_rate", "调解成功率", "Mediation success", RATE, "达成调解协议的件数 ÷ 期间内调解结束的件数", min_size=5, headline=True),
    Definition("mediation.received", "受理纠纷", "Disputes received", COUNT, "期间内登记的纠纷件数", None),
    Definition("mediation.open_now", "在调纠纷", "Open disputes", COUNT, "当前仍在登记、分派或调解中的件数", None),
    Definition("mediation.first_contact_hours", "首次联系时长", "Hours to first contact", HOURS, "从登记到首次联系当事人的平均小时数", False, min_size=5),
]  # fmt: skip


def for_node(*, node, period) -> dict[str, Value]:
    f = mediation_figures(node=node, period=period)
    return {
        "mediation.success_rate": rate(f.agreed, f.concluded),
        "mediation.received": amount(f.received),
        "mediation.open_now": amount(f.open_now),
        "mediation.first_contact_hours": Value(f.first_contact_hours_mean, None, f.contacted),
    }


PROVIDER = Provider(
    area="mediation",
    label="矛盾调解",
    label_en="Mediation",
    order=40,
    definitions=DEFINITIONS,
    for_node=for_node,
    page="mediation:index",
)
