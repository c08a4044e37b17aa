"""Read the node, period and areas a figures request asks for, the same way for pages, API and reports."""

from __future__ import annotations

from gongzhi.core.errors import ValidationFailed
from gongzhi.core.figures import providers
from gongzhi.core.periods import KINDS, Period, last_full, parse_period, period_from_params


def period_param(raw: str | None, day: str | None = None) -> Period:
    """Read ?period= (and the older ?period=week&date=…); the default is the last full month."""
    if (raw or "").strip() in KINDS:
        return period_from_params({"period": raw, "date": day or ""})
    return parse_period(raw, default=last_full("month"))


def areas_param(raw: str | None) -> list[str] | None:
    """Read ?area=demands,patrols; refuse an area nobody registered, naming the ones that exist."""
    if not raw or not raw.strip():
        return None
    known = {p.area: p for p in providers()}
    wanted = [a.strip() for a in raw.split(",") if a.strip()]
    unknown = [a for a in wanted if a not in known]
    if unknown:
        names = "、".join(f"{p.area}（{p.label}）" for p in known.values())
        raise ValidationFailed(f"没有「{unknown[0][:30]}」这个领域，可选：{names}。", code="bad_area")
    return wanted


def flag(raw: str | None) -> bool:
    return (raw or "").strip().lower() in {"1", "true", "yes", "on"}
