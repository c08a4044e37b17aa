"""社区"两委"后备人才库: candidates who passed the qualification exam, ranked per community, and their steps."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongzhi.core.models import EventBase, TimeStampedModel
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet
from gongzhi.people.models.org import Gender
from gongzhi.territory.levels import Level
from gongzhi.workforce.workflow import Education, ReserveState

# 综合成绩 = 笔试 × 50% + 面试 × 50%; a candidate not yet interviewed counts the written exam alone.
EXAM_WEIGHT = Decimal("0.5")
INTERVIEW_WEIGHT = Decimal("0.5")
SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class ReserveCandidate(ScopedModel, TimeStampedModel):
    """A person in a community's reserve pool for the two committees (社区"两委"委员组织推荐人选)."""

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="reserve_candidates",
        verbose_name=_("社区"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("出生年份"), validators=[MinValueValidator(1940), MaxValueValidator(2015)]
    )
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices, blank=True)
    exam_year = models.PositiveSmallIntegerField(_("考试年度"))
    exam_score = models.DecimalField(
        _("资格考试成绩"), max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS
    )
    interview_score = models.DecimalField(
        _("面试成绩"), max_digits=5, decimal_places=2, null=True, blank=True, validators=SCORE_VALIDATORS
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=ReserveState.choices, default=ReserveState.IN_POOL
    )
    promoted_on = models.DateField(_("递补日期"), null=True, blank=True)
    promoted_to = models.CharField(_("递补岗位"), max_length=50, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("后备人选")
        verbose_name_plural = _("两委后备人才库")
        ordering = ["territory__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "exam_year", "name"], name="unique_reserve_candidate"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def total(self) -> Decimal:
        """综合成绩, to two decimals."""
        if self.interview_score is None:
            return Decimal(self.exam_score).quantize(Decimal("0.01"))
        return (self.exam_score * EXAM_WEIGHT + self.interview_score * INTERVIEW_WEIGHT).quantize(
            Decimal("0.01")
        )

    def clean(self):
        if self.territory_id and self.territory.level != Level.COMMUNITY:
            raise ValidationError({"territory": "社区必须是「社区/行政村」一级的单元"})


class ReserveEvent(EventBase):
    """One step of a candidate: 递补 or 退出, who decided and when. Append-only."""

    candidate = models.ForeignKey(
        ReserveCandidate, on_delete=models.CASCADE, related_name="events", verbose_name=_("后备人选")
    )
    from_state = models.CharField(_("原状态"), max_length=20, choices=ReserveState.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=20, choices=ReserveState.choices)

    class Meta(EventBase.Meta):
        verbose_name = _("后备人选记录")
        verbose_name_plural = _("后备人选记录")
