"""Factories of the workforce registers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from faker import Faker

from gongzhi.workforce.models import Course, Enrollment, Posting, ReserveCandidate, Session, WorkerGrade
from gongzhi.workforce.workflow import CourseKind, PostingKind

fake = Faker("zh_CN")


class WorkerGradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkerGrade

    grade = 1
    since = dt.date(2020, 1, 1)


class ReserveCandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReserveCandidate

    name = factory.Sequence(lambda n: f"候选人{n:03d}")
    gender = "female"
    birth_year = 1990
    education = "bachelor"
    exam_year = 2025
    exam_score = Decimal(80)
    interview_score = Decimal(80)


class PostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Posting

    kind = PostingKind.RESIDENT_CADRE
    person_name = factory.LazyFunction(fake.name)
    phone = "13912345678"
    from_unit = "测试市财政局"
    start = dt.date(2025, 3, 1)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    name = factory.Sequence(lambda n: f"培训班{n}")
    kind = CourseKind.COUNCIL_TRAINING
    period_key = "2026"
    year = 2026


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    date = dt.date(2026, 2, 10)
    hours = Decimal(3)
    topic = "政策解读"


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment
