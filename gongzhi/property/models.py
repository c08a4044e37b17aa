"""Red property (红色物业): compounds with their property company, owners' committee and branch."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongzhi.core.models import TimeStampedModel
from gongzhi.core.validators import validate_phone
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet
from gongzhi.territory.levels import Level


def _must_be_compound(node, field: str) -> None:
    if node is not None and node.level != Level.COMPOUND:
        raise ValidationError({field: "必须是「小区」一级的单元"})


class PropertyCompany(ScopedModel, TimeStampedModel):
    """物业公司, registered with the district or city that supervises it."""

    name = models.CharField(_("名称"), max_length=100)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="property_companies",
        verbose_name=_("登记辖区"),
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])
    has_party_org = models.BooleanField(_("建有党组织"), default=False)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("物业公司")
        verbose_name_plural = _("物业公司")
        constraints = [models.UniqueConstraint(fields=["territory", "name"], name="unique_property_company")]

    def __str__(self) -> str:
        return self.name


class ServiceMode(models.TextChoices):
    COMPANY = "company", _("专业物业公司")
    MANAGEMENT_COMMITTEE = "management_committee", _("物业管理委员会")
    SELF = "self", _("居民自治管理")
    NONE = "none", _("无物业服务")


class Compound(ScopedModel, TimeStampedModel):
    """A compound's red-property profile: who serves it, which branch leads it (四位一体)."""

    territory = models.OneToOneField(
        "territory.Territory",
        on_delete=models.CASCADE,
        related_name="property_profile",
        verbose_name=_("小区"),
    )
    service_mode = models.CharField(
        _("物业服务方式"), max_length=30, choices=ServiceMode.choices, default=ServiceMode.COMPANY
    )
    company = models.ForeignKey(
        PropertyCompany,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="compounds",
        verbose_name=_("物业公司"),
    )
    branch = models.ForeignKey(
        "people.PartyOrg",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="property_compounds",
        verbose_name=_("小区党支部"),
    )
    service_since = models.DateField(_("物业服务起始日期"), null=True, blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("红色物业小区")
        verbose_name_plural = _("红色物业小区")

    def __str__(self) -> str:
        return str(self.territory)

    @property
    def has_property_service(self) -> bool:
        return self.service_mode != ServiceMode.NONE

    def clean(self):
        if self.territory_id:
            _must_be_compound(self.territory, "territory")
        if self.service_mode == ServiceMode.COMPANY and not self.company_id:
            raise ValidationError({"company": "专业物业公司服务的小区请选择物业公司"})
        if self.service_mode != ServiceMode.COMPANY and self.company_id:
            raise ValidationError({"company": "只有专业物业公司服务的小区才填物业公司"})


class OwnersCommittee(ScopedModel, TimeStampedModel):
    """业主委员会 of one compound."""

    name = models.CharField(_("名称"), max_length=100)
    territory = models.OneToOneField(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="owners_committee",
        verbose_name=_("小区"),
    )
    elected_on = models.DateField(_("选举日期"), null=True, blank=True)
    term_ends_on = models.DateField(_("任期届满"), null=True, blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("业主委员会")
        verbose_name_plural = _("业主委员会")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.territory_id:
            _must_be_compound(self.territory, "territory")


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("主任")
    VICE_CHAIR = "vice_chair", _("副主任")
    MEMBER = "member", _("委员")


class CommitteeMember(ScopedModel, TimeStampedModel):
    """业委会成员; `party_member` links the registry record when the member is one."""

    scope_field = "committee__territory"
    committee = models.ForeignKey(
        OwnersCommittee, on_delete=models.CASCADE, related_name="members", verbose_name=_("业主委员会")
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号"), max_length=20, blank=True, validators=[validate_phone])
    role = models.CharField(
        _("职务"), max_length=20, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER
    )
    is_party_member = models.BooleanField(_("党员"), default=False)
    party_member = models.ForeignKey(
        "people.PartyMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="committee_seats",
        verbose_name=_("对应党员"),
    )
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("业委会成员")
        verbose_name_plural = _("业委会成员")
        constraints = [
            models.UniqueConstraint(
                fields=["committee"], condition=models.Q(role="chair"), name="one_chair_per_committee"
            ),
            models.UniqueConstraint(fields=["committee", "name"], name="unique_committee_member"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.party_member_id and not self.is_party_member:
            raise ValidationError({"is_party_member": "已关联党员的成员应标记为党员"})


class Direction(models.TextChoices):
    INTO_PROPERTY = "into_property", _("党组织成员进入业委会/物业")
    INTO_ORG = "into_org", _("业委会/物业成员进入社区党组织")


class CrossAppointment(ScopedModel, TimeStampedModel):
    """双向进入、交叉任职: one person holding posts on both sides of a compound's governance."""

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="cross_appointments",
        verbose_name=_("小区"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    party_member = models.ForeignKey(
        "people.PartyMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cross_appointments",
        verbose_name=_("对应党员"),
    )
    direction = models.CharField(_("方向"), max_length=20, choices=Direction.choices)
    home_post = models.CharField(_("原任职务"), max_length=100, help_text=_("如：社区党委委员"))
    cross_post = models.CharField(_("交叉任职"), max_length=100, help_text=_("如：业委会副主任"))
    started_on = models.DateField(_("起始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("交叉任职")
        verbose_name_plural = _("交叉任职")
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "name", "cross_post"], name="unique_cross_appointment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.cross_post}"

    def clean(self):
        if self.territory_id:
            _must_be_compound(self.territory, "territory")
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": "结束日期不能早于起始日期"})


class RatingLevel(models.TextChoices):
    PROVINCIAL = "provincial", _("省级示范小区")
    MUNICIPAL = "municipal", _("市级示范小区")
    DISTRICT = "district", _("区级示范小区")
    QUALIFIED = "qualified", _("达标")
    FAILED = "failed", _("不达标")


MODEL_LEVELS = (RatingLevel.PROVINCIAL, RatingLevel.MUNICIPAL, RatingLevel.DISTRICT)


class CompoundRating(ScopedModel, TimeStampedModel):
    """红色物业示范小区 rating of one compound in one year."""

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="compound_ratings",
        verbose_name=_("小区"),
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    score = models.PositiveSmallIntegerField(_("得分"), help_text=_("百分制"))
    level = models.CharField(_("评定等级"), max_length=20, choices=RatingLevel.choices)
    rated_on = models.DateField(_("评定日期"))
    rated_by = models.CharField(_("评定单位"), max_length=100, blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("示范小区评定")
        verbose_name_plural = _("示范小区评定")
        constraints = [models.UniqueConstraint(fields=["territory", "year"], name="unique_rating_year")]

    def __str__(self) -> str:
        return f"{self.territory} {self.year} {self.get_level_display()}"

    def clean(self):
        if self.territory_id:
            _must_be_compound(self.territory, "territory")
        if self.score is not None and self.score > 100:
            raise ValidationError({"score": "得分为百分制，不能超过 100"})
