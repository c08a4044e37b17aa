"""Training writes: enrol a half-year's red-card secretaries in its 红牌班, record a session's attendance."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.core.periods import parse_period
from gongzhi.people.models import User
from gongzhi.people.scope import can_edit, in_scope, scope_of
from gongzhi.territory.models import subtree_q
from gongzhi.workforce.models import Attendance, Course, Enrollment, Session, WorkforceAudit
from gongzhi.workforce.selectors.access import is_assessor_over
from gongzhi.workforce.selectors.training import red_card_holders
from gongzhi.workforce.services.nodes import node_for
from gongzhi.workforce.workflow import AuditAction, CourseKind, PersonKind


@dataclass
class Enrolment:
    course: Course | None  # None: nobody to enrol and no class yet
    enrolled: int  # newly enrolled by this run
    already: int  # red-card holders who were on a 红牌班 of the half-year already


def red_card_class_enrol(
    *, actor: User | None, period_key: str, territory_id: int | None = None
) -> Enrolment:
    """Enrol the secretaries carded red in a half-year, under a node, in that half-year's 红牌班.

    The class is the node's 红牌班 of the half-year (made when the first holder is enrolled). Running it again enrols
    only red cards published since; a secretary already on any 红牌班 of the half-year is left alone.
    """
    period = parse_period(period_key)
    if period.kind != "half":
        raise ValidationFailed("红牌班按半年开班，请写成 2026H1 或 2026H2。")
    node = node_for(actor, territory_id)
    if actor is not None and not is_assessor_over(actor, node.path):
        raise PermissionDenied("只有街道及以上组织部门可以为红牌班编班。")
    with transaction.atomic():
        course = (
            Course.objects.select_for_update()
            .filter(kind=CourseKind.RED_CARD_CLASS, period_key=period.key, territory=node)
            .order_by("pk")
            .first()
        )
        holders = red_card_holders(node=node, period_key=period.key)
        new_holders = [r for r in holders if not r.enrolled]
        if course is None and not new_holders:
            return Enrolment(course=None, enrolled=0, already=len(holders))
        if course is None:
            course = Course.objects.create(
                name=f"{period.label}村(社区)党组织书记红牌班",
                kind=CourseKind.RED_CARD_CLASS,
                period_key=period.key,
                year=period.start.year,
                territory=node,
                note="对考核亮红牌的书记“补课充电”，结业后重新考核",
            )
        new = [
            Enrollment(
                course=course,
                person_kind=PersonKind.SECRETARY,
                person_id=r.result.subject_id,
                name=r.result.subject_name[:50],
                territory=r.territory,
            )
            for r in new_holders
        ]
        Enrollment.objects.bulk_create(new, ignore_conflicts=True)
        WorkforceAudit.objects.create(
            actor=actor,
            action=AuditAction.RED_CARD_ENROL,
            territory=node,
            at=timezone.now(),
            note=f"{period.label}红牌班：新编入 {len(new)} 人",
            extra={
                "period": period.key,
                "course_id": course.pk,
                "enrolled": len(new),
                "holders": len(holders),
            },
        )
    return Enrolment(course=course, enrolled=len(new), already=len(holders) - len(new))


def attendance_record(*, actor: User, session_id: int, present: set[int]) -> tuple[int, int]:
    """Set who attended a session among the enrolled the actor sees; return (added, removed)."""
    try:
        session = Session.objects.select_related("course__territory").get(pk=int(session_id))
    except (Session.DoesNotExist, TypeError, ValueError):
        raise NotFound("培训场次未找到。")
    course = session.course
    if not in_scope(actor, course.territory.path):
        raise NotFound("培训场次未找到。")
    if not can_edit(actor, course.territory.path):
        raise PermissionDenied("您的角色只能查看，不能登记出勤。")
    enrolled = Enrollment.objects.filter(course=course)
    if not actor.is_superuser:
        enrolled = enrolled.filter(subtree_q(scope_of(actor) or [], "territory__path"))
    visible = set(enrolled.values_list("pk", flat=True))
    unknown = set(present) - visible
    if unknown:
        raise ValidationFailed("所选学员不在本培训班，或不在您的管辖范围内。")
    with transaction.atomic():
        have = set(
            Attendance.objects.select_for_update()
            .filter(session=session, enrollment_id__in=visible)
            .values_list("enrollment_id", flat=True)
        )
        add = set(present) - have
        remove = (have & visible) - set(present)
        Attendance.objects.bulk_create(
            [Attendance(session=session, enrollment_id=e) for e in sorted(add)], ignore_conflicts=True
        )
        Attendance.objects.filter(session=session, enrollment_id__in=remove).delete()
        WorkforceAudit.objects.create(
            actor=actor,
            action=AuditAction.ATTENDANCE,
            territory=course.territory,
            at=timezone.now(),
            note=f"{course.name} {session.date:%Y-%m-%d}：新增 {len(add)} 人，取消 {len(remove)} 人",
            extra={"session_id": session.pk, "added": sorted(add), "removed": sorted(remove)},
        )
    return len(add), len(remove)
