"""The cities a demo can be built for, and the shape of what lies below their communities."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "territory" / "data"


@dataclass(frozen=True)
class City:
    key: str
    name: str
    file: str
    division_code: str  # the city's 12-digit code
    # A rough seat of government (GCJ-02), used only when no boundary polygons are given.
    center: tuple[float, float]

    @property
    def adcode(self) -> str:
        return self.division_code[:6]

    @property
    def path(self) -> Path:
        return DATA_DIR / self.file


CITIES: dict[str, City] = {
    c.key: c
    for c in [
        City("bengbu", "蚌埠市", "bengbu-3403.csv", "340300000000", (117.389, 32.916)),
        City("panzhihua", "攀枝花市", "panzhihua-5104.csv", "510400000000", (101.718, 26.582)),
        City("zhangzhou", "漳州市", "zhangzhou-3506.csv", "350600000000", (117.647, 24.513)),
        City("binzhou", "滨州市", "binzhou-3716.csv", "371600000000", (117.972, 37.382)),
        # 陆丰 is a county-level city of 汕尾; the division list is 汕尾's.
        City("lufeng", "汕尾市（陆丰）", "shanwei-4415.csv", "441500000000", (115.652, 22.919)),
    ]
}


@dataclass(frozen=True)
class Profile:
    """How much to generate below each community at scale 1 (Bengbu's reported ratios)."""

    # 3950 natural-village branches over 913 villages; 1187 compound/grid branches over 226 communities.
    units_per_village: float = 4.3
    units_per_community: float = 5.3
    grid_share: float = 0.6  # of an urban community's units, the rest are compounds inside grids
    buildings_per_unit: float = 4.0
    households_per_building: float = 8.0
    households_per_natural_village: float = 12.0
    # Branch coverage per unit level: most units have a branch, a few do not yet.
    branch_rate: tuple[tuple[str, float], ...] = (
        ("grid", 0.97),
        ("compound", 0.86),
        ("natural_village", 0.95),
    )
    council_rate: float = 0.92  # of branches that have their council (一组一会)
    party_member_rate: float = 0.08  # of adult residents
    in_service_rate: float = 0.3  # of working-age members: 在职党员双报到
    hub_rate: float = 0.12  # of linking members whose home is a 党员中心户


PROFILE = Profile()

SCALE_PRESETS = {"small": 0.25, "medium": 0.5, "full": 1.0}
DEFAULT_SCALE = 1.0


def parse_scale(value: str | float) -> float:
    """Read --scale: a number or one of small, medium, full."""
    if isinstance(value, int | float):
        scale = float(value)
    elif value in SCALE_PRESETS:
        scale = SCALE_PRESETS[value]
    else:
        try:
            scale = float(value)
        except ValueError:
            raise ValueError(f"--scale 应为数字或 {'、'.join(SCALE_PRESETS)}，不是「{value}」")
    if not 0 < scale <= 10:
        raise ValueError("--scale 应在 0 到 10 之间")
    return scale
