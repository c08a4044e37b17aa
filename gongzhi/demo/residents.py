"""Fill every generated household with a family of residents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongzhi.demo.people import PeopleMaker, Person, id_area_for
from gongzhi.demo.tree import Home, TreePlan
from gongzhi.people.models import Resident

BATCH = 5000


@dataclass
class Dweller:
    person: Person
    home: Home
    age: int


def residents_create(
    *, plan: TreePlan, ids: dict[str, int], people: PeopleMaker, city_code: str
) -> dict[str, list[Dweller]]:
    """Create the residents of every household; return the adults of each unit by unit path."""
    rng = people.rng
    today = dt.date.today()
    adults: dict[str, list[Dweller]] = {}
    batch: list[Resident] = []
    for unit in plan.units:
        area = id_area_for(unit.community.district_code, city_code)
        grown = adults.setdefault(unit.path, [])
        for home in unit.homes:
            family = people.family(area=area, rural=unit.community.rural)
            poor = rng.random() < 0.03
            for person, relation in family:
                age = person.age(today)
                tags = []
                if age >= 65 and len(family) == 1:
                    tags.append("独居老人")
                if age >= 80:
                    tags.append("高龄老人")
                if poor:
                    tags.append("困难家庭")
                if age < 16 and unit.community.rural and rng.random() < 0.3:
                    tags.append("留守儿童")
                if person.gender == "male" and 22 <= age <= 70 and rng.random() < 0.03:
                    tags.append("退役军人")
                if rng.random() < 0.015:
                    tags.append("残疾人")
                batch.append(
                    Resident(
                        name=person.name,
                        gender=person.gender,
                        id_number=person.id_number,
                        phone=person.phone,
                        household_id=ids[home.path],
                        is_head=relation == "户主",
                        relation=relation,
                        tags=tags,
                    )
                )
                if age >= 18:
                    grown.append(Dweller(person, home, age))
            if len(batch) >= BATCH:
                _flush(batch)
    _flush(batch)
    return adults


def _flush(batch: list[Resident]) -> None:
    if batch:
        Resident.objects.bulk_create(batch, batch_size=BATCH)
        batch.clear()
