"""The test city with workers, a pay table, postings and a few hand-made assessment results.

Time is frozen on 2026-03-04: the year 2025 and the half-year 2025H2 are over.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from gongzhi.assessment.models import Result, Scheme, SchemeVersion
from gongzhi.assessment.schemes import COMMUNITY_WORKER_PERFORMANCE, SECRETARY_CARD, SubjectKind
from gongzhi.assessment.workflow import State
from gongzhi.core.periods import CHINA
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role
from gongzhi.safety.tests.conftest import Clock
from gongzhi.workforce.models import PayScale, PerformanceRule, PostType

NOW = dt.datetime(2026, 3, 4, 10, tzinfo=CHINA)
COEFFICIENTS = {
    "excellent": Decimal(3),
    "competent": Decimal(2),
    "basic": Decimal(1),
    "incompetent": Decimal(0),
}


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, NOW)


@pytest.fixture
def post_types(db):
    return {t.code: t for t in PostType.objects.all()}


def monthly(code: str, grade: int) -> Decimal:
    """The test table: 专职 grade 1 is 3,200, each grade 120 more; 副职 +500, 正职 +1,000."""
    return Decimal(3200 + 120 * (grade - 1) + {"staff": 0, "deputy": 500, "head": 1000}[code])


@pytest.fixture
def pay_table(tree, post_types):
    """The city's 2025 table, all three posts × 18 grades, and its performance coefficients."""
    for code, t in post_types.items():
        PayScale.objects.bulk_create(
            PayScale(territory=tree["city"], year=2025, post_type=t, grade=g, monthly_base=monthly(code, g))
            for g in range(1, 19)
        )
    PerformanceRule.objects.bulk_create(
        PerformanceRule(territory=tree["city"], year=2025, grade=g, coefficient=c)
        for g, c in COEFFICIENTS.items()
    )


@pytest.fixture
def staff(tree):
    """Who looks: desk and street staff of A, a district official, and the same roles over B."""
    return {
        "desk_a": user_with_role(Role.COMMUNITY_WORKER, tree["community_a"], username="desk_a"),
        "grid_a": user_with_role(Role.GRID_WORKER, tree["grid_a"], username="grid_a"),
        "street_a": user_with_role(Role.STREET_OFFICIAL, tree["street_a"], username="street_a"),
        "district_a": user_with_role(Role.DISTRICT_OFFICIAL, tree["district_a"], username="district_a"),
        "city": user_with_role(Role.CITY_ADMIN, tree["city"], username="city"),
        "street_b": user_with_role(Role.STREET_OFFICIAL, tree["street_b"], username="street_b"),
        "desk_b": user_with_role(Role.COMMUNITY_WORKER, tree["community_b"], username="desk_b"),
        "resident_a": user_with_role(Role.RESIDENT, tree["household_a"], username="resident_a"),
    }


def scheme(code: str, kind: str, period_kind: str) -> SchemeVersion:
    s, _ = Scheme.objects.get_or_create(
        code=code,
        defaults={
            "name": code,
            "subject_kind": kind,
            "period_kind": period_kind,
            "org_kinds": ["branch"],
            "territory_level": "community",
        },
    )
    version = s.versions.order_by("-number").first()
    return version or SchemeVersion.objects.create(scheme=s, number=1)


def result(*, code: str, period_key: str, subject_id: int, territory, name: str, grade: str, label: str,
           published: bool = True, score: float = 80) -> Result:  # fmt: skip
    """Write one current assessment result, as a published run would have left it."""
    kind, period_kind = {
        COMMUNITY_WORKER_PERFORMANCE: (SubjectKind.COMMUNITY_WORKER, "year"),
        SECRETARY_CARD: (SubjectKind.SECRETARY, "half"),
    }[code]
    version = scheme(code, kind, period_kind)
    return Result.objects.create(
        scheme=version.scheme,
        version=version,
        period_key=period_key,
        subject_kind=kind,
        subject_id=subject_id,
        territory=territory,
        subject_name=name,
        score=Decimal(str(score)),
        grade=grade,
        grade_label=label,
        state=State.PUBLISHED if published else State.COMPUTED,
        published_at=timezone.now() if published else None,
        fingerprint="test",
    )
