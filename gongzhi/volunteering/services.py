"""Writes of volunteering: sign-ups within capacity, check-in and -out, activities, posts, pledges.

Capacity is kept by locking the activity row before counting its seats: two sign-ups for
the last seat run one after the other (PostgreSQL waits on the row lock; SQLite, whose
transactions begin IMMEDIATE, waits at BEGIN), and the second finds the activity full.
Locks are always taken activity first, then sign-up, then post.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.utils import timezone

from gongzhi.core import workflow as engine
from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.people.models import PartyMember, User
from gongzhi.people.scope import can_edit, restrict
from gongzhi.territory.resources import in_scope
from gongzhi.volunteering import workflow
from gongzhi.volunteering.models import (
    Activity,
    ActivityEvent,
    GovernancePost,
    Pledge,
    PostClaim,
    SignUp,
    Volunteer,
)
from gongzhi.volunteering.workflow import SEAT_STATES, ActivityState, SignUpState, Transition

MAX_HOURS_PER_SIGN_UP = Decimal("24")


def _who(actor: User, path: str, volunteer: Volunteer | None = None) -> set[str]:
    who = set()
    if in_scope(actor, path) and can_edit(actor, path):
        who.add("organiser")
    if volunteer is not None and volunteer.user_id is not None and volunteer.user_id == actor.pk:
        who.add("self")
    return who


def _visible(actor: User, path: str, who: set[str]) -> None:
    # Out of scope answers exactly like missing; in scope but read-only is refused.
    if not who and not in_scope(actor, path):
        raise NotFound()


def _lock_activity(activity_id) -> Activity:
    try:
        return (
            Activity.objects.select_for_update(of=("self",)).select_related("territory").get(pk=activity_id)
        )
    except (Activity.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def _seats_taken(activity: Activity) -> int:
    return SignUp.objects.filter(activity=activity, state__in=SEAT_STATES).count()


def _check_seat(activity: Activity) -> None:
    if _seats_taken(activity) >= activity.capacity:
        raise Conflict(f"「{activity.title}」名额已满（{activity.capacity} 人）。", code="full")


def _event(activity, actor, action, frm, to, sign_up=None, note="") -> ActivityEvent:
    return ActivityEvent.objects.create(
        activity=activity, sign_up=sign_up, actor=actor, action=action, frm=frm, to=to, note=note[:200]
    )


def _record(change: engine.Change, *, activity: Activity, sign_up: SignUp | None = None) -> ActivityEvent:
    # One event table serves the activity and its sign-ups, so the engine cannot write it alone.
    return _event(activity, change.actor, change.action, change.frm, change.to, sign_up, change.note)


def _related(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def signup_create(*, actor: User, activity_id: int, volunteer_id: int, note: str = "") -> SignUp:
    """Sign a volunteer up for an open activity while a seat is free (organiser or the volunteer)."""
    with transaction.atomic():
        activity = _lock_activity(activity_id)
        own = Volunteer.objects.select_related("territory").filter(user_id=actor.pk).first()
        # A volunteer sees the activities of their own community; others see their scope.
        if not in_scope(actor, activity.territory.path):
            if not (own and _related(activity.territory.path, own.territory.path)):
                raise NotFound()
        volunteer = Volunteer.objects.select_related("territory").filter(pk=volunteer_id).first()
        if volunteer is None:
            raise ValidationFailed("所选的志愿者不存在。")
        who = _who(actor, activity.territory.path, volunteer)
        if "organiser" in who and not in_scope(actor, volunteer.territory.path):
            raise ValidationFailed("所选的志愿者不存在。")
        if not who:
            raise PermissionDenied("您的角色不能为他人报名。")
        if activity.state != ActivityState.OPEN:
            raise Conflict("活动已结束或已取消，不能报名。", code="illegal_transition")
        existing = SignUp.objects.select_for_update(of=("self",)).filter(
            activity=activity, volunteer=volunteer
        )
        sign_up = existing.first()
        if sign_up is not None and sign_up.state != SignUpState.CANCELLED:
            raise Conflict(f"{volunteer.name} 已报名此活动。", code="duplicate")
        _check_seat(activity)
        if sign_up is None:
            sign_up = SignUp.objects.create(activity=activity, volunteer=volunteer)
            _event(activity, actor, "sign_up", "", SignUpState.SIGNED_UP, sign_up, note)
        else:
            engine.apply(
                sign_up,
                workflow.SIGNUP_TRANSITIONS,
                "sign_up",
                actor=actor,
                roles=who,
                record=partial(_record, activity=activity, sign_up=sign_up),
                note=note,
            )
    return sign_up


def hours_between(start: dt.datetime, end: dt.datetime) -> Decimal:
    """Count service hours to the nearest half hour, never below zero nor above a day."""
    halves = round((end - start).total_seconds() / 1800)
    return min(max(Decimal(halves) / 2, Decimal(0)), MAX_HOURS_PER_SIGN_UP)


def signup_transition(
    *,
    actor: User,
    sign_up_id: int,
    action: str,
    at: dt.datetime | None = None,
    hours: Decimal | None = None,
    note: str = "",
) -> SignUp:
    """Cancel, re-sign, check in, check out or mark absent one sign-up; one event per step."""
    row = SignUp.objects.filter(pk=sign_up_id).values_list("activity_id", flat=True).first()
    if row is None:
        raise NotFound()
    at = at or timezone.now().replace(microsecond=0)
    with transaction.atomic():
        activity = _lock_activity(row)
        sign_up = (
            SignUp.objects.select_for_update(of=("self",)).select_related("volunteer").get(pk=sign_up_id)
        )
        who = _who(actor, activity.territory.path, sign_up.volunteer)
        _visible(actor, activity.territory.path, who)
        engine.apply(
            sign_up,
            workflow.SIGNUP_TRANSITIONS,
            action,
            actor=actor,
            roles=who,
            record=partial(_record, activity=activity, sign_up=sign_up),
            note=note,
            effects=partial(
                _signup_effects, activity=activity, sign_up=sign_up, action=action, at=at, hours=hours
            ),
        )
    return sign_up


def _signup_effects(
    t: Transition, *, activity: Activity, sign_up: SignUp, action: str, at: dt.datetime, hours: Decimal | None
) -> set[str]:
    """Refuse a step on a closed activity (absence may still be marked), then record the times."""
    if activity.state != ActivityState.OPEN and action != "mark_absent":
        raise Conflict("活动已结束或已取消。", code="illegal_transition")
    if action == "sign_up":
        _check_seat(activity)
    elif action == "check_in":
        sign_up.checked_in_at = at
        return {"checked_in_at"}
    elif action == "check_out":
        sign_up.checked_out_at = max(at, sign_up.checked_in_at)
        sign_up.service_hours = (
            min(max(Decimal(hours), Decimal(0)), MAX_HOURS_PER_SIGN_UP)
            if hours is not None
            else hours_between(sign_up.checked_in_at, sign_up.checked_out_at)
        )
        return {"checked_out_at", "service_hours"}
    return set()


def activity_transition(
    *, actor: User, activity_id: int, action: str, people_served: int | None = None, note: str = ""
) -> Activity:
    """Finish or cancel an activity; close the sign-ups still open the way the action implies."""
    with transaction.atomic():
        activity = _lock_activity(activity_id)
        who = _who(actor, activity.territory.path)
        _visible(actor, activity.territory.path, who)
        engine.apply(
            activity,
            workflow.ACTIVITY_TRANSITIONS,
            action,
            actor=actor,
            roles=who,
            record=partial(_record, activity=activity),
            note=note,
            effects=partial(
                _activity_effects, activity=activity, actor=actor, action=action, people_served=people_served
            ),
        )
    return activity


def _activity_effects(
    t: Transition, *, activity: Activity, actor: User, action: str, people_served: int | None
) -> set[str]:
    """Close the sign-ups still open: cancelled with the activity, or absent / checked out when it ends."""
    if action != "finish":
        for s in SignUp.objects.select_for_update(of=("self",)).filter(
            activity=activity, state__in=SEAT_STATES
        ):
            _set(s, SignUpState.CANCELLED, activity, actor, "活动取消")
        return set()
    fields = set()
    if people_served is not None:
        if people_served < 0:
            raise ValidationFailed("服务人次不能小于 0。")
        activity.people_served = people_served
        fields.add("people_served")
    _close_open_sign_ups(activity, actor)
    return fields


def _set(sign_up: SignUp, to: str, activity: Activity, actor, note: str, fields=()) -> None:
    frm = sign_up.state
    sign_up.state = to
    sign_up.save(update_fields=["state", "updated_at", *fields])
    _event(activity, actor, "close", frm, to, sign_up, note)


def _close_open_sign_ups(activity: Activity, actor) -> None:
    """Who never came is absent; who never checked out is checked out at the activity's end."""
    open_ = SignUp.objects.select_for_update(of=("self",)).filter(
        activity=activity, state__in=[SignUpState.SIGNED_UP, SignUpState.CHECKED_IN]
    )
    for s in open_:
        if s.state == SignUpState.SIGNED_UP:
            _set(s, SignUpState.ABSENT, activity, actor, "活动结束未签到")
        else:
            s.checked_out_at = max(activity.ends_at, s.checked_in_at)
            s.service_hours = hours_between(s.checked_in_at, s.checked_out_at)
            _set(
                s,
                SignUpState.CHECKED_OUT,
                activity,
                actor,
                "活动结束自动签退",
                ("checked_out_at", "service_hours"),
            )


# -- 认领岗位 and 亮诺亮绩 --------------------------------------------------------------------


def post_claim(*, actor: User, post_id: int, party_member_id: int, on: dt.date | None = None) -> PostClaim:
    """Record that a party member claims a governance post, while the post has a free slot."""
    with transaction.atomic():
        try:
            post = (
                GovernancePost.objects.select_for_update(of=("self",))
                .select_related("territory")
                .get(pk=post_id)
            )
        except (GovernancePost.DoesNotExist, ValueError, TypeError):
            raise NotFound()
        member = PartyMember.objects.select_related("territory").filter(pk=party_member_id).first()
        own = getattr(getattr(actor, "volunteer", None), "party_member_id", None)
        who = _who(actor, post.territory.path)
        if member is not None and own == member.pk:
            who.add("self")
        _visible(actor, post.territory.path, who)
        if not who:
            raise PermissionDenied("您的角色只能查看，不能认领岗位。")
        if member is None or (
            "self" not in who and not restrict(PartyMember.objects.filter(pk=member.pk), actor).exists()
        ):
            raise ValidationFailed("所选的党员不存在。")
        if PostClaim.objects.filter(post=post, party_member=member, released_on__isnull=True).exists():
            raise Conflict(f"{member.name} 已认领此岗位。", code="duplicate")
        if PostClaim.objects.filter(post=post, released_on__isnull=True).count() >= post.slots:
            raise Conflict(f"岗位「{post.name}」已认领满（{post.slots} 人）。", code="full")
        claim = PostClaim(post=post, party_member=member, claimed_on=on or timezone.localdate())
        claim._history_user = actor
        claim.save()
    return claim


def post_release(*, actor: User, claim_id: int, on: dt.date | None = None) -> PostClaim:
    with transaction.atomic():
        claim = (
            PostClaim.objects.select_for_update(of=("self",))
            .select_related("post__territory")
            .filter(pk=claim_id)
            .first()
        )
        if claim is None:
            raise NotFound()
        who = _who(actor, claim.post.territory.path)
        _visible(actor, claim.post.territory.path, who)
        if not who:
            raise PermissionDenied("您的角色只能查看，不能修改岗位认领。")
        if claim.released_on is not None:
            raise Conflict("此岗位认领已卸任。", code="illegal_transition")
        claim.released_on = max(on or timezone.localdate(), claim.claimed_on)
        claim._history_user = actor
        claim.save(update_fields=["released_on", "updated_at"])
    return claim


def pledge_publish(*, actor: User, pledge_id: int) -> Pledge:
    """Publish a pledge (and its results so far) to the residents of its community."""
    with transaction.atomic():
        pledge = (
            Pledge.objects.select_for_update(of=("self",))
            .select_related("territory")
            .filter(pk=pledge_id)
            .first()
        )
        if pledge is None:
            raise NotFound()
        who = _who(actor, pledge.territory.path)
        _visible(actor, pledge.territory.path, who)
        if not who:
            raise PermissionDenied("您的角色只能查看，不能公示。")
        pledge.published_at = timezone.now().replace(microsecond=0)
        pledge._history_user = actor
        pledge.save(update_fields=["published_at", "updated_at"])
    return pledge
