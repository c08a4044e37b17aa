"""Writes to the public board: publish a notice, correct it by a new dated version, comment and rate."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongzhi.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from gongzhi.deliberation import workflow
from gongzhi.deliberation.models import Publication, PublicationComment, Topic
from gongzhi.deliberation.selectors import board_visible, lives_under, publication_get, topic_visible
from gongzhi.deliberation.services import topic_advance_locked, topic_record, topic_refresh_rating
from gongzhi.deliberation.workflow import PublicationKind
from gongzhi.people.models import User
from gongzhi.people.scope import get_in_scope, roles_at
from gongzhi.territory.models import Territory

# The shortest time a notice stays on the board (村务公开: at least seven days for a resolution or result).
MIN_DISPLAY_DAYS = {PublicationKind.RESOLUTION: 7, PublicationKind.RESULT: 7, PublicationKind.NOTICE: 3}
# Which step a publication of each kind completes, when that step is due.
PUBLISHES_STEP = {PublicationKind.RESOLUTION: "publish_resolution", PublicationKind.RESULT: "publish_result"}


def _check_publisher(actor: User, node: Territory) -> None:
    if not actor.is_superuser and not roles_at(actor, node.path) & workflow.COMMITTEES:
        raise PermissionDenied("只有两委成员可以在公开栏发布公告。")


def publication_publish(
    *,
    actor: User,
    kind: str,
    title: str,
    body: str,
    territory=None,
    topic_id: int | None = None,
    display_days: int | None = None,
    published_at: dt.datetime | None = None,
) -> Publication:
    """Put a notice on a territory's board for at least its minimum display period.

    A resolution or result of a topic whose procedure is due to publish it takes that step.
    """
    if kind not in PublicationKind.values:
        raise ValidationFailed(
            "公告类型应为：resolution（决议公开）、result（实施结果公开）、notice（公告）。"
        )
    minimum = MIN_DISPLAY_DAYS[kind]
    days = minimum if display_days in (None, "") else int(display_days)
    if days < minimum:
        raise ValidationFailed(f"「{PublicationKind(kind).label}」的公示期不得少于 {minimum} 天。")
    if not (title or "").strip() or not (body or "").strip():
        raise ValidationFailed("请填写标题和正文。")
    published_at = published_at or timezone.now()
    with transaction.atomic():
        topic = None
        if topic_id:
            try:
                topic = (
                    topic_visible(actor=actor)
                    .select_for_update(of=("self",))
                    .select_related("territory")
                    .get(pk=int(topic_id))
                )
            except (Topic.DoesNotExist, ValueError, TypeError):
                raise NotFound("议题未找到。")
        if territory is None:
            if topic is None:
                raise ValidationFailed("请选择公开范围（辖区）。")
            node = topic.territory
        else:
            node = (
                territory
                if isinstance(territory, Territory)
                else get_in_scope(Territory.objects.all(), actor, territory)
            )
        if topic is not None and not topic.territory.path.startswith(node.path):
            raise ValidationFailed("议题不在此公开范围内。")
        _check_publisher(actor, node)
        publication = Publication(
            territory=node,
            topic=topic,
            kind=kind,
            title=title.strip()[:100],
            body=body.strip(),
            published_at=published_at,
            display_until=published_at + dt.timedelta(days=days),
            min_display_days=minimum,
            published_by=actor,
        )
        publication._history_user = actor
        publication.save()
        if topic is not None:
            topic_record(
                topic=topic,
                actor=actor,
                action="publish",
                note=f"在「{node.name}」公开栏发布{publication.get_kind_display()}：{publication.title}",
                extra={
                    "publication_id": publication.pk,
                    "kind": kind,
                    "display_until": publication.display_until.isoformat(),
                },
            )
            if kind == PublicationKind.RESULT and not topic.result:
                Topic.objects.filter(pk=topic.pk).update(result=publication.body)
                topic.result = publication.body
            action = PUBLISHES_STEP.get(kind)
            due = workflow.due(topic.procedure, topic.step)
            if action and due is not None and due.action == action:
                topic_advance_locked(actor=actor, topic=topic, action=action, note=publication.title)
    return publication


def publication_correct(
    *, actor: User, publication_id: int, body: str, reason: str, title: str = ""
) -> Publication:
    """Correct a notice: the old version stays as it was, marked superseded; the new one is dated now."""
    if not (reason or "").strip():
        raise ValidationFailed("请填写更正原因。")
    if not (body or "").strip():
        raise ValidationFailed("请填写更正后的正文。")
    with transaction.atomic():
        try:
            old = (
                board_visible(actor=actor)
                .select_for_update(of=("self",))
                .select_related("territory", "topic")
                .get(pk=int(publication_id))
            )
        except (Publication.DoesNotExist, ValueError, TypeError):
            raise NotFound("公告未找到。")
        _check_publisher(actor, old.territory)
        if old.superseded_at is not None:
            raise Conflict("此版本已被更正，请在最新版本上更正。")
        now = timezone.now()
        new = Publication(
            territory=old.territory,
            topic=old.topic,
            kind=old.kind,
            title=(title or old.title).strip()[:100],
            body=body.strip(),
            published_at=now,
            # A correction restarts the minimum display period and never shortens the original one.
            display_until=max(old.display_until, now + dt.timedelta(days=old.min_display_days)),
            min_display_days=old.min_display_days,
            version=old.version + 1,
            corrects=old,
            correction_reason=reason.strip()[:200],
            published_by=actor,
        )
        new._history_user = actor
        new.save()
        old.superseded_at = now
        old._history_user = actor
        old.save(update_fields=["superseded_at", "updated_at"])
        if old.topic_id:
            topic_record(
                topic=old.topic,
                actor=actor,
                action="correct",
                note=f"更正公告「{old.title}」为第 {new.version} 版：{new.correction_reason}",
                extra={"publication_id": new.pk, "corrects": old.pk},
            )
    return new


def publication_comment(
    *, actor: User, publication_id: int, text: str = "", rating: int | None = None
) -> PublicationComment:
    """A resident of the territory comments on a notice and may rate the outcome (公众评事)."""
    publication = publication_get(actor=actor, publication_id=publication_id)
    if not lives_under(actor, publication.territory):
        raise PermissionDenied("只有本辖区的居民可以评论和评分。")
    if publication.superseded_at is not None:
        raise Conflict("此公告已更正，请在最新版本下评论。")
    if rating not in (None, ""):
        rating = int(rating)
        if not 1 <= rating <= 5:
            raise ValidationFailed("评分应为 1 到 5 分。")
    else:
        rating = None
    text = (text or "").strip()
    if not text and rating is None:
        raise ValidationFailed("请填写评论或评分。")
    with transaction.atomic():
        comment = PublicationComment.objects.create(
            publication=publication, author=actor, text=text[:2000], rating=rating, created_at=timezone.now()
        )
        if publication.topic_id:
            topic_record(
                topic=publication.topic,
                actor=actor,
                action="comment",
                note=(f"评分 {rating} 分。" if rating else "") + text[:200],
                extra={"publication_id": publication.pk, "rating": rating},
            )
            if rating is not None:
                topic_refresh_rating(topic=publication.topic)
    return comment
