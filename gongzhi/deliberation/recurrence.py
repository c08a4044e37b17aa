"""Regular meetings as recurrence rules (RFC 5545 RRULE through dateutil), testable without a database."""

from __future__ import annotations

import datetime as dt

from dateutil.rrule import rrulestr
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core.errors import ValidationFailed


class MeetingKind(models.TextChoices):
    AD_HOC = "ad_hoc", _("专题会议")
    FOUR_DAY = "four_day", _("逢四说事")  # every date with a 4 in it: the 4th, 14th and 24th
    MONTHLY_DAY = "monthly_day", _("民主议政日")  # one fixed day a month
    WEEKLY = "weekly", _("一周一碰头")  # the committees meet once a week
    MONTHLY_REVIEW = "monthly_review", _("一月一盘点")  # the last day of each month


# The rule each regular meeting follows unless its series says otherwise.
PRESETS: dict[str, str] = {
    MeetingKind.FOUR_DAY: "FREQ=MONTHLY;BYMONTHDAY=4,14,24",
    MeetingKind.MONTHLY_DAY: "FREQ=MONTHLY;BYMONTHDAY=15",
    MeetingKind.WEEKLY: "FREQ=WEEKLY;BYDAY=MO",
    MeetingKind.MONTHLY_REVIEW: "FREQ=MONTHLY;BYMONTHDAY=-1",
}


def rule_for(kind: str, rule: str = "") -> str:
    text = (rule or PRESETS.get(kind, "")).strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text:
        raise ValidationFailed("请填写重复规则（如 FREQ=WEEKLY;BYDAY=MO），或选择一种例会类型。")
    return text


def occurrences(*, rule: str, first: dt.datetime, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """Return the meeting times of `rule`, counted from `first`, that fall in [start, end]."""
    if first.tzinfo is None or start.tzinfo is None or end.tzinfo is None:
        raise ValueError("occurrences() takes timezone-aware datetimes")
    try:
        parsed = rrulestr(rule_for("", rule), dtstart=first)
    except (ValueError, TypeError) as exc:
        raise ValidationFailed(f"重复规则「{rule}」无法识别：{exc}")
    return list(parsed.between(start, end, inc=True))
