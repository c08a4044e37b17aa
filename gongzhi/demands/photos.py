"""Photos of a demand: what the pages accept, and the writes that take a demand in or resolve it with them.

A photo is checked by its first bytes, not by the name or the type the browser claims,
and renamed on disk; it is served only through a page that checks the demand's scope.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from gongzhi.core.errors import ValidationFailed
from gongzhi.demands.models import Demand, DemandPhoto, PhotoKind
from gongzhi.demands.services import demand_submit, demand_transition
from gongzhi.people.models import User

MAX_PHOTOS = 6
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class PhotoType:
    content_type: str
    ext: str


def sniff(head: bytes) -> PhotoType | None:
    """Tell the picture format from a file's first bytes; None when it is not a picture we take."""
    if head.startswith(b"\xff\xd8\xff"):
        return PhotoType("image/jpeg", "jpg")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PhotoType("image/png", "png")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return PhotoType("image/gif", "gif")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return PhotoType("image/webp", "webp")
    # iPhones save HEIC: an ISO media file whose brand names a HEIF image.
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        return PhotoType("image/heic", "heic")
    return None


def photos_check(files) -> list[tuple[object, PhotoType]]:
    """Return the uploaded files with their types, or refuse them all with the reason in Chinese."""
    files = [f for f in (files or []) if f]
    if len(files) > MAX_PHOTOS:
        raise ValidationFailed(f"最多上传 {MAX_PHOTOS} 张照片，您选了 {len(files)} 张。")
    checked = []
    for f in files:
        name = getattr(f, "name", "") or "照片"
        if f.size > MAX_BYTES:
            raise ValidationFailed(
                f"照片「{name}」有 {f.size / 1024 / 1024:.1f} MB，超过 {MAX_BYTES // 1024 // 1024} MB 上限。"
            )
        if f.size == 0:
            raise ValidationFailed(f"照片「{name}」是空文件。")
        f.seek(0)
        kind = sniff(f.read(16))
        f.seek(0)
        if kind is None:
            raise ValidationFailed(f"「{name}」不是照片：只收 JPG、PNG、GIF、WebP 或 HEIC 图片。")
        checked.append((f, kind))
    return checked


def _attach(*, actor: User, demand: Demand, checked, kind: str) -> list[DemandPhoto]:
    photos = []
    for f, photo_type in checked:
        photo = DemandPhoto(
            demand=demand, kind=kind, content_type=photo_type.content_type, size=f.size, uploaded_by=actor
        )
        photo.file.save(f"photo.{photo_type.ext}", f, save=False)
        photo.save()
        photos.append(photo)
    return photos


def demand_report(*, actor: User, photos=(), **fields) -> tuple[Demand, bool]:
    """Take in a demand from a page with its photos; a retry with the same key adds nothing."""
    checked = photos_check(photos)
    with transaction.atomic():
        demand, created = demand_submit(actor=actor, **fields)
        if created and checked:
            _attach(actor=actor, demand=demand, checked=checked, kind=PhotoKind.REPORT)
    return demand, created


def demand_resolve(*, actor: User, demand_id: int, result: str, note: str = "", photos=()) -> Demand:
    """Resolve a demand (办结) with its result and photos of the work done, in one transaction."""
    checked = photos_check(photos)
    with transaction.atomic():
        demand = demand_transition(
            actor=actor, demand_id=demand_id, action="resolve", note=note, result=result
        )
        _attach(actor=actor, demand=demand, checked=checked, kind=PhotoKind.RESULT)
    return demand
