"""The safe-household figures (平安家庭) the analytics layer shows."""

from __future__ import annotations

from gongzhi.core.figures import COUNT, RATE, Definition, Provider, Value, amount, rate
from gongzhi.safety.selectors import safety_figures

DEFINITIONS = [
    Definition("safety.coverage_rate", "平安家庭覆盖率", "Safe households share", RATE, "期末持有平安家庭称号的户 ÷ 全部户数", min_size=20, headline=True),
    Definition("safety.compliance_rate", "创建达标率", "Compliance", RATE, "期末持有称号的户 ÷ 已有评定结论的户", min_size=10),
    Definition("safety.applications", "创建申请", "Applications", COUNT, "期间内新提交的平安家庭创建申请", None),
    Definition("safety.awards", "授牌户数", "Plaques awarded", COUNT, "期间内新授牌的户数", None),
    Definition("safety.revocations", "摘牌户数", "Statuses lost", COUNT, "期间内失去称号的户数（复核未过、纠纷或诉求）", False),
    Definition("safety.recheck_overdue", "复核逾期", "Re-checks overdue", COUNT, "复核日期已过仍未复核的户数（截至今日）", False),
]  # fmt: skip


def for_node(*, node, period) -> dict[str, Value]:
    f = safety_figures(node=node, period=period)
    return {
        "safety.coverage_rate": rate(f.compliant, f.households),
        "safety.compliance_rate": rate(f.compliant, f.assessed),
        "safety.applications": amount(f.applications),
        "safety.awards": amount(f.awards),
        "safety.revocations": amount(f.revocations),
        "safety.recheck_overdue": amount(f.recheck_overdue),
    }


PROVIDER = Provider(
    area="safety",
    label="平安家庭",
    label_en="Safe households",
    order=30,
    definitions=DEFINITIONS,
    for_node=for_node,
    page="safety:index",
)
