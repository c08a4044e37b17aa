"""The public board (公开栏): dated notices, versioned corrections, residents' comments and ratings."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongzhi.core.models import TimeStampedModel
from gongzhi.deliberation.workflow import PublicationKind
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet


class Publication(ScopedModel, TimeStampedModel):
    """公开: one version of a notice on a territory's board. Never edited: a correction is a new version."""

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("公开范围"),
    )
    topic = models.ForeignKey(
        "deliberation.Topic",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("议题"),
    )
    kind = models.CharField(_("类型"), max_length=20, choices=PublicationKind.choices)
    title = models.CharField(_("标题"), max_length=100)
    body = models.TextField(_("正文"))
    published_at = models.DateTimeField(_("公开时间"), default=timezone.now)
    display_until = models.DateTimeField(_("公示截止"))
    min_display_days = models.PositiveSmallIntegerField(_("最短公示天数"), default=7)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name=_("更正的版本"),
    )
    correction_reason = models.CharField(_("更正原因"), max_length=200, blank=True)
    superseded_at = models.DateTimeField(_("被更正时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("公开栏公告")
        verbose_name_plural = _("公开栏公告")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["kind", "published_at"], name="publication_kind_at")]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）" if self.version > 1 else self.title

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None


class PublicationComment(models.Model):
    """A resident's comment on a notice, optionally with a rating of the outcome (公众评事)."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="comments", verbose_name=_("公告")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="publication_comments",
        verbose_name=_("评论人"),
    )
    text = models.TextField(_("评论"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("评分(1-5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("公告评论")
        verbose_name_plural = _("公告评论")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:30]
