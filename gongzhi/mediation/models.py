"""Dispute mediation (矛盾纠纷调解 / 大调解): mediators, cases, their parties, sessions and events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongzhi.core.models import EventBase, TimeStampedModel
from gongzhi.core.validators import validate_id_number, validate_phone
from gongzhi.mediation.workflow import TRANSITIONS, Kind, MediatorKind, ReferralTarget, Source, State
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet


class Mediator(ScopedModel, TimeStampedModel):
    """调解员: a people's mediator, 乡贤, 五老 or legal adviser serving a community or street."""

    name = models.CharField(_("姓名"), max_length=50)
    kind = models.CharField(_("类型"), max_length=20, choices=MediatorKind.choices)
    phone = models.CharField(_("手机号"), max_length=20, blank=True, validators=[validate_phone])
    organisation = models.CharField(_("所在调委会/单位"), max_length=100, blank=True)
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="mediators", verbose_name=_("服务辖区")
    )
    # Links to the people registries where the same person is already recorded.
    council_member = models.ForeignKey(
        "people.CouncilMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediator_roles",
        verbose_name=_("对应议事会成员"),
    )
    party_member = models.ForeignKey(
        "people.PartyMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediator_roles",
        verbose_name=_("对应党员"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediator_roles",
        verbose_name=_("登录账号"),
        help_text=_("有账号的调解员可以办理指派给自己的案件并查看当事人信息"),
    )
    active = models.BooleanField(_("在岗"), default=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("调解员")
        verbose_name_plural = _("调解员")
        ordering = ["territory__path", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class Dispute(ScopedModel, TimeStampedModel):
    """矛盾纠纷: one case, from intake to follow-up."""

    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="disputes", verbose_name=_("发生辖区")
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    demand = models.ForeignKey(
        "demands.Demand",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="disputes",
        verbose_name=_("来源诉求"),
    )
    police_ref = models.CharField(_("110 接警单号"), max_length=40, blank=True)
    kind = models.CharField(_("纠纷类型"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    summary = models.TextField(_("纠纷概要"))
    received_at = models.DateTimeField(_("受理时间"), default=timezone.now, db_index=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.REGISTERED)
    mediator = models.ForeignKey(
        Mediator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disputes",
        verbose_name=_("调解员"),
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_disputes",
        verbose_name=_("督导人"),
        help_text=_("受理或指派本案的社区工作者/干部；与调解员一样可以看到当事人完整信息"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registered_disputes",
        verbose_name=_("登记人"),
    )
    first_contact_at = models.DateTimeField(_("首次联系时间"), null=True, blank=True)
    agreement = models.TextField(_("调解协议"), blank=True)
    referral_target = models.CharField(
        _("移交去向"), max_length=20, choices=ReferralTarget.choices, blank=True
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("矛盾纠纷")
        verbose_name_plural = _("矛盾纠纷")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["territory", "state"], name="dispute_territory_state")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("申请人")
    RESPONDENT = "respondent", _("被申请人")
    OTHER = "other", _("其他当事人")


class DisputeParty(ScopedModel, TimeStampedModel):
    """当事人: personal data only the case's mediator and supervisors see in full."""

    scope_field = "dispute__territory"
    dispute = models.ForeignKey(
        Dispute, on_delete=models.CASCADE, related_name="parties", verbose_name=_("案件")
    )
    role = models.CharField(_("身份"), max_length=20, choices=PartyRole.choices, default=PartyRole.APPLICANT)
    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True, validators=[validate_id_number])
    phone = models.CharField(_("手机号"), max_length=20, blank=True, validators=[validate_phone])
    address = models.CharField(_("住址"), max_length=200, blank=True)
    household = models.ForeignKey(
        "territory.Territory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dispute_parties",
        verbose_name=_("所在户"),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        ordering = ["dispute", "id"]

    def __str__(self) -> str:
        return self.name


class MediationSession(ScopedModel, TimeStampedModel):
    """调解会: one sitting with the parties."""

    scope_field = "dispute__territory"
    dispute = models.ForeignKey(
        Dispute, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("案件")
    )
    mediator = models.ForeignKey(
        Mediator, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("主持调解员")
    )
    held_at = models.DateTimeField(_("调解时间"), default=timezone.now)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    note = models.TextField(_("调解情况"))
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("调解会")
        verbose_name_plural = _("调解会")
        ordering = ["dispute", "held_at"]


class DisputeEvent(EventBase):
    """One step of a case: who did what, when, from which state to which. Append-only."""

    workflow_table = TRANSITIONS
    other_action_labels = {"register": _("登记")}

    dispute = models.ForeignKey(
        Dispute, on_delete=models.CASCADE, related_name="events", verbose_name=_("案件")
    )
    from_state = models.CharField(_("原状态"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, choices=State.choices)

    class Meta(EventBase.Meta):
        verbose_name = _("调解流转记录")
        verbose_name_plural = _("调解流转记录")
        indexes = [models.Index(fields=["action", "at"], name="dispute_event_action_at")]

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
