"""十佳书记评选: candidates from the secretaries' card scores, nominations and the committee's votes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.assessment.models.scheme import Scheme
from gongzhi.assessment.workflow import SelectionState
from gongzhi.core.models import EventBase
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet


class Selection(ScopedModel):
    """One year's 十佳书记 selection over a territory: the top scorers stand, the committee votes."""

    name = models.CharField(_("评选名称"), max_length=100)
    period_key = models.CharField(_("年度"), max_length=10)
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="+", verbose_name=_("评选范围")
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, related_name="selections", verbose_name=_("依据方案")
    )
    seats = models.PositiveSmallIntegerField(_("评选名额"), default=10)
    state = models.CharField(
        _("状态"), max_length=12, choices=SelectionState.choices, default=SelectionState.NOMINATING
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("十佳评选")
        verbose_name_plural = _("十佳评选")
        ordering = ["-period_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "period_key", "scheme"], name="assessment_selection_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Candidate(models.Model):
    """A secretary standing in a selection, with the score that put them there and the votes they got."""

    selection = models.ForeignKey(
        Selection, on_delete=models.CASCADE, related_name="candidates", verbose_name=_("评选")
    )
    subject_id = models.PositiveIntegerField(_("党组织编号"))
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="+", verbose_name=_("所在辖区")
    )
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=100)
    score = models.DecimalField(_("考核得分"), max_digits=6, decimal_places=1)
    rank = models.PositiveSmallIntegerField(_("得分排名"))
    votes = models.PositiveIntegerField(_("得票"), default=0)
    selected = models.BooleanField(_("当选"), default=False)

    class Meta:
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")
        ordering = ["selection", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "subject_id"], name="assessment_candidate_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    """A member of the assessing committee (评审委员会), who may vote once per candidate."""

    selection = models.ForeignKey(
        Selection, on_delete=models.CASCADE, related_name="members", verbose_name=_("评选")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("委员")
    )

    class Meta:
        verbose_name = _("评审委员")
        verbose_name_plural = _("评审委员")
        constraints = [models.UniqueConstraint(fields=["selection", "user"], name="assessment_member_unique")]

    def __str__(self) -> str:
        return str(self.user)


class Nomination(models.Model):
    """提名: a member puts a candidate forward with a reason."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("候选人")
    )
    nominator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("提名人")
    )
    reason = models.TextField(_("提名理由"))
    at = models.DateTimeField(_("提名时间"), default=timezone.now)

    class Meta:
        verbose_name = _("提名")
        verbose_name_plural = _("提名")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "nominator"], name="assessment_nomination_unique")
        ]

    def __str__(self) -> str:
        return f"{self.candidate.name}：{self.reason[:20]}"


class Vote(models.Model):
    """投票: one committee member's vote for one candidate."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="vote_rows", verbose_name=_("候选人")
    )
    member = models.ForeignKey(
        CommitteeMember, on_delete=models.CASCADE, related_name="votes", verbose_name=_("委员")
    )
    at = models.DateTimeField(_("投票时间"), default=timezone.now)

    class Meta:
        verbose_name = _("投票")
        verbose_name_plural = _("投票")
        constraints = [models.UniqueConstraint(fields=["candidate", "member"], name="assessment_vote_unique")]

    def __str__(self) -> str:
        return f"{self.member} → {self.candidate.name}"


class SelectionEvent(EventBase):
    """One step of a selection (voting opened, counted and published). Append-only."""

    selection = models.ForeignKey(
        Selection, on_delete=models.CASCADE, related_name="events", verbose_name=_("评选")
    )
    from_state = models.CharField(_("原状态"), max_length=12, choices=SelectionState.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=12, choices=SelectionState.choices)

    class Meta(EventBase.Meta):
        verbose_name = _("评选流转记录")
        verbose_name_plural = _("评选流转记录")
