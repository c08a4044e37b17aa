from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongzhi.core.models import TimeStampedModel
from gongzhi.core.validators import validate_id_number, validate_phone
from gongzhi.people.models.base import ProvenanceModel, ScopedModel, ScopedQuerySet


class PartyOrgKind(models.TextChoices):
    COMMITTEE = "committee", _("党委")
    GENERAL_BRANCH = "general_branch", _("党总支")
    BRANCH = "branch", _("党支部")
    GROUP = "group", _("党小组")


class PartyOrg(ScopedModel, ProvenanceModel, TimeStampedModel):
    """A party organisation attached to one territory unit."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=PartyOrgKind.choices)
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="party_orgs", verbose_name=_("所在辖区")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级组织"),
    )
    secretary_name = models.CharField(_("书记"), max_length=50, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")
        constraints = [models.UniqueConstraint(fields=["territory", "name"], name="unique_partyorg_name")]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class PartyMember(ScopedModel, ProvenanceModel, TimeStampedModel):
    """A party member; `territory` is the home community they serve (双报到 for in-service members)."""

    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, unique=True, validators=[validate_id_number])
    phone = models.CharField(_("手机号"), max_length=20, blank=True, validators=[validate_phone])
    party_org = models.ForeignKey(
        PartyOrg, on_delete=models.PROTECT, related_name="members", verbose_name=_("所在党组织")
    )
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="party_members",
        verbose_name=_("报到社区"),
    )
    registered_in_service = models.BooleanField(_("在职党员双报到"), default=False)
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    joined_on = models.DateField(_("入党日期"), null=True, blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("党员")
        verbose_name_plural = _("党员")

    def __str__(self) -> str:
        return self.name


class LinkedHousehold(ScopedModel, ProvenanceModel, TimeStampedModel):
    """A household a party member keeps in touch with (一人联十户)."""

    scope_field = "household"
    party_member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, related_name="linked_households", verbose_name=_("党员")
    )
    household = models.ForeignKey(
        "territory.Territory", on_delete=models.CASCADE, related_name="linked_by", verbose_name=_("联系户")
    )
    is_hub = models.BooleanField(_("党员中心户"), default=False)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("党员联系户")
        verbose_name_plural = _("党员联系户")
        constraints = [models.UniqueConstraint(fields=["party_member", "household"], name="unique_link")]

    def clean(self):
        if self.household_id and self.household.level != "household":
            raise ValidationError({"household": "联系户必须是「户」一级的单元"})


class CouncilKind(models.TextChoices):
    VILLAGERS = "villagers", _("村民理事会")
    RESIDENTS = "residents", _("居民议事会")


class Council(ScopedModel, ProvenanceModel, TimeStampedModel):
    """The council paired with a branch (一组一会)."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=CouncilKind.choices)
    branch = models.OneToOneField(
        PartyOrg,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council",
        verbose_name=_("结对支部"),
    )
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="councils", verbose_name=_("所在辖区")
    )
    elected_on = models.DateField(_("选举日期"), null=True, blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("议事会/理事会")
        verbose_name_plural = _("议事会/理事会")

    def __str__(self) -> str:
        return self.name


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("会长")
    LOCAL_WORTHY = "local_worthy", _("乡贤")
    FIVE_ELDERS = "five_elders", _("五老")
    PARTY_REPRESENTATIVE = "party_representative", _("党员居民代表")
    BUILDING_HEAD = "building_head", _("楼栋长")
    RICH_EXPERT = "rich_expert", _("致富能手")
    VETERAN = "veteran", _("退役军人")
    RESIDENT_REPRESENTATIVE = "resident_representative", _("居民代表")


class CouncilMember(ScopedModel, ProvenanceModel, TimeStampedModel):
    scope_field = "council__territory"
    council = models.ForeignKey(
        Council, on_delete=models.CASCADE, related_name="members", verbose_name=_("议事会")
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号"), max_length=20, blank=True, validators=[validate_phone])
    roles = models.JSONField(_("身份"), default=list, blank=True, help_text=_("乡贤、五老、楼栋长……"))
    is_party_member = models.BooleanField(_("党员"), default=False)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("议事会成员")
        verbose_name_plural = _("议事会成员")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        bad = [r for r in self.roles or [] if r not in CouncilRole.values]
        if bad:
            raise ValidationError({"roles": f"未知身份：{'、'.join(bad)}"})
