"""Labelled texts the classifier learns from: human corrections and imported labels."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LabelSource(models.TextChoices):
    CORRECTION = "correction", _("人工纠正")  # a dispatcher changed the suggested category
    CONFIRMATION = "confirmation", _("人工确认")  # a dispatcher accepted a low-confidence suggestion
    IMPORT = "import", _("导入")  # loaded from a labelled file


class Label(models.Model):
    """标注: one text with the category a person says it belongs to."""

    text = models.TextField(_("诉求内容"))
    label = models.CharField(_("分类"), max_length=50, db_index=True)
    predicted_label = models.CharField(_("系统建议分类"), max_length=50, blank=True)
    source = models.CharField(
        _("来源"), max_length=20, choices=LabelSource.choices, default=LabelSource.CORRECTION
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("标注人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("分类标注")
        verbose_name_plural = _("分类标注")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.label}: {self.text[:20]}"
