"""A small branch scheme on the test city, scored from a test area of figures whose values are known."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongzhi.assessment.models import Grade, Indicator, Scheme, SchemeVersion
from gongzhi.assessment.schemes import SubjectKind
from gongzhi.core import figures
from gongzhi.core.figures import COUNT, RATE, Definition, Provider, Value
from gongzhi.core.periods import CHINA
from gongzhi.people.models import PartyOrg
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role
from gongzhi.safety.tests.conftest import Clock

AREA = "testassess"


@pytest.fixture
def clock(monkeypatch):
    # 2025-03-10: the year 2024 and the half-year 2024H2 are over.
    return Clock(monkeypatch, dt.datetime(2025, 3, 10, 10, tzinfo=CHINA))


class FakeFigures:
    """A figures area whose values the test sets per node: what an app's provider would compute."""

    def __init__(self):
        self.values: dict[int, dict[str, Value]] = {}
        self.calls = 0

    def for_node(self, *, node, period):
        self.calls += 1
        return self.values.get(node.pk, {})


@pytest.fixture
def fake_figures():
    fake = FakeFigures()
    provider = Provider(
        area=AREA,
        label="测试",
        label_en="Test",
        order=999,
        definitions=[
            Definition(f"{AREA}.resolution", "办结率", "Resolution", RATE, "测试", True, min_size=10),
            Definition(f"{AREA}.overdue", "超期件数", "Overdue", COUNT, "测试", False),
            Definition(f"{AREA}.incidents", "重大事件", "Incidents", COUNT, "测试", False),
        ],
        for_node=fake.for_node,
    )
    figures.register(provider)
    yield fake
    figures._registry.pop(AREA, None)


@pytest.fixture
def orgs(tree):
    return {
        "a": PartyOrg.objects.create(
            name="A社区党支部", kind="branch", territory=tree["community_a"], secretary_name="张建国"
        ),
        "b": PartyOrg.objects.create(
            name="B社区党支部", kind="branch", territory=tree["community_b"], secretary_name="李秀英"
        ),
        "v": PartyOrg.objects.create(
            name="甲村党支部", kind="branch", territory=tree["village_a"], secretary_name="王德福"
        ),
        # A 党小组 is not assessed by a branch scheme.
        "g": PartyOrg.objects.create(name="A一组", kind="group", territory=tree["community_a"]),
    }


def make_scheme(code="test-branch", kind=SubjectKind.BRANCH, period_kind="year", **kw) -> Scheme:
    scheme = Scheme.objects.create(
        code=code,
        name=kw.pop("name", "测试支部考评"),
        subject_kind=kind,
        period_kind=period_kind,
        org_kinds=["branch"],
        territory_level="community",
        **kw,
    )
    return scheme


@pytest.fixture
def scheme(tree, orgs, fake_figures):
    """The scheme the hand-computed test checks: linear, deduction, veto, manual thresholds; bands 30/25/20/10."""
    s = make_scheme()
    v = SchemeVersion.objects.create(scheme=s, number=1)
    Indicator.objects.create(
        version=v,
        order=1,
        code="resolution",
        name="办结率",
        weight=Decimal(10),
        source="figure",
        figure_key=f"{AREA}.resolution",
        rule="linear",
        target=95,
        floor=80,
        no_data_points=Decimal(5),
    )
    Indicator.objects.create(
        version=v,
        order=2,
        code="overdue",
        name="超期件数",
        weight=Decimal(5),
        source="figure",
        figure_key=f"{AREA}.overdue",
        rule="deduction",
        per_unit=0.5,
    )
    Indicator.objects.create(
        version=v,
        order=3,
        code="incidents",
        name="重大事件",
        weight=Decimal(0),
        source="figure",
        figure_key=f"{AREA}.incidents",
        rule="veto",
        floor=0,
    )
    Indicator.objects.create(
        version=v,
        order=4,
        code="life",
        name="组织生活",
        weight=Decimal(20),
        source="manual",
        rule="thresholds",
        thresholds=[[90, 20], [80, 15], [60, 10]],
    )
    for code, label, low in [
        ("5", "五星", 30),
        ("4", "四星", 25),
        ("3", "三星", 20),
        ("2", "二星", 10),
        ("1", "一星", 0),
    ]:
        Grade.objects.create(version=v, code=code, label=label, min_score=Decimal(low))
    t = tree
    fake_figures.values = {
        t["community_a"].pk: {
            f"{AREA}.resolution": Value(0.931, 27, 29),
            f"{AREA}.overdue": Value(3),
            f"{AREA}.incidents": Value(0),
        },
        t["community_b"].pk: {
            f"{AREA}.resolution": Value(0.7, 35, 50),
            f"{AREA}.overdue": Value(0),
            f"{AREA}.incidents": Value(1),
        },
        t["village_a"].pk: {
            f"{AREA}.resolution": Value(0.75, 3, 4),
            f"{AREA}.overdue": Value(2),
            f"{AREA}.incidents": Value(0),
        },
    }
    return s


@pytest.fixture
def cast(tree):
    return {
        "city": user_with_role(Role.CITY_ADMIN, tree["city"], username="city"),
        "street_a": user_with_role(Role.STREET_OFFICIAL, tree["street_a"], username="street_a"),
        "street_b": user_with_role(Role.STREET_OFFICIAL, tree["street_b"], username="street_b"),
        "district_a": user_with_role(Role.DISTRICT_OFFICIAL, tree["district_a"], username="district_a"),
        "secretary_a": user_with_role(Role.BRANCH_SECRETARY, tree["community_a"], username="secretary_a"),
        "worker_a": user_with_role(Role.COMMUNITY_WORKER, tree["community_a"], username="worker_a"),
        "resident": user_with_role(Role.RESIDENT, tree["household_a"], username="resident"),
    }
