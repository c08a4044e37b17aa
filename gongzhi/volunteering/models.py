"""Volunteers, teams, activities and sign-ups; party members' claimed posts and public pledges."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongzhi.core.models import TimeStampedModel
from gongzhi.core.validators import validate_id_number, validate_phone
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet
from gongzhi.people.models.org import Gender
from gongzhi.volunteering.workflow import ActivityState, SignUpState


class TeamKind(models.TextChoices):
    PARTY = "party", _("党员志愿服务队")
    RESIDENTS = "residents", _("居民志愿服务队")
    PARTNER = "partner", _("共建单位志愿服务队")
    SOCIAL = "social", _("社会组织志愿服务队")


class VolunteerTeam(ScopedModel, TimeStampedModel):
    """志愿队伍."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=TeamKind.choices, default=TeamKind.RESIDENTS)
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="volunteer_teams",
        verbose_name=_("所在辖区"),
    )
    leader_name = models.CharField(_("队长"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("志愿队伍")
        verbose_name_plural = _("志愿队伍")
        constraints = [models.UniqueConstraint(fields=["territory", "name"], name="unique_team_name")]

    def __str__(self) -> str:
        return self.name


class Volunteer(ScopedModel, TimeStampedModel):
    """志愿者, registered to a community; optionally the same person as a resident or a party member."""

    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, validators=[validate_phone])
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True, validators=[validate_id_number])
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="volunteers", verbose_name=_("注册社区")
    )
    team = models.ForeignKey(
        VolunteerTeam,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("所在队伍"),
    )
    resident = models.ForeignKey(
        "people.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("对应居民"),
    )
    party_member = models.ForeignKey(
        "people.PartyMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteers",
        verbose_name=_("对应党员"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteer",
        verbose_name=_("登录账号"),
    )
    skills = models.JSONField(_("特长"), default=list, blank=True, help_text=_("理发、义诊、法律咨询……"))
    registered_on = models.DateField(_("注册日期"), null=True, blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        constraints = [
            models.UniqueConstraint(fields=["territory", "name", "phone"], name="unique_volunteer"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.territory_id and self.territory.level != "community":
            raise ValidationError({"territory": "注册社区必须是「社区/行政村」一级的单元"})
        if (
            self.team_id
            and self.territory_id
            and not self.team.territory.path.startswith(self.territory.path)
        ):
            if not self.territory.path.startswith(self.team.territory.path):
                raise ValidationError({"team": "所在队伍不在注册社区的上下级辖区内"})


class ActivityCategory(models.TextChoices):
    ELDERLY = "elderly", _("助老助残")
    CHILDREN = "children", _("关爱儿童")
    ENVIRONMENT = "environment", _("环境整治")
    CIVILITY = "civility", _("文明劝导")
    SAFETY = "safety", _("平安巡防")
    HEALTH = "health", _("义诊健康")
    LEGAL = "legal", _("法律服务")
    CULTURE = "culture", _("文化宣传")
    OTHER = "other", _("其他")


class Activity(ScopedModel, TimeStampedModel):
    """志愿活动: a time, a place, a capacity; volunteers sign up, check in and out."""

    title = models.CharField(_("活动名称"), max_length=100)
    category = models.CharField(
        _("服务类别"), max_length=20, choices=ActivityCategory.choices, default=ActivityCategory.OTHER
    )
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="activities", verbose_name=_("所在辖区")
    )
    team = models.ForeignKey(
        VolunteerTeam,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("组织队伍"),
    )
    place = models.CharField(_("地点"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveIntegerField(_("招募人数"), default=10)
    state = models.CharField(
        _("状态"), max_length=20, choices=ActivityState.choices, default=ActivityState.OPEN
    )
    people_served = models.PositiveIntegerField(_("服务人次"), default=0)
    description = models.TextField(_("活动内容"), blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("志愿活动")
        verbose_name_plural = _("志愿活动")
        indexes = [models.Index(fields=["territory", "starts_at"], name="activity_territory_start")]
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="activity_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "结束时间应晚于开始时间"})


class SignUp(ScopedModel, TimeStampedModel):
    """One volunteer's place in one activity, and the hours served."""

    scope_field = "activity__territory"
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="sign_ups", verbose_name=_("志愿活动")
    )
    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.PROTECT, related_name="sign_ups", verbose_name=_("志愿者")
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=SignUpState.choices, default=SignUpState.SIGNED_UP
    )
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_out_at = models.DateTimeField(_("签退时间"), null=True, blank=True)
    service_hours = models.DecimalField(_("服务时长(小时)"), max_digits=6, decimal_places=1, default=0)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        constraints = [models.UniqueConstraint(fields=["activity", "volunteer"], name="unique_sign_up")]
        indexes = [models.Index(fields=["volunteer", "state"], name="signup_volunteer_state")]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.activity}"


class ActivityEvent(models.Model):
    """One step in the life of an activity or a sign-up: who, when, from which state to which."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="events", verbose_name=_("活动")
    )
    sign_up = models.ForeignKey(
        SignUp, on_delete=models.CASCADE, null=True, blank=True, related_name="events", verbose_name=_("报名")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    action = models.CharField(_("操作"), max_length=30)
    frm = models.CharField(_("原状态"), max_length=20, blank=True)
    to = models.CharField(_("新状态"), max_length=20)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("活动记录")
        verbose_name_plural = _("活动记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.frm} → {self.to}"


class GovernancePost(ScopedModel, TimeStampedModel):
    """治理岗位 a party member may claim (认领岗位): 楼栋长助理, 文明劝导员, 政策宣传员 ……"""

    name = models.CharField(_("岗位名称"), max_length=50)
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="governance_posts",
        verbose_name=_("所在辖区"),
    )
    duty = models.CharField(_("岗位职责"), max_length=200, blank=True)
    slots = models.PositiveIntegerField(_("可认领人数"), default=1)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("治理岗位")
        verbose_name_plural = _("治理岗位")
        constraints = [models.UniqueConstraint(fields=["territory", "name"], name="unique_post_name")]

    def __str__(self) -> str:
        return self.name


class PostClaim(ScopedModel, TimeStampedModel):
    """认领岗位: a party member holds a post from a day until released."""

    scope_field = "post__territory"
    post = models.ForeignKey(
        GovernancePost, on_delete=models.CASCADE, related_name="claims", verbose_name=_("岗位")
    )
    party_member = models.ForeignKey(
        "people.PartyMember", on_delete=models.CASCADE, related_name="post_claims", verbose_name=_("党员")
    )
    claimed_on = models.DateField(_("认领日期"))
    released_on = models.DateField(_("卸任日期"), null=True, blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("岗位认领")
        verbose_name_plural = _("岗位认领")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "party_member"],
                condition=models.Q(released_on__isnull=True),
                name="unique_active_claim",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_member} · {self.post}"


class Pledge(ScopedModel, TimeStampedModel):
    """亮诺亮绩: a party member's yearly promise and what came of it, published to the community."""

    party_member = models.ForeignKey(
        "people.PartyMember", on_delete=models.CASCADE, related_name="pledges", verbose_name=_("党员")
    )
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="pledges", verbose_name=_("公示社区")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    promise = models.TextField(_("承诺(亮诺)"))
    result = models.TextField(_("成效(亮绩)"), blank=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("亮诺亮绩")
        verbose_name_plural = _("亮诺亮绩")
        constraints = [models.UniqueConstraint(fields=["party_member", "year"], name="unique_pledge_year")]

    def __str__(self) -> str:
        return f"{self.party_member} {self.year}"

    def clean(self):
        if self.territory_id and self.territory.level != "community":
            raise ValidationError({"territory": "公示社区必须是「社区/行政村」一级的单元"})
