"""组会成员培训、党员教育、红牌班: courses, their sessions, who is enrolled and who attended."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gongzhi.core.errors import ValidationFailed
from gongzhi.core.models import TimeStampedModel
from gongzhi.core.periods import parse_period
from gongzhi.people.models.base import ScopedModel, ScopedQuerySet
from gongzhi.workforce.workflow import CourseKind, PersonKind


class Course(ScopedModel, TimeStampedModel):
    """A training course of a year or half-year, run by one territory unit (its organisation office)."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=CourseKind.choices)
    period_key = models.CharField(
        _("培训期"), max_length=10, help_text=_("年度写 2026，半年写 2026H1（红牌班按半年开班）")
    )
    year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="courses", verbose_name=_("举办单位")
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("培训班")
        verbose_name_plural = _("培训班")
        ordering = ["-year", "territory__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "period_key", "name"], name="unique_course_name")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        try:
            period = parse_period(self.period_key)
        except ValidationFailed:
            raise ValidationError({"period_key": "培训期应写成 2026 或 2026H1"})
        if period.kind not in ("year", "half"):
            raise ValidationError({"period_key": "培训期应写成 2026 或 2026H1"})
        self.period_key = period.key
        self.year = period.start.year


class Session(ScopedModel, TimeStampedModel):
    """One class of a course: a day, its hours, where."""

    scope_field = "course__territory"
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("培训班")
    )
    date = models.DateField(_("日期"))
    hours = models.DecimalField(
        _("学时"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0.5), MaxValueValidator(24)]
    )
    topic = models.CharField(_("内容"), max_length=100, blank=True)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("培训场次")
        verbose_name_plural = _("培训场次")
        ordering = ["course", "date", "id"]

    def __str__(self) -> str:
        return f"{self.course} {self.date}"


class Enrollment(ScopedModel, TimeStampedModel):
    """A person on a course: a party member, council member, community worker or a secretary.

    The person is a typed reference (kind + id) with their name and territory kept as they were,
    so the roll reads the same after the registries move on.
    """

    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("培训班")
    )
    person_kind = models.CharField(_("学员类别"), max_length=20, choices=PersonKind.choices)
    person_id = models.PositiveIntegerField(_("学员编号"))
    name = models.CharField(_("姓名"), max_length=50)
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("所在辖区"),
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("学员")
        verbose_name_plural = _("学员")
        ordering = ["course", "territory__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["course", "person_kind", "person_id"], name="unique_enrollment")
        ]
        indexes = [models.Index(fields=["person_kind", "person_id"], name="enrollment_person")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_person_kind_display()}）"


class Attendance(ScopedModel, TimeStampedModel):
    """An enrolled person was at a session."""

    scope_field = "enrollment__territory"
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("场次")
    )
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("学员")
    )
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("出勤")
        verbose_name_plural = _("出勤")
        ordering = ["session", "enrollment"]
        constraints = [models.UniqueConstraint(fields=["session", "enrollment"], name="unique_attendance")]

    def __str__(self) -> str:
        return f"{self.enrollment} @ {self.session}"

    def clean(self):
        if self.session_id and self.enrollment_id and self.session.course_id != self.enrollment.course_id:
            raise ValidationError({"enrollment": "学员不在该场次所属的培训班"})
