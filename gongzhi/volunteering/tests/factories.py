"""Factories for volunteering tests; times are fixed so figures per period can be checked by hand."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import factory

from gongzhi.people.tests.factories import fake
from gongzhi.volunteering.models import Activity, GovernancePost, Pledge, Volunteer, VolunteerTeam

TZ = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=TZ)


class VolunteerTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerTeam

    name = factory.Sequence(lambda n: f"志愿服务队{n}")


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    name = factory.LazyFunction(fake.name)
    phone = factory.Sequence(lambda n: f"139{n:08d}")


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"志愿活动{n}")
    starts_at = factory.LazyFunction(lambda: at("2024-05-01", 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    capacity = 3


class GovernancePostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernancePost

    name = factory.Sequence(lambda n: f"文明劝导员{n}")
    slots = 1


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    year = 2024
    promise = "每月走访联系户一次"
