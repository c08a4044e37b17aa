"""Demands (诉求) and what routes them: the taxonomy, handlers, dispatch rules and the holiday calendar."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import EventBase, TimeStampedModel
from gongzhi.demands.workflow import EscalationTarget, Satisfaction, State
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet


class Category(TimeStampedModel):
    """诉求分类: one node of the taxonomy, which is data and editable in the back office."""

    code = models.SlugField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级分类"),
    )
    keywords = models.JSONField(
        _("关键词"), default=list, blank=True, help_text=_("出现在诉求内容里就归入此类，如：漏水、噪音")
    )
    deadline_hours = models.PositiveIntegerField(
        _("默认办理时限(工作小时)"), default=35, help_text=_("一个工作日按 7 小时计")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("诉求分类")
        verbose_name_plural = _("诉求分类")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class HandlerKind(models.TextChoices):
    COUNCIL = "council", _("议事会/理事会")
    COMMUNITY = "community", _("村（社区）")
    PARTNER_UNIT = "partner_unit", _("共建单位")
    DEPARTMENT = "department", _("职能部门")
    SOCIAL_ORG = "social_org", _("社会组织")


class Platform(models.TextChoices):
    """The four platforms of a street's 一中心四平台 (Lufeng); the centre is the street itself."""

    GOVERNANCE = "governance", _("综合治理")  # disputes, petitions, stability: the 综治 side
    PUBLIC_SERVICE = "public_service", _("公共服务")  # elderly and child care, social aid, volunteers
    ENFORCEMENT = "enforcement", _("综合执法")  # city management, property and building violations
    EMERGENCY = "emergency", _("应急管理")  # safety hazards, fire, floods, rescue


class Handler(ScopedModel, TimeStampedModel):
    """承办单位: who works a dispatched demand; its members may claim it."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=HandlerKind.choices)
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="handlers", verbose_name=_("负责辖区")
    )
    # db_default: handlers made before platforms existed, and plain-SQL loads, read as "not a platform".
    platform = models.CharField(
        _("所属平台"),
        max_length=20,
        choices=Platform.choices,
        blank=True,
        default="",
        db_default="",
        help_text=_("镇（街）一中心四平台中的哪一个；不是平台则不填。每个镇（街）每类平台只能有一个"),
    )
    council = models.ForeignKey(
        "people.Council",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handlers",
        verbose_name=_("对应议事会"),
    )
    partner_unit = models.ForeignKey(
        "people.PartnerUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handlers",
        verbose_name=_("对应共建单位"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="demand_handlers",
        verbose_name=_("成员"),
        help_text=_("可以接单的人；不填则辖区内有承办角色的人都可以接单"),
    )
    active = models.BooleanField(_("启用"), default=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["territory__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "platform"],
                condition=~models.Q(platform=""),
                name="handler_one_platform_of_a_kind",
                violation_error_message=_("该镇（街）已有同类平台，每个镇（街）每类平台只能有一个。"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def choice_label(self) -> str:
        """Name a handler in a picker so a platform reads as its street's: 东风街道·综合执法平台."""
        if self.platform:
            return f"{self.territory.name}·{self.get_platform_display()}平台"
        return f"{self.name} · {self.territory.name}"


class DispatchRule(TimeStampedModel):
    """派单规则: category × territory subtree → handler (or kind of handler) and deadline.

    The rule on the deepest territory wins; at the same depth, a rule for the category
    beats a rule for any category. An empty territory means everywhere.
    """

    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name=_("诉求分类"),
        help_text=_("不填表示所有分类"),
    )
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dispatch_rules",
        verbose_name=_("适用辖区(含下级)"),
        help_text=_("不填表示全部辖区"),
    )
    handler_kind = models.CharField(
        _("承办单位类型"),
        max_length=20,
        choices=HandlerKind.choices,
        blank=True,
        help_text=_("交给离诉求最近的此类承办单位"),
    )
    handler = models.ForeignKey(
        Handler,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name=_("指定承办单位"),
    )
    deadline_hours = models.PositiveIntegerField(
        _("办理时限(工作小时)"), null=True, blank=True, help_text=_("不填则用分类的默认时限")
    )
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("派单规则")
        verbose_name_plural = _("派单规则")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(handler__isnull=False) & models.Q(handler_kind=""))
                | (models.Q(handler__isnull=True) & ~models.Q(handler_kind="")),
                name="dispatchrule_handler_xor_kind",
                violation_error_message=_("请在「承办单位类型」和「指定承办单位」中选一项，且只选一项。"),
            )
        ]

    def __str__(self) -> str:
        where = self.territory.name if self.territory_id else "全部辖区"
        what = self.category.name if self.category_id else "所有分类"
        to = self.handler.name if self.handler_id else self.get_handler_kind_display()
        return f"{where} · {what} → {to}"

    def clean(self):
        if bool(self.handler_id) == bool(self.handler_kind):
            raise ValidationError(_("请在「承办单位类型」和「指定承办单位」中选一项，且只选一项。"))


class HolidayOverride(TimeStampedModel):
    """One day of the official holiday arrangement, entered for a year the calendar package does not know."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("上班"), help_text=_("勾选：调休上班日；不勾选：放假"))
    note = models.CharField(_("说明"), max_length=100, blank=True, help_text=_("如：春节、国庆调休"))

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '放假'} {self.note}".strip()


class Channel(models.TextChoices):
    SELF_REPORT = "self_report", _("群众自报")  # web / mobile, 一键即通
    PATROL = "patrol", _("网格巡查")  # a grid worker found it on patrol
    WALK_IN = "walk_in", _("议事说事点")  # told in person at a talk point
    HOTLINE = "hotline", _("热线转办")  # 12345 / 12348 / 110 non-police
    COUNCIL = "council", _("议事会")  # raised by a council member


class CategorySource(models.TextChoices):
    """Who gave a demand its category; training learns only from what a person set."""

    UNKNOWN = "", _("未记录")  # set before suggestions were recorded, or bulk-loaded
    REPORTER = "reporter", _("提交时选定")  # chosen by whoever brought the demand in
    MODEL = "model", _("模型分类")  # the active classifier was confident enough
    KEYWORDS = "keywords", _("关键词规则")  # cold start: the taxonomy's keywords, before any model
    STAFF = "staff", _("工作人员")  # set, corrected or confirmed by the front desk


MACHINE_SOURCES = frozenset({CategorySource.MODEL, CategorySource.KEYWORDS})
HUMAN_SOURCES = frozenset({CategorySource.REPORTER, CategorySource.STAFF})


class Demand(ScopedModel, TimeStampedModel):
    """诉求: one resident problem, from intake to close."""

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demands",
        verbose_name=_("所在辖区"),
        help_text=_("为空时在待分拣队列中"),
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demands",
        verbose_name=_("分类"),
    )
    # db_default: the demo and bulk loads insert rows with plain SQL that does not name these columns.
    category_source = models.CharField(
        _("分类来源"),
        max_length=20,
        choices=CategorySource.choices,
        blank=True,
        default=CategorySource.UNKNOWN,
        db_default=CategorySource.UNKNOWN,
    )
    # What the classifier suggested at intake, kept also when it was not confident enough to use.
    suggested_category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("系统建议分类"),
    )
    suggestion_confidence = models.FloatField(_("建议置信度"), null=True, blank=True)
    suggestion_source = models.CharField(
        _("建议来源"),
        max_length=80,
        blank=True,
        default="",
        db_default="",
        help_text=_("模型版本（model:版本号）或 keywords（关键词规则）"),
    )
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    title = models.CharField(_("标题"), max_length=100, blank=True)
    text = models.TextField(_("诉求内容"))
    address = models.CharField(_("地址"), max_length=200, blank=True)
    # GCJ-02, like every coordinate we store; phones' WGS-84 is converted at intake.
    lng = models.FloatField(_("经度(GCJ-02)"), null=True, blank=True)
    lat = models.FloatField(_("纬度(GCJ-02)"), null=True, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.SUBMITTED)
    handler = models.ForeignKey(
        Handler,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="demands",
        verbose_name=_("承办单位"),
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claimed_demands",
        verbose_name=_("接单人"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_demands",
        verbose_name=_("提出人账号"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submitted_demands",
        verbose_name=_("录入人"),
    )
    idempotency_key = models.CharField(_("幂等键"), max_length=64, unique=True)
    due_at = models.DateTimeField(_("办理期限"), null=True, blank=True)
    supervised = models.BooleanField(_("已督办"), default=False)
    escalation = models.CharField(_("上报去向"), max_length=20, choices=EscalationTarget.choices, blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    satisfaction = models.CharField(_("满意度"), max_length=20, choices=Satisfaction.choices, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("合并到"),
    )
    # within(paths) leaves out unlocated demands (the triage queue): they belong to no subtree yet.
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "due_at"], name="demand_state_due"),
            models.Index(fields=["territory", "state"], name="demand_territory_state"),
        ]

    def __str__(self) -> str:
        return self.title or self.text[:30]


class DemandEvent(EventBase):
    """One step in a demand's life: who did what, when, from which state to which. Append-only."""

    demand = models.ForeignKey(
        Demand, on_delete=models.CASCADE, related_name="events", verbose_name=_("诉求")
    )
    from_state = models.CharField(_("原状态"), max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, choices=State.choices)

    class Meta(EventBase.Meta):
        verbose_name = _("诉求流转记录")
        verbose_name_plural = _("诉求流转记录")
        indexes = [models.Index(fields=["action", "at"], name="demandevent_action_at")]

    def __str__(self) -> str:
        return f"{self.demand_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class PhotoKind(models.TextChoices):
    REPORT = "report", _("反映时拍摄")  # what the reporter saw
    RESULT = "result", _("办结时拍摄")  # what the handler left behind


def _photo_path(instance: DemandPhoto, filename: str) -> str:
    # Never keep the uploaded name: it may carry a person's name or a phone number.
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"demands/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class DemandPhoto(models.Model):
    """照片: one picture of a demand, taken when it was reported or when it was resolved."""

    demand = models.ForeignKey(
        Demand, on_delete=models.CASCADE, related_name="photos", verbose_name=_("诉求")
    )
    kind = models.CharField(_("类型"), max_length=10, choices=PhotoKind.choices, default=PhotoKind.REPORT)
    file = models.FileField(_("照片"), upload_to=_photo_path, max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小(字节)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("上传人"),
    )
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("诉求照片")
        verbose_name_plural = _("诉求照片")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.demand_id} {self.get_kind_display()} {self.pk}"


# The rate roll-ups live in their own module; importing them here registers them with the app.
from gongzhi.demands.rate_models import DemandFact, DemandResolveBucket, DemandRollup  # noqa: E402, F401
from gongzhi.demands.timer_models import AlertOutcome, DeadlineAlert  # noqa: E402, F401
