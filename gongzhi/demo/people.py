"""Generate people: realistic Chinese names, valid ID numbers, mobile phones, families."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from faker import Faker
from faker.providers.person.zh_CN import Provider as PersonProvider
from faker.providers.ssn.zh_CN import Provider as SsnProvider

# Two-character given names are the most common today; these characters combine naturally.
_MALE_CHARS = "伟强磊洋勇军杰涛超明刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林佳阳亮成建峰晨瑞博彬坤文利楠志国庆海春德永立红新光振家子浩然思远泽轩"
_FEMALE_CHARS = "芳娜敏静丽艳娟霞燕玲丹萍红英梅莉婷晶颖雪琳洁慧欣怡璐倩雯佳悦瑶琪萱涵雨梦诗月兰秀桂玉凤春小晓"
_MOBILE_PREFIXES = [
    str(p) for p in (130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 155, 156)
] + [str(p) for p in (157, 158, 159, 166, 173, 177, 180, 181, 182, 183, 185, 186, 187, 188, 189, 191, 199)]
_FAKER_AREAS = frozenset(SsnProvider.area_codes)


@dataclass
class Person:
    name: str
    gender: str  # "male" / "female"
    id_number: str
    phone: str
    birth: dt.date

    def age(self, today: dt.date) -> int:
        return today.year - self.birth.year - ((today.month, today.day) < (self.birth.month, self.birth.day))


@dataclass
class PeopleMaker:
    """Make people from one seeded random source so a demo is reproducible."""

    seed: int
    rng: random.Random = field(init=False)
    faker: Faker = field(init=False)
    _ids: set[str] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.faker = Faker("zh_CN")
        self.faker.seed_instance(self.seed)
        surnames = PersonProvider.last_names
        self._surnames = list(surnames)
        self._surname_weights = list(surnames.values())
        self._male_given = list(PersonProvider.first_names_male)
        self._female_given = list(PersonProvider.first_names_female)

    def reserve(self, id_numbers) -> None:
        """Never hand out these ID numbers (they belong to people already in the database)."""
        self._ids.update(id_numbers)

    def surname(self) -> str:
        return self.rng.choices(self._surnames, self._surname_weights)[0]

    def given_name(self, gender: str) -> str:
        r = self.rng
        if r.random() < 0.35:  # a one-character name from Faker's list of the commonest
            return r.choice(self._male_given if gender == "male" else self._female_given)
        chars = _MALE_CHARS if gender == "male" else _FEMALE_CHARS
        return r.choice(chars) + r.choice(chars)

    def name(self, gender: str, surname: str | None = None) -> str:
        return (surname or self.surname()) + self.given_name(gender)

    def phone(self) -> str:
        return self.rng.choice(_MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def id_number(self, *, area: str, min_age: int, max_age: int, gender: str) -> str:
        """Return a valid, never repeated 18-character ID (Faker zh_CN ssn) for `area` when Faker knows it."""
        code = area if area in _FAKER_AREAS else ""
        while True:
            value = self.faker.ssn(
                min_age=min_age, max_age=max_age, gender="M" if gender == "male" else "F", area_code=code
            )
            if value not in self._ids:
                self._ids.add(value)
                return value

    def person(
        self, *, area: str, min_age: int, max_age: int, gender: str | None = None, surname: str | None = None
    ) -> Person:
        gender = gender or self.rng.choice(("male", "female"))
        # Most people were born where they live; some came from elsewhere in China.
        where = area if self.rng.random() < 0.85 else ""
        id_number = self.id_number(area=where, min_age=min_age, max_age=max_age, gender=gender)
        birth = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
        adult = (dt.date.today() - birth).days >= 16 * 365
        return Person(
            name=self.name(gender, surname),
            gender=gender,
            id_number=id_number,
            phone=self.phone() if adult else "",
            birth=birth,
        )

    def family(self, *, area: str, rural: bool) -> list[tuple[Person, str]]:
        """Return the members of one household with their relation to the head (户主 first)."""
        r = self.rng
        size = r.choices((1, 2, 3, 4, 5), (15, 30, 30, 17, 8))[0]
        head_gender = "male" if r.random() < 0.72 else "female"
        surname = self.surname()
        if size == 1:
            return [
                (self.person(area=area, min_age=22, max_age=88, gender=head_gender, surname=surname), "户主")
            ]
        head = self.person(area=area, min_age=28, max_age=78, gender=head_gender, surname=surname)
        head_age = head.age(dt.date.today())
        out = [(head, "户主")]
        spouse_gender = "female" if head_gender == "male" else "male"
        lo, hi = max(20, head_age - 6), min(92, head_age + 5)
        out.append((self.person(area=area, min_age=lo, max_age=max(lo, hi), gender=spouse_gender), "配偶"))
        for _ in range(size - 2):
            if head_age > 62 and r.random() < 0.5:
                child_hi = max(1, min(16, head_age - 45))
                out.append((self.person(area=area, min_age=0, max_age=child_hi, surname=surname), "孙子女"))
            elif head_age < 50 and r.random() < 0.35 and len(out) < 4:
                lo = head_age + 22
                out.append((self.person(area=area, min_age=lo, max_age=lo + 12), "父母"))
            else:
                c_lo, c_hi = max(0, head_age - 40), max(0, head_age - 22)
                out.append((self.person(area=area, min_age=c_lo, max_age=c_hi, surname=surname), "子女"))
        return out


def id_area_for(district_code: str | None, city_code: str) -> str:
    """Pick the 6-digit region an ID number should carry for a home in this district."""
    for code in (district_code or "", city_code):
        if code[:6] in _FAKER_AREAS:
            return code[:6]
    prefix = city_code[:4]
    for code in sorted(_FAKER_AREAS):
        if code.startswith(prefix):
            return code
    return ""
