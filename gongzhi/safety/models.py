"""Safe households (平安家庭): one assessment per household at a time, and its append-only events."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import EventBase, TimeStampedModel
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet
from gongzhi.safety.workflow import TRANSITIONS, Origin, Plaque, State


class SafeHouseholdAssessment(ScopedModel, TimeStampedModel):
    """平安家庭评定: a household's way through the six steps, and whether it holds the plaque."""

    scope_field = "household"
    household = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="safe_household_assessments",
        verbose_name=_("户"),
        limit_choices_to={"level": "household"},
    )
    origin = models.CharField(_("来源"), max_length=20, choices=Origin.choices, default=Origin.APPLIED)
    applicant_name = models.CharField(_("申请人/推荐人"), max_length=50, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.APPLIED)
    # The last five-"no" checklist (grid check or re-check): criterion → met.
    criteria = models.JSONField(_("五无核查结果"), default=dict, blank=True)
    plaque = models.CharField(_("牌匾"), max_length=20, choices=Plaque.choices, default=Plaque.NONE)
    notice_until = models.DateField(_("公示截止"), null=True, blank=True)
    awarded_on = models.DateField(_("授牌日期"), null=True, blank=True)
    last_checked_on = models.DateField(_("最近核查日期"), null=True, blank=True)
    next_recheck_on = models.DateField(_("下次复核日期"), null=True, blank=True)
    lost_reason = models.CharField(_("摘牌/不通过原因"), max_length=200, blank=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("平安家庭评定")
        verbose_name_plural = _("平安家庭评定")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A household is assessed once at a time; after a revocation or rejection it may apply again.
            models.UniqueConstraint(
                fields=["household"],
                condition=~models.Q(state__in=[State.REVOKED, State.REJECTED]),
                name="safety_one_live_assessment",
                violation_error_message=_("这一户已有进行中或有效的平安家庭评定。"),
            )
        ]
        indexes = [models.Index(fields=["state", "next_recheck_on"], name="safety_state_recheck")]

    def __str__(self) -> str:
        return f"{self.household} · {self.get_state_display()}"


class AssessmentEvent(EventBase):
    """One step of an assessment: who did what, when, from which state to which. Append-only."""

    workflow_table = TRANSITIONS
    other_action_labels = {"apply": _("申请")}

    assessment = models.ForeignKey(
        SafeHouseholdAssessment, on_delete=models.CASCADE, related_name="events", verbose_name=_("评定")
    )
    from_state = models.CharField(_("原状态"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, choices=State.choices)

    class Meta(EventBase.Meta):
        verbose_name = _("平安家庭评定记录")
        verbose_name_plural = _("平安家庭评定记录")
        indexes = [models.Index(fields=["action", "at"], name="safety_event_action_at")]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.action} {self.at:%Y-%m-%d}"
