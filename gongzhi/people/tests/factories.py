from __future__ import annotations

import factory
from faker import Faker

from gongzhi.people.models import (
    CommunityWorker,
    Council,
    CouncilMember,
    GridWorker,
    LinkedHousehold,
    PartnerUnit,
    PartyMember,
    PartyOrg,
    PoliceOfficer,
    Resident,
    RoleAssignment,
    SpecialistTeam,
    User,
)

fake = Faker("zh_CN")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyFunction(fake.name)
    password = factory.PostGenerationMethodCall("set_password", "pass-12345")


def user_with_role(role: str, territory, **kw) -> User:
    user = UserFactory(**kw)
    RoleAssignment.objects.create(user=user, role=role, territory=territory)
    return user


class PartyOrgFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrg

    name = factory.Sequence(lambda n: f"第{n}党支部")
    kind = "branch"


class PartyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyMember

    name = factory.LazyFunction(fake.name)
    id_number = factory.LazyFunction(fake.ssn)
    phone = factory.LazyFunction(fake.phone_number)
    party_org = factory.SubFactory(PartyOrgFactory, territory=factory.SelfAttribute("..territory"))


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    name = factory.Sequence(lambda n: f"第{n}居民议事会")
    kind = "residents"


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMember

    name = factory.LazyFunction(fake.name)
    phone = factory.LazyFunction(fake.phone_number)
    roles = factory.LazyFunction(lambda: ["five_elders"])


class LinkedHouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LinkedHousehold


class GridWorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GridWorker

    name = factory.LazyFunction(fake.name)
    phone = factory.LazyFunction(fake.phone_number)
    id_number = factory.LazyFunction(fake.ssn)


class CommunityWorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunityWorker

    name = factory.LazyFunction(fake.name)
    phone = factory.LazyFunction(fake.phone_number)
    id_number = factory.LazyFunction(fake.ssn)
    post = "社区专职工作者"


class PoliceOfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PoliceOfficer

    name = factory.LazyFunction(fake.name)
    phone = factory.LazyFunction(fake.phone_number)
    badge_number = factory.Sequence(lambda n: f"{100000 + n}")
    station = "城关派出所"


class SpecialistTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialistTeam

    name = factory.Sequence(lambda n: f"法律服务队{n}")
    speciality = "法律服务"
    leader_name = factory.LazyFunction(fake.name)
    phone = factory.LazyFunction(fake.phone_number)
    member_count = 5


class PartnerUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerUnit

    name = factory.LazyFunction(fake.company)
    kind = "company"
    contact_name = factory.LazyFunction(fake.name)
    phone = factory.LazyFunction(fake.phone_number)


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resident

    name = factory.LazyFunction(fake.name)
    id_number = factory.LazyFunction(fake.ssn)
    phone = factory.LazyFunction(fake.phone_number)
