from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongzhi.core.models import TimeStampedModel
from gongzhi.core.validators import validate_id_number, validate_phone
from gongzhi.people.models.base import ProvenanceModel, ScopedModel, ScopedQuerySet
from gongzhi.people.models.org import Gender


class Employment(models.TextChoices):
    FULL_TIME = "full_time", _("专职")
    PART_TIME = "part_time", _("兼职")


class GridWorker(ScopedModel, ProvenanceModel, TimeStampedModel):
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号"), max_length=20, validators=[validate_phone])
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True, validators=[validate_id_number])
    employment = models.CharField(
        _("专兼职"), max_length=20, choices=Employment.choices, default=Employment.FULL_TIME
    )
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="grid_workers",
        verbose_name=_("负责网格"),
    )
    user = models.OneToOneField(
        "people.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="grid_worker",
        verbose_name=_("登录账号"),
    )
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("网格员")
        verbose_name_plural = _("网格员")

    def __str__(self) -> str:
        return self.name


class CommunityWorker(ScopedModel, ProvenanceModel, TimeStampedModel):
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号"), max_length=20, validators=[validate_phone])
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True, validators=[validate_id_number])
    post = models.CharField(_("岗位"), max_length=50, blank=True)
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="community_workers",
        verbose_name=_("所在社区"),
    )
    user = models.OneToOneField(
        "people.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_worker",
        verbose_name=_("登录账号"),
    )
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("社区工作者")
        verbose_name_plural = _("社区工作者")

    def __str__(self) -> str:
        return self.name


class PoliceOfficer(ScopedModel, ProvenanceModel, TimeStampedModel):
    """A police officer attached to a grid: the "2" in 2+N."""

    name = models.CharField(_("姓名"), max_length=50)
    badge_number = models.CharField(_("警号"), max_length=20, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, validators=[validate_phone])
    station = models.CharField(_("所属派出所"), max_length=100, blank=True)
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="police_officers",
        verbose_name=_("联系网格"),
    )
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("网格民警")
        verbose_name_plural = _("网格民警")

    def __str__(self) -> str:
        return self.name


class SpecialistTeam(ScopedModel, ProvenanceModel, TimeStampedModel):
    """A specialist team serving a grid or community: the "N" in 2+N."""

    name = models.CharField(_("名称"), max_length=100)
    speciality = models.CharField(_("专业领域"), max_length=50)
    leader_name = models.CharField(_("负责人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])
    member_count = models.PositiveIntegerField(_("人数"), default=0)
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="specialist_teams",
        verbose_name=_("服务辖区"),
    )
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("专业力量")
        verbose_name_plural = _("专业力量")

    def __str__(self) -> str:
        return self.name


class PartnerKind(models.TextChoices):
    GOVERNMENT = "government", _("机关单位")
    STATE_ENTERPRISE = "state_enterprise", _("国有企业")
    COMPANY = "company", _("企业")
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    SOCIAL_ORG = "social_org", _("社会组织")
    OTHER = "other", _("其他")


class PartnerUnit(ScopedModel, ProvenanceModel, TimeStampedModel):
    """A co-building unit (共建单位) linked to a community."""

    name = models.CharField(_("单位名称"), max_length=100)
    kind = models.CharField(
        _("单位类型"), max_length=20, choices=PartnerKind.choices, default=PartnerKind.OTHER
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="partner_units",
        verbose_name=_("共建社区"),
    )
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("共建单位")
        verbose_name_plural = _("共建单位")

    def __str__(self) -> str:
        return self.name


class Resident(ScopedModel, ProvenanceModel, TimeStampedModel):
    """A resident, registered in one household."""

    scope_field = "household"
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True, validators=[validate_id_number])
    phone = models.CharField(_("手机号"), max_length=20, blank=True, validators=[validate_phone])
    household = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="residents", verbose_name=_("所在户")
    )
    is_head = models.BooleanField(_("户主"), default=False)
    relation = models.CharField(_("与户主关系"), max_length=20, blank=True)
    tags = models.JSONField(_("标签"), default=list, blank=True, help_text=_("独居老人、困难家庭……"))
    user = models.OneToOneField(
        "people.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resident",
        verbose_name=_("登录账号"),
    )
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("居民")
        verbose_name_plural = _("居民")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.household_id and self.household.level != "household":
            raise ValidationError({"household": "所在户必须是「户」一级的单元"})
