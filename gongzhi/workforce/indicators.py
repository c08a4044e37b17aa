"""The workforce figures (队伍) the analytics layer shows, per node and period.

Which moment or year a period asks about: staffing and coverage are stocks, read at the period's
last day (today at the latest); training counts the year to the period's end (trained shares)
or the period itself (hours); pay is the last full year that ended by the period's end.
"""

from __future__ import annotations

import datetime as dt

from gongzhi.core.figures import DAYS, HOURS, PEOPLE, RATE, Definition, Provider, Value, amount, rate
from gongzhi.core.periods import Period, today
from gongzhi.territory.models import Territory
from gongzhi.workforce.selectors.pay import PayFigures, pay_figures, pay_figures_by_child
from gongzhi.workforce.selectors.postings import (
    CoverageSummary,
    coverage,
    coverage_by_child,
    coverage_summary,
    stationed_days,
    stationed_days_by_child,
)
from gongzhi.workforce.selectors.staffing import Staffing, roll_up, staffing_by_child, staffing_by_community
from gongzhi.workforce.selectors.training import (
    Hours,
    Trained,
    council_trained,
    members_trained,
    trained_by_child,
    training_hours,
    training_hours_by_child,
)
from gongzhi.workforce.workflow import PersonKind, PostingKind

YUAN = "元"
PER_10K = "人/万人"

DEFINITIONS = [
    Definition("workforce.staffing_ratio", "社区工作者配备", "Community workers per 10,000", PER_10K, "城镇社区的社区工作者人数 ÷ 城镇常住人口 × 1 万（标准：不少于 18 人）", headline=True),
    Definition("workforce.staffing_shortfall", "社区工作者缺口", "Staffing shortfall", PEOPLE, "按每万城镇常住人口 18 人，各城镇社区应配未配人数之和", False),
    Definition("workforce.first_secretary_coverage", "第一书记覆盖率", "First-secretary coverage", RATE, "期末有在岗驻村第一书记的行政村 ÷ 行政村数", headline=True),
    Definition("workforce.police_coverage", "一村(社区)一辅警覆盖率", "Village police coverage", RATE, "期末有在岗辅警的村(社区) ÷ 村(社区)数"),
    Definition("workforce.cadre_coverage", "驻村干部覆盖率", "Resident cadre coverage", RATE, "期末有在岗驻村干部的村(社区) ÷ 村(社区)数"),
    Definition("workforce.onsite_days", "驻村在岗天数", "Days on site per cadre", DAYS, "期间内驻村第一书记、驻村干部、选调生登记的在岗天数 ÷ 在派人数"),
    Definition("workforce.council_trained_share", "组会成员培训覆盖率", "Council members trained", RATE, "当年初至期末参加过至少一次培训的议事会成员 ÷ 议事会成员数", min_size=5, headline=True),
    Definition("workforce.member_trained_share", "党员教育覆盖率", "Party members trained", RATE, "当年初至期末参加过至少一次培训的党员 ÷ 党员数", min_size=5),
    Definition("workforce.training_hours", "人均培训学时", "Training hours per trainee", HOURS, "期间内参训学时之和 ÷ 参训人数"),
    Definition("workforce.average_pay", "社区工作者人均年报酬", "Average yearly pay", YUAN, "截至期末最近一个完整年度已核算的年度报酬合计 ÷ 核算人数", None),
    Definition("workforce.pay_total", "社区工作者报酬总额", "Pay total", YUAN, "截至期末最近一个完整年度已核算的年度报酬合计", None),
]  # fmt: skip


def as_of(period: Period) -> dt.date:
    return min(period.last_day, today())


def pay_year(period: Period) -> int:
    """Return the last year that ended by the period's end."""
    last = period.last_day
    return last.year if (last.month, last.day) == (12, 31) else last.year - 1


def _values(
    staffing: Staffing | None,
    cov: CoverageSummary | None,
    days: tuple[int, int],
    council: Trained,
    members: Trained,
    hours: Hours | None,
    pay: PayFigures | None,
) -> dict[str, Value]:
    out = {
        "workforce.council_trained_share": rate(council.trained, council.everyone),
        "workforce.member_trained_share": rate(members.trained, members.everyone),
        "workforce.onsite_days": Value(round(days[0] / days[1], 1) if days[1] else None, days[0], days[1]),
    }
    if staffing is not None and staffing.population:
        out["workforce.staffing_ratio"] = Value(staffing.ratio, staffing.workers, staffing.population)
        out["workforce.staffing_shortfall"] = amount(staffing.community_shortfall)
    if cov is not None:
        for key, kind in (
            ("workforce.first_secretary_coverage", PostingKind.FIRST_SECRETARY),
            ("workforce.police_coverage", PostingKind.VILLAGE_POLICE),
            ("workforce.cadre_coverage", PostingKind.RESIDENT_CADRE),
        ):
            out[key] = rate(*cov.share(kind))
    if hours is not None:
        out["workforce.training_hours"] = Value(hours.per_person, float(hours.hours), hours.people)
    if pay is not None and pay.workers:
        out["workforce.average_pay"] = Value(float(pay.average), float(pay.total), pay.workers)
        out["workforce.pay_total"] = amount(pay.total)
    return out


def for_node(*, node: Territory, period: Period) -> dict[str, Value]:
    communities = staffing_by_community(node=node, year=as_of(period).year)
    return _values(
        roll_up(node, communities) if communities else None,
        coverage_summary(coverage(node=node, day=as_of(period))),
        stationed_days(node=node, period=period),
        council_trained(node=node, period=period),
        members_trained(node=node, period=period),
        training_hours(node=node, period=period),
        pay_figures(node=node, year=pay_year(period)),
    )


def for_children(
    *, node: Territory, period: Period, children: list[Territory]
) -> dict[int, dict[str, Value]]:
    staffing = staffing_by_child(node=node, children=children, year=as_of(period).year)
    cov = coverage_by_child(node=node, children=children, day=as_of(period))
    days = stationed_days_by_child(node=node, children=children, period=period)
    trained = trained_by_child(node=node, children=children, period=period)
    hours = training_hours_by_child(node=node, children=children, period=period)
    pay = pay_figures_by_child(node=node, children=children, year=pay_year(period))
    return {
        c.pk: _values(
            staffing.get(c.pk),
            cov.get(c.pk),
            days.get(c.pk, (0, 0)),
            trained[c.pk][PersonKind.COUNCIL_MEMBER],
            trained[c.pk][PersonKind.PARTY_MEMBER],
            hours.get(c.pk, Hours(0, 0)),
            pay.get(c.pk),
        )
        for c in children
    }


PROVIDER = Provider(
    area="workforce",
    label="队伍建设",
    label_en="Workforce",
    order=90,
    definitions=DEFINITIONS,
    for_node=for_node,
    for_children=for_children,
    page="workforce:index",
)
