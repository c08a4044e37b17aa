"""Red-property pages: coverage shares per node and period, and the compounds with their complaints."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from gongzhi.people.figures import Figure
from gongzhi.people.pagekit import Column, figures_page, fmt
from gongzhi.people.scope import is_resident_only
from gongzhi.property import selectors

COLUMNS = [
    Column("compounds", "小区"),
    Column("property_service_rate", "物业服务覆盖率"),
    Column("committee_rate", "业委会组建率"),
    Column("member_party_rate", "成员中党员占比"),
    Column("chair_party_rate", "主任中党员占比"),
    Column("model_compounds", "示范小区"),
    Column("complaints", "物业投诉"),
]


def _cards(node, period) -> list[Figure]:
    f = selectors.property_figures(node=node, period=period)
    return [
        Figure(
            "物业服务覆盖率",
            fmt(f["property_service_rate"]),
            f"{f['with_property_service']}/{f['compounds']} 个小区",
        ),
        Figure("业委会组建率", fmt(f["committee_rate"]), f"{f['with_committee']}/{f['compounds']}"),
        Figure(
            "成员中党员占比",
            fmt(f["member_party_rate"]),
            f"{f['committee_members_party']}/{f['committee_members']} 人",
        ),
        Figure("主任中党员占比", fmt(f["chair_party_rate"]), f"{f['chairs_party']}/{f['chairs']} 人"),
        Figure("小区党支部覆盖率", fmt(f["branch_rate"]), f"{f['with_branch']}/{f['compounds']}"),
        Figure("专业物业公司服务", fmt(f["with_company"]), "个小区"),
        Figure("交叉任职", fmt(f["cross_appointments"]), "人次"),
        Figure("示范小区", fmt(f["model_compounds"]), "个"),
        Figure("物业投诉", fmt(f["complaints"]), "件（诉求分类：物业）"),
    ]


@login_required
def figures(request):
    if is_resident_only(request.user):
        raise PermissionDenied("您的角色不能查看此页。")
    return figures_page(
        request,
        template="property/figures.html",
        title="红色物业",
        cards=_cards,
        children=lambda n, p: selectors.property_children(node=n, period=p),
        columns=COLUMNS,
        extra=lambda n, p: {"compounds": selectors.compound_rows(node=n, period=p, limit=200)},
    )
