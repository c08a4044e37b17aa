"""Build handlers, rules and demands for the demand tests."""

from __future__ import annotations

import itertools
import uuid

import factory

from gongzhi.demands.models import Category, DispatchRule, Handler
from gongzhi.demands.services import demand_submit

_texts = itertools.count(1)


class HandlerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Handler
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"承办单位{n}")
    kind = "community"

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class DispatchRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DispatchRule


def category(code: str = "property") -> Category:
    """Return a category seeded by the data migration."""
    return Category.objects.get(code=code)


def submit(actor, territory=None, *, key: str | None = None, channel: str = "self_report", **fields):
    """Submit a demand through the intake service, as a resident would."""
    fields.setdefault("text", f"楼道灯坏了第{next(_texts)}次，晚上看不见路")
    fields.setdefault("contact_name", "王秀英")
    fields.setdefault("contact_phone", "13912345678")
    demand, _ = demand_submit(
        actor=actor,
        idempotency_key=key or uuid.uuid4().hex,
        channel=channel,
        territory_id=territory.pk if territory else None,
        **fields,
    )
    return demand
