"""The life of an activity and of one volunteer's sign-up, as tables testable without a database."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core import workflow as engine
from gongzhi.core.errors import ApplicationError, Conflict
from gongzhi.core.workflow import Table, Transition


class ActivityState(models.TextChoices):
    OPEN = "open", _("招募中")  # volunteers may sign up, check in and out
    FINISHED = "finished", _("已结束")  # hours and people served are final
    CANCELLED = "cancelled", _("已取消")  # nothing happened; sign-ups are void


class SignUpState(models.TextChoices):
    SIGNED_UP = "signed_up", _("已报名")  # holds a seat
    CHECKED_IN = "checked_in", _("已签到")  # holds a seat, at the activity now
    CHECKED_OUT = "checked_out", _("已签退")  # served; service_hours recorded
    CANCELLED = "cancelled", _("已取消")  # gave the seat back
    ABSENT = "absent", _("缺席")  # signed up and did not come


# Sign-ups in these states take a seat of the activity's capacity.
SEAT_STATES = (SignUpState.SIGNED_UP, SignUpState.CHECKED_IN, SignUpState.CHECKED_OUT)


@dataclass(frozen=True, eq=False)
class _Table(Table):
    """Volunteering's refusals, worded and ordered as its pages and API have always answered."""

    denial: str = "您不能执行「{label}」。"
    state_first: bool = False

    def unknown(self, action: str) -> ApplicationError:
        return Conflict(f"没有「{action}」这个操作。", code="unknown_action")

    def illegal(self, action: str, t: Transition, state: str) -> ApplicationError:
        return Conflict(f"当前状态下不能「{t.label}」。", code="illegal_transition")


# `who`: "organiser", an editor over the activity's territory; "self", the volunteer's own login.
def _t(frm, to, label, who=("organiser",)) -> Transition:
    return Transition(label=label, frm=frozenset(frm), to=to, who=frozenset(who))


ACTIVITY_TRANSITIONS = _Table(
    {
        "finish": _t({ActivityState.OPEN}, ActivityState.FINISHED, "结束活动"),
        "cancel": _t({ActivityState.OPEN}, ActivityState.CANCELLED, "取消活动"),
    },
    states=ActivityState,
)

SIGNUP_TRANSITIONS = _Table(
    {
        # A cancelled sign-up may sign up again; it then needs a free seat like a new one.
        "sign_up": _t({SignUpState.CANCELLED}, SignUpState.SIGNED_UP, "重新报名", ("organiser", "self")),
        "cancel": _t({SignUpState.SIGNED_UP}, SignUpState.CANCELLED, "取消报名", ("organiser", "self")),
        "check_in": _t({SignUpState.SIGNED_UP}, SignUpState.CHECKED_IN, "签到", ("organiser", "self")),
        "check_out": _t({SignUpState.CHECKED_IN}, SignUpState.CHECKED_OUT, "签退", ("organiser", "self")),
        "mark_absent": _t({SignUpState.SIGNED_UP}, SignUpState.ABSENT, "记为缺席"),
    },
    states=SignUpState,
)


def check(table: Table, action: str, *, state: str, who: set[str]) -> Transition:
    """Return the transition for `action` from `state`; refuse a wrong state with Conflict (409)."""
    return engine.check(table, action, state=state, roles=who)
