"""党员亮身份: what a party member shows the residents of their community, and the audit of changes."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongzhi.core.models import TimeStampedModel
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet
from gongzhi.workforce.workflow import AuditAction


def _photo_path(instance: MemberCard, filename: str) -> str:
    # Never keep the uploaded name: it may carry a person's name or a phone number.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"workforce/cards/{uuid.uuid4().hex}.{ext[:5]}"


class MemberCard(ScopedModel, TimeStampedModel):
    """亮身份: a member's public post and photo, or their choice not to be shown (opt out)."""

    scope_field = "party_member__territory"
    party_member = models.OneToOneField(
        "people.PartyMember", on_delete=models.CASCADE, related_name="card", verbose_name=_("党员")
    )
    public_post = models.CharField(
        _("公开岗位"), max_length=60, blank=True, help_text=_("如：楼栋长、政策宣传员；不填则显示工作单位")
    )
    photo = models.ImageField(_("照片"), upload_to=_photo_path, max_length=200, blank=True)
    hidden = models.BooleanField(_("不公开"), default=False, help_text=_("本人申请不在亮身份名单中显示"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_card",
        verbose_name=_("登录账号"),
        help_text=_("用于统计该党员接单办结的诉求"),
    )
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("党员亮身份")
        verbose_name_plural = _("党员亮身份")

    def __str__(self) -> str:
        return str(self.party_member)


class WorkforceAudit(models.Model):
    """One batch write of the workforce app: who computed pay, enrolled a red-card class … Append-only."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    action = models.CharField(_("操作"), max_length=20, choices=AuditAction.choices)
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("辖区"),
    )
    note = models.TextField(_("说明"), blank=True)
    extra = models.JSONField(_("附加信息"), default=dict, blank=True)
    at = models.DateTimeField(_("时间"), db_index=True)

    class Meta:
        verbose_name = _("队伍操作记录")
        verbose_name_plural = _("队伍操作记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
