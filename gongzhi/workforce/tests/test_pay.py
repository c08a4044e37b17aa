"""3岗18级 pay: computed by hand, computed again to the same rows, refused without a table, scoped."""

import datetime as dt
from decimal import Decimal

import pytest

from gongzhi.assessment.schemes import COMMUNITY_WORKER_PERFORMANCE
from gongzhi.core.errors import NotFound, PermissionDenied, ValidationFailed
from gongzhi.people.tests.factories import CommunityWorkerFactory
from gongzhi.workforce.models import PayRecord, PayScale, WorkforceAudit
from gongzhi.workforce.services import pay_compute
from gongzhi.workforce.services.pay import months_in_post
from gongzhi.workforce.tests.conftest import result
from gongzhi.workforce.tests.factories import WorkerGradeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def workers(tree, post_types, pay_table):
    def make(name, community, code, grade, since):
        w = CommunityWorkerFactory(name=name, territory=tree[community])
        WorkerGradeFactory(worker=w, post_type=post_types[code], grade=grade, since=since)
        return w

    return {
        "head": make("张建国", "community_a", "head", 5, dt.date(2020, 1, 1)),
        "new": make("李婷", "community_a", "staff", 1, dt.date(2025, 7, 1)),
        "unrated": make("王芳", "community_a", "deputy", 3, dt.date(2019, 5, 1)),
        "b": make("赵强", "community_b", "staff", 2, dt.date(2018, 1, 1)),
        "future": make("钱多", "community_a", "staff", 1, dt.date(2026, 2, 1)),  # not in post in 2025
    }


def rate(w, grade, label, published=True):
    return result(code=COMMUNITY_WORKER_PERFORMANCE, period_key="2025", subject_id=w.pk, territory=w.territory,
                  name=w.name, grade=grade, label=label, published=published, score=91)  # fmt: skip


def test_months_in_post_count_the_month_of_grading():
    assert months_in_post(dt.date(2020, 1, 1), 2025) == 12
    assert months_in_post(dt.date(2025, 7, 15), 2025) == 6
    assert months_in_post(dt.date(2025, 12, 1), 2025) == 1
    assert months_in_post(dt.date(2026, 1, 1), 2025) == 0


def test_pay_is_base_times_months_plus_the_grade_coefficient_of_monthly_base(tree, staff, workers, clock):
    # given: published grades for two workers, an unpublished one for the third in B
    rate(workers["head"], "excellent", "优秀")
    rate(workers["new"], "competent", "称职")
    rate(workers["b"], "excellent", "优秀", published=False)
    # when: the city computes 2025
    run = pay_compute(actor=staff["city"], year=2025)
    # then: by hand — 正职 5 级 = 3,200 + 4 × 120 + 1,000 = 4,680 a month
    head = PayRecord.objects.get(worker=workers["head"], year=2025)
    assert (head.months, head.monthly_base, head.base_total) == (12, Decimal("4680"), Decimal("56160"))
    assert (head.performance_grade, head.coefficient, head.performance_pay) == (
        "excellent",
        3,
        Decimal("14040"),
    )
    assert head.total == Decimal("70200")
    # graded in July: six months of 3,200, and half a year of the 称职 coefficient 2
    new = PayRecord.objects.get(worker=workers["new"], year=2025)
    assert (new.months, new.base_total, new.performance_pay, new.total) == (6, 19200, 3200, 22400)
    # no published grade: base only, and the run says so
    unrated = PayRecord.objects.get(worker=workers["unrated"], year=2025)
    assert (unrated.performance_grade, unrated.performance_pay) == ("", 0)
    assert PayRecord.objects.get(worker=workers["b"]).performance_pay == 0
    assert not PayRecord.objects.filter(worker=workers["future"]).exists()
    assert (run.workers, run.created, run.updated) == (4, 4, 0)
    assert sorted(run.without_result) == ["王芳", "赵强"]
    assert run.total == sum(r.total for r in PayRecord.objects.all())
    assert WorkforceAudit.objects.get().extra["workers"] == 4


def test_computing_again_gives_the_same_rows_and_picks_up_a_grade_published_since(
    tree, staff, workers, clock
):
    rate(workers["head"], "excellent", "优秀")
    first = pay_compute(actor=staff["city"], year=2025)
    before = {r.worker_id: (r.total, r.performance_pay) for r in PayRecord.objects.all()}
    again = pay_compute(actor=staff["city"], year=2025)
    assert (again.created, again.updated, again.total) == (0, 0, first.total)  # nothing changed
    assert {r.worker_id: (r.total, r.performance_pay) for r in PayRecord.objects.all()} == before
    rate(workers["unrated"], "basic", "基本称职")  # 副职 3 级 = 3,200 + 240 + 500 = 3,940 × 1
    pay_compute(actor=staff["city"], year=2025)
    assert PayRecord.objects.get(worker=workers["unrated"]).performance_pay == Decimal("3940")
    assert PayRecord.objects.count() == 4
    assert WorkforceAudit.objects.count() == 3


def test_a_street_computes_only_its_own_workers(tree, staff, workers, clock):
    run = pay_compute(actor=staff["street_a"], year=2025, territory_id=tree["street_a"].pk)
    assert run.workers == 3
    assert set(PayRecord.objects.values_list("territory", flat=True)) == {tree["community_a"].pk}


def test_who_may_compute_pay(tree, staff, workers, clock):
    with pytest.raises(PermissionDenied):  # a community worker does not pay the colleagues
        pay_compute(actor=staff["desk_a"], year=2025, territory_id=tree["community_a"].pk)
    with pytest.raises(NotFound):  # another street's node reads as missing
        pay_compute(actor=staff["street_b"], year=2025, territory_id=tree["street_a"].pk)
    assert not PayRecord.objects.exists()


def test_without_the_years_table_nothing_is_computed_and_the_message_says_what_is_missing(
    staff, workers, clock
):
    with pytest.raises(ValidationFailed) as exc:
        pay_compute(actor=staff["city"], year=2024)
    assert "还没有 2024 年的报酬标准" in exc.value.message
    PayScale.objects.filter(post_type__code="head", grade=5).delete()  # one cell missing from 2025
    with pytest.raises(ValidationFailed) as exc:
        pay_compute(actor=staff["city"], year=2025)
    assert "2025 年报酬标准不全：A社区·社区正职 5 级" in exc.value.message
    assert not PayRecord.objects.exists()
    with pytest.raises(ValidationFailed):
        pay_compute(actor=staff["city"], year=1899)
