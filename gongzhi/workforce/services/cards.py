"""亮身份 writes: a member's public post, photo and choice not to be shown."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.demands.photos import sniff
from gongzhi.people.models import PartyMember, User
from gongzhi.people.scope import can_edit, in_scope
from gongzhi.workforce.models import MemberCard, WorkforceAudit
from gongzhi.workforce.workflow import AuditAction

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}
LABELS = {"public_post": "公开岗位", "hidden": "是否公开", "photo": "照片"}


def _check_photo(photo) -> None:
    if photo.size > MAX_PHOTO_BYTES:
        raise ValidationFailed(f"照片不能超过 {MAX_PHOTO_BYTES // 1024 // 1024} MB。")
    photo.seek(0)
    kind = sniff(photo.read(16))
    photo.seek(0)
    if kind is None or kind.content_type not in PHOTO_TYPES:
        raise ValidationFailed("照片只能是 JPG、PNG 或 WEBP 图片。")


def card_update(
    *,
    actor: User,
    party_member_id: int,
    public_post: str | None = None,
    hidden: bool | None = None,
    photo=None,
    remove_photo: bool = False,
) -> MemberCard:
    """Change a member's card: by the member themselves (the card's login) or an editor over them."""
    try:
        member = PartyMember.objects.select_related("territory").get(pk=int(party_member_id))
    except (PartyMember.DoesNotExist, TypeError, ValueError):
        raise NotFound("党员未找到。")
    card = MemberCard.objects.filter(party_member=member).first()
    own = card is not None and card.user_id == actor.pk
    path = member.territory.path
    if not own and not in_scope(actor, path):
        raise NotFound("党员未找到。")
    if not own and not can_edit(actor, path):
        raise PermissionDenied("只有本人或管辖范围内的工作人员可以修改亮身份信息。")
    if photo is not None:
        _check_photo(photo)
    with transaction.atomic():
        card = card or MemberCard(party_member=member)
        changed = []
        if public_post is not None and public_post.strip()[:60] != card.public_post:
            card.public_post = public_post.strip()[:60]
            changed.append("public_post")
        if hidden is not None and bool(hidden) != card.hidden:
            card.hidden = bool(hidden)
            changed.append("hidden")
        if remove_photo and card.photo:
            card.photo.delete(save=False)
            changed.append("photo")
        if photo is not None:
            card.photo.save(photo.name or "photo.jpg", photo, save=False)
            changed.append("photo")
        card._history_user = actor
        card.save()
        WorkforceAudit.objects.create(
            actor=actor,
            action=AuditAction.CARD_UPDATE,
            territory=member.territory,
            at=timezone.now(),
            note=f"{member.name} 亮身份：{'、'.join(LABELS[c] for c in changed) or '无变化'}",
            extra={"party_member_id": member.pk, "changed": changed},
        )
    return card
