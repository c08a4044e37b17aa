"""Show a figure's value the same way on every page, report and big screen."""

from __future__ import annotations

from gongzhi.core.figures import HOURS, POINTS, RATE, Definition, Value

# Sequential colours for a choropleth, worst to best; grey for a unit with no (or too small) value.
SCALE = ["#d73027", "#fc8d59", "#fee08b", "#91cf60", "#1a9850"]
NEUTRAL_SCALE = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
NO_DATA = "#e0e0e0"


def show(definition: Definition, value) -> str:
    """Format a value with its unit; no value is a dash."""
    if isinstance(value, Value):
        value = value.value
    if value is None:
        return "—"
    if definition.unit == RATE:
        return f"{value * 100:.1f}%"
    if definition.unit in (HOURS, POINTS) and not float(value).is_integer():
        return f"{value:,.1f}"
    return f"{int(round(value)):,}"


def cell(definition: Definition, value):
    """Return a value as a spreadsheet cell: a number (rates in percent), or empty."""
    if isinstance(value, Value):
        value = value.value
    if value is None:
        return None
    return round(value * 100, 2) if definition.unit == RATE else value


def show_change(definition: Definition, change: float | None) -> str:
    """Format the change against the previous period: percentage points for rates."""
    if change is None:
        return ""
    magnitude = abs(change) * 100 if definition.unit == RATE else abs(change)
    text = (
        f"{magnitude:,.1f}"
        if definition.unit == RATE or not float(magnitude).is_integer()
        else f"{int(magnitude):,}"
    )
    # What rounds to nothing is no change, whichever side of zero it came from.
    sign = "±" if text.strip("0.,") == "" else ("+" if change > 0 else "−")
    return f"{sign}{text} 个百分点" if definition.unit == RATE else f"{sign}{text}"


def colour_scale(definition: Definition, values: list[float]) -> tuple[list[float], list[str]]:
    """Return the class breaks (quintiles of the values) and the colours, worst first."""
    colours = SCALE if definition.higher_is_better is not None else NEUTRAL_SCALE
    if definition.higher_is_better is False:
        colours = list(reversed(colours))
    if not values:
        return [], colours
    ordered = sorted(values)
    n = len(colours)
    breaks = sorted({ordered[min(len(ordered) - 1, (len(ordered) * i) // n)] for i in range(1, n)})
    breaks = [b for b in breaks if b > ordered[0]]  # a class below the lowest value would stay empty
    # Fewer distinct classes than colours (many equal values): spread the classes over the scale.
    k = len(breaks) + 1
    if k < n:
        colours = [colours[round(i * (n - 1) / (k - 1))] for i in range(k)] if k > 1 else [colours[n // 2]]
    return breaks, colours


def colour_of(value: float | None, breaks: list[float], colours: list[str]) -> str:
    if value is None:
        return NO_DATA
    index = sum(1 for b in breaks if value >= b)
    return colours[min(index, len(colours) - 1)]
