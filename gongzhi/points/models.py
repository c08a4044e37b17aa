"""Points (积分制): rules, accounts, an append-only ledger, the points shop and the red and black lists."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongzhi.core.errors import Conflict
from gongzhi.core.models import TimeStampedModel
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet


class Holder(models.TextChoices):
    HOUSEHOLD = "household", _("家庭户")
    VOLUNTEER = "volunteer", _("志愿者")


class PointRule(ScopedModel, TimeStampedModel):
    """积分规则: how many points a deed earns (or costs); applies under its territory node.

    Where several rules share a code, the one on the deepest node above the holder wins.
    """

    code = models.SlugField(_("规则代码"), max_length=50)
    name = models.CharField(_("名称"), max_length=100)
    holder = models.CharField(_("对象"), max_length=20, choices=Holder.choices, default=Holder.HOUSEHOLD)
    points = models.IntegerField(_("分值"), help_text=_("正数加分，负数扣分"))
    per_hour = models.BooleanField(_("按服务时长计"), default=False, help_text=_("分值 × 服务小时数"))
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="point_rules",
        verbose_name=_("适用辖区(含下级)"),
    )
    active = models.BooleanField(_("启用"), default=True)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")
        constraints = [
            models.UniqueConstraint(fields=["territory", "code"], name="unique_rule_code"),
            models.CheckConstraint(condition=~models.Q(points=0), name="rule_points_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.points:+d}）"

    def clean(self):
        if self.points == 0:
            raise ValidationError({"points": "分值不能为 0"})


class PointAccount(ScopedModel, TimeStampedModel):
    """积分账户 of one household or one volunteer: the row a spending locks. It holds no balance."""

    holder = models.CharField(_("对象"), max_length=20, choices=Holder.choices)
    household = models.OneToOneField(
        "territory.Territory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="point_account",
        verbose_name=_("家庭户"),
    )
    volunteer = models.OneToOneField(
        "volunteering.Volunteer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="point_account",
        verbose_name=_("志愿者"),
    )
    # The household itself, or the volunteer's community: what scope and figures go by.
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在辖区")
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("积分账户")
        verbose_name_plural = _("积分账户")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(holder="household", household__isnull=False, volunteer__isnull=True))
                | (models.Q(holder="volunteer", volunteer__isnull=False, household__isnull=True)),
                name="account_one_holder",
            ),
        ]

    def __str__(self) -> str:
        return str(self.volunteer or self.household)


class EntryKind(models.TextChoices):
    AWARD = "award", _("加分")  # by a rule with positive points
    DEDUCT = "deduct", _("扣分")  # by a rule with negative points
    REDEEM = "redeem", _("兑换")  # spent at the points shop
    REVERSAL = "reversal", _("冲正")  # cancels an earlier award or deduction


class PointEntryQuerySet(ScopedQuerySet):
    """The ledger is append-only: a bulk update or delete is refused."""

    def update(self, **kwargs):
        raise Conflict("积分流水只能新增，不能修改；记错了请冲正。", code="append_only")

    def delete(self):
        raise Conflict("积分流水只能新增，不能删除；记错了请冲正。", code="append_only")


class PointEntry(ScopedModel):
    """积分流水: one change of one account's points; a balance is the sum of its entries."""

    scope_field = "account__territory"
    account = models.ForeignKey(
        PointAccount, on_delete=models.PROTECT, related_name="entries", verbose_name=_("账户")
    )
    points = models.IntegerField(_("分值"))
    kind = models.CharField(_("类型"), max_length=20, choices=EntryKind.choices)
    rule = models.ForeignKey(
        PointRule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("规则"),
    )
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    occurred_on = models.DateField(_("发生日期"))
    # What the entry is for ("sign_up:12", "reverse:34"): the same deed is never counted twice.
    source = models.CharField(_("来源"), max_length=50, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("经办人"),
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    objects = PointEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("积分流水")
        verbose_name_plural = _("积分流水")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            # A balance is SUM(points) over one account: answered from this index alone.
            models.Index(fields=["account", "points"], name="entry_account_points"),
            models.Index(fields=["occurred_on", "kind"], name="entry_day_kind"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(points=0), name="entry_points_not_zero"),
            models.UniqueConstraint(
                fields=["account", "source"], condition=~models.Q(source=""), name="unique_entry_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.points:+d}"

    def save(self, *args, **kwargs):
        # The one guard no caller can skip: an entry, once written, stays as written.
        if not self._state.adding:
            raise Conflict("积分流水只能新增，不能修改；记错了请冲正。", code="append_only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Conflict("积分流水只能新增，不能删除；记错了请冲正。", code="append_only")


class ShopItem(ScopedModel, TimeStampedModel):
    """积分超市 goods: what points buy, and how many are left."""

    name = models.CharField(_("名称"), max_length=100)
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="shop_items",
        verbose_name=_("所在积分超市(辖区)"),
    )
    cost = models.PositiveIntegerField(_("所需积分"))
    stock = models.PositiveIntegerField(_("库存"), default=0)
    active = models.BooleanField(_("上架"), default=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("积分超市商品")
        verbose_name_plural = _("积分超市商品")
        constraints = [
            models.UniqueConstraint(fields=["territory", "name"], name="unique_shop_item"),
            models.CheckConstraint(condition=models.Q(cost__gte=1), name="shop_item_cost_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Redemption(ScopedModel):
    """One purchase at the points shop; its points leave the account as one ledger entry."""

    scope_field = "account__territory"
    account = models.ForeignKey(
        PointAccount, on_delete=models.PROTECT, related_name="redemptions", verbose_name=_("账户")
    )
    item = models.ForeignKey(
        ShopItem, on_delete=models.PROTECT, related_name="redemptions", verbose_name=_("商品")
    )
    quantity = models.PositiveIntegerField(_("数量"), default=1)
    points = models.PositiveIntegerField(_("消耗积分"))
    entry = models.OneToOneField(
        PointEntry, on_delete=models.PROTECT, related_name="redemption", verbose_name=_("积分流水")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("经办人"),
    )
    created_at = models.DateTimeField(_("兑换时间"), auto_now_add=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("积分兑换")
        verbose_name_plural = _("积分兑换")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.account} · {self.item} × {self.quantity}"


class Roll(models.TextChoices):
    HONOUR = "honour", _("红榜")
    WARNING = "warning", _("黑榜")


class RollEntry(ScopedModel, TimeStampedModel):
    """One line of a community's red or black list (红黑榜) for one period."""

    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="roll_entries", verbose_name=_("社区")
    )
    roll = models.CharField(_("榜单"), max_length=20, choices=Roll.choices)
    period_key = models.CharField(_("期间"), max_length=30)
    period_label = models.CharField(_("期间名称"), max_length=50, blank=True)
    account = models.ForeignKey(
        PointAccount, on_delete=models.PROTECT, related_name="roll_entries", verbose_name=_("账户")
    )
    rank = models.PositiveSmallIntegerField(_("名次"), default=0)
    points = models.IntegerField(_("期间积分"), default=0)
    reason = models.CharField(_("事由"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("红黑榜")
        verbose_name_plural = _("红黑榜")
        ordering = ["territory", "-period_key", "roll", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "roll", "period_key", "account"], name="unique_roll_line"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_roll_display()} {self.period_label} {self.account}"
