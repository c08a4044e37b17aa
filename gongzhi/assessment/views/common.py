"""What every assessment page needs: who may open it, the node asked for, how a line and an event read."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.shortcuts import render

from gongzhi.assessment import workflow
from gongzhi.assessment.access import assessor_paths
from gongzhi.assessment.models import CommitteeMember, ResultLine, Scheme, Source
from gongzhi.assessment.schemes import BRANCH_FIVE_STAR, SECRETARY_CARD
from gongzhi.assessment.scoring import number
from gongzhi.core.errors import NotFound
from gongzhi.core.figures import Definition
from gongzhi.people.nodes import figures_node
from gongzhi.people.scope import is_staff_viewer

ACTION_LABELS = {"compute": "计算", **{k: t.label for k, t in workflow.TRANSITIONS.items()}}


def staff_only(request) -> None:
    if not is_staff_viewer(request.user):
        raise DjangoPermissionDenied("您的角色不能查看考评。")


def is_assessing(user) -> bool:
    """Tell whether `user` assesses anybody (runs, reviews, decides appeals)."""
    paths = assessor_paths(user)
    return paths is None or bool(paths)


def node_of(request):
    try:
        return figures_node(user=request.user, territory_id=request.GET.get("territory"))
    except NotFound:
        raise Http404("辖区未找到。")


def shown_value(line: ResultLine, definition: Definition | None) -> str:
    if line.value is None:
        return "无数据"
    if definition is not None and definition.is_rate:
        return f"{line.value * 100:.1f}%"
    unit = definition.unit if definition is not None else "分"
    return f"{number(line.value)} {unit}"


def line_row(line: ResultLine, defs: dict[str, Definition]) -> dict:
    d = defs.get(line.figure_key) if line.source == Source.FIGURE else None
    basis = ""
    if line.numerator is not None and line.denominator is not None:
        basis = f"{number(line.numerator)}/{number(line.denominator)}"
    return {
        "line": line,
        "source": d.label if d else "人工评分",
        "definition": d.definition if d else (line.evidence.note if line.evidence_id else ""),
        "value": shown_value(line, d),
        "basis": basis,
        "points": number(line.points),
        "weight": number(line.weight),
    }


def event_label(action: str) -> str:
    return ACTION_LABELS.get(action, "操作")


def tabs(user) -> dict:
    """Say which of the assessment pages the viewer may open, for the tab strip."""
    staff = is_staff_viewer(user)
    codes = set(
        Scheme.objects.filter(code__in=[BRANCH_FIVE_STAR, SECRETARY_CARD]).values_list("code", flat=True)
    )
    return {
        "staff": staff,
        "stars": staff and BRANCH_FIVE_STAR in codes,
        "cards": staff and SECRETARY_CARD in codes,
        "selections": is_assessing(user) or CommitteeMember.objects.filter(user=user).exists(),
    }


def page(request, template: str, context: dict):
    """Render an assessment page with the tab strip the viewer may follow."""
    return render(request, template, {**context, "tabs": tabs(request.user)})


def grade_rules(grades) -> list[tuple]:
    """Say each band's rule in words: 85 分及以上 … 70 分以下 for the lowest."""
    ordered = sorted(grades, key=lambda g: g.min_score, reverse=True)
    out = []
    for i, g in enumerate(ordered):
        if i == len(ordered) - 1 and i > 0:
            out.append((g, f"{number(ordered[i - 1].min_score)} 分以下"))
        else:
            out.append((g, f"{number(g.min_score)} 分及以上"))
    return out
