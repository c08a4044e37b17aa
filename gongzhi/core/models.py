from collections.abc import Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class EventBase(models.Model):
    """One step of a workflow: who did what, when, with a note. Append-only.

    A subclass adds the foreign key to its object and `from_state` / `to_state` with its own choices.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    action = models.CharField(_("操作"), max_length=20)
    note = models.TextField(_("说明"), blank=True)
    extra = models.JSONField(_("附加信息"), default=dict, blank=True)
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    # The workflow table (core.workflow.Table) that names the actions, and labels of the steps
    # outside it (the first one, usually), so timelines say 登记 / 首次联系, never register / contact.
    workflow_table: ClassVar[Mapping[str, Any] | None] = None
    other_action_labels: ClassVar[Mapping[str, str]] = {}

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    @property
    def action_label(self) -> str:
        table = self.workflow_table
        if table is not None and self.action in table:
            return str(table[self.action].label)
        return str(self.other_action_labels.get(self.action, self.action))
