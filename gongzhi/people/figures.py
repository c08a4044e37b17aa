"""Turn counts and coverage into the labelled figures the pages show."""

from __future__ import annotations

from dataclasses import dataclass

from gongzhi.people.selectors import Coverage
from gongzhi.territory.levels import ORDER, Level


@dataclass
class Figure:
    label: str
    value: str
    note: str = ""


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "—"


def level_figures(counts: dict[str, int], *, below: str | None = None) -> list[Figure]:
    """List the count of each level present in `counts`, top level first."""
    start = ORDER.index(below) + 1 if below in ORDER else 0
    return [Figure(str(Level(lv).label), f"{counts[lv]:,}") for lv in ORDER[start:] if counts.get(lv)]


def coverage_figures(cov: Coverage) -> list[Figure]:
    """List the 全覆盖 figures: branch and council coverage, members, linked households."""
    per_council = f"{cov.members_per_council:.1f}" if cov.members_per_council is not None else "—"
    return [
        Figure(
            "支部覆盖率",
            _pct(cov.units_with_branch, cov.units),
            f"{cov.units_with_branch}/{cov.units} 个网格·小区·自然村",
        ),
        Figure(
            "议事会覆盖率", _pct(cov.units_with_council, cov.units), f"{cov.units_with_council}/{cov.units}"
        ),
        Figure("议事会数", f"{cov.councils:,}", f"成员 {cov.council_members:,} 人"),
        Figure("每会成员", per_council, "人/会"),
        Figure(
            "联系户覆盖率",
            _pct(cov.households_linked, cov.households),
            f"{cov.households_linked:,}/{cov.households:,} 户",
        ),
        Figure("党员", f"{cov.party_members:,}", "人"),
        Figure(
            "在职党员双报到",
            _pct(cov.party_members_in_service, cov.party_members),
            f"{cov.party_members_in_service:,} 人",
        ),
    ]
