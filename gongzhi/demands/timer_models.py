"""The deadline sweep's work rows: one per demand, deadline and step (reminder, overdue, escalation)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AlertOutcome(models.TextChoices):
    SENT = "sent", _("已提醒")  # the notice was queued and the step recorded
    LATE = "late", _("已过期未发")  # a reminder whose deadline passed before it could go out
    OBSOLETE = "obsolete", _("无需提醒")  # the demand left the timed states or got a new deadline


class DeadlineAlert(models.Model):
    """时限提醒: a step the sweep takes when `fire_at` comes, planned once per deadline.

    The unique (demand, due_at, kind) makes planning idempotent; a sweeper claims due rows
    with SKIP LOCKED and records `done_at` in the same transaction as the notice's Delivery rows.
    """

    demand = models.ForeignKey(
        "demands.Demand", on_delete=models.CASCADE, related_name="deadline_alerts", verbose_name=_("诉求")
    )
    # "remind:75%", "remind:1h" (from GONGZHI_DEADLINE_REMINDERS), "overdue", "escalate".
    kind = models.CharField(_("类型"), max_length=20)
    due_at = models.DateTimeField(_("对应的办理期限"))
    fire_at = models.DateTimeField(_("提醒时间"))
    done_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=AlertOutcome.choices, blank=True)
    recipients = models.PositiveIntegerField(_("通知人数"), default=0)

    class Meta:
        verbose_name = _("时限提醒")
        verbose_name_plural = _("时限提醒")
        ordering = ["fire_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["demand", "due_at", "kind"], name="deadline_alert_once"),
        ]
        indexes = [
            models.Index(fields=["fire_at"], condition=Q(done_at__isnull=True), name="deadline_alert_due"),
        ]

    def __str__(self) -> str:
        return f"{self.demand_id} {self.kind} {self.fire_at:%Y-%m-%d %H:%M}"
