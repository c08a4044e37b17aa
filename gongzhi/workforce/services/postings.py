"""Log a posted cadre's day on site (在岗记录): once per day, idempotent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.periods import today
from gongzhi.people.models import User
from gongzhi.people.scope import can_edit, in_scope
from gongzhi.workforce.models import OnSiteDay, Posting
from gongzhi.workforce.workflow import STATIONED_KINDS


def onsite_day_log(*, actor: User, posting_id: int, day: dt.date, note: str = "") -> tuple[OnSiteDay, bool]:
    """Record that the posted person was on site on `day`; logging the same day again changes nothing."""
    try:
        posting = Posting.objects.select_related("territory").get(pk=int(posting_id))
    except (Posting.DoesNotExist, TypeError, ValueError):
        raise NotFound("驻村(社区)人员未找到。")
    if not in_scope(actor, posting.territory.path):
        raise NotFound("驻村(社区)人员未找到。")
    if not can_edit(actor, posting.territory.path):
        raise PermissionDenied("您的角色只能查看，不能登记在岗记录。")
    if posting.kind not in STATIONED_KINDS:
        raise ValidationFailed(f"{posting.get_kind_display()}不登记在岗天数。")
    if day > today():
        raise ValidationFailed("不能登记今天以后的在岗记录。")
    if day < posting.start or (posting.end and day > posting.end):
        raise ValidationFailed(f"{day:%Y-%m-%d} 不在派驻期内。")
    with transaction.atomic():
        row, created = OnSiteDay.objects.get_or_create(
            posting=posting, date=day, defaults={"note": (note or "").strip()[:200]}
        )
    return row, created
