"""Pages and endpoints: role × scope (out of scope is 404), pay only for its people, masked phones,
Excel from every list, and list endpoints whose query count does not grow with the rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import CommunityWorkerFactory, user_with_role
from gongzhi.workforce.services import pay_compute
from gongzhi.workforce.tests.factories import PostingFactory, ReserveCandidateFactory, WorkerGradeFactory
from gongzhi.workforce.workflow import PostingKind

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGES = ["index", "workers", "pay-table", "staffing", "coverage", "postings", "training", "cards"]


@pytest.fixture
def paid(tree, staff, post_types, pay_table, clock):
    """Two graded workers in A (one with a login of their own) and one in B, their 2025 pay computed."""
    own = user_with_role(Role.COMMUNITY_WORKER, tree["community_a"], username="worker_self")
    a = CommunityWorkerFactory(name="张建国", territory=tree["community_a"], user=own, phone="13912345678")
    a2 = CommunityWorkerFactory(name="李婷", territory=tree["community_a"])
    b = CommunityWorkerFactory(name="赵强", territory=tree["community_b"])
    for w in (a, a2, b):
        WorkerGradeFactory(worker=w, post_type=post_types["staff"], grade=3, since=dt.date(2020, 1, 1))
    pay_computed = pay_compute(actor=staff["city"], year=2025)
    assert pay_computed.workers == 3
    return {"own": own, "a": a, "a2": a2, "b": b}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "who,where,status",
    [
        ("street_a", "community_a", 200),
        ("desk_a", "community_a", 200),
        ("city", "community_b", 200),
        ("street_b", "community_a", 404),  # out of scope reads as missing
        ("desk_a", "community_b", 404),
    ],
)
def test_role_by_scope(client, tree, staff, paid, page, who, where, status):
    client.force_login(staff[who])
    r = client.get(f"/workforce/{page + '/' if page != 'index' else ''}?territory={tree[where].pk}")
    assert r.status_code == status


def test_a_resident_sees_the_member_cards_and_nothing_else(client, staff, paid):
    client.force_login(staff["resident_a"])
    assert client.get("/workforce/").url == "/workforce/cards/"
    assert client.get("/workforce/cards/").status_code == 200
    for page in ("workers", "staffing", "coverage", "reserve"):
        assert client.get(f"/workforce/{page}/").status_code == 403
    assert client.get("/api/v1/workforce/workers/").status_code == 403


def test_the_reserve_pool_is_for_street_officials_and_above(client, tree, staff):
    ReserveCandidateFactory(territory=tree["community_a"], name="周敏")
    client.force_login(staff["desk_a"])
    assert client.get("/workforce/reserve/").status_code == 403
    assert "后备人才库" not in client.get("/workforce/").content.decode()  # no link to a page it may not open
    assert client.get("/api/v1/workforce/reserve-candidates/").status_code == 403
    client.force_login(staff["street_a"])
    assert "周敏" in client.get("/workforce/reserve/").content.decode()
    assert client.get("/api/v1/workforce/reserve-candidates/").json()["results"][0]["rank"] == 1
    client.force_login(staff["street_b"])
    assert "周敏" not in client.get("/workforce/reserve/").content.decode()


def test_pay_is_shown_only_to_the_worker_and_street_officials_and_above(client, tree, staff, paid):
    def pay_seen(user):
        client.force_login(user)
        rows = client.get(f"/api/v1/workforce/workers/?year=2025&territory={tree['community_a'].pk}").json()[
            "results"
        ]
        return {r["name"]: r["pay"]["total"] if r["pay"] else None for r in rows}

    total = "41280.00"  # 专职 3 级 = 3,440 × 12, no published grade
    assert pay_seen(staff["street_a"]) == {"张建国": total, "李婷": total}
    assert pay_seen(staff["district_a"]) == {"张建国": total, "李婷": total}
    assert pay_seen(paid["own"]) == {"张建国": total, "李婷": None}  # their own, not the colleague's
    assert pay_seen(staff["desk_a"]) == {"张建国": None, "李婷": None}
    client.force_login(staff["desk_a"])
    page = client.get(f"/workforce/workers/?year=2025&territory={tree['community_a'].pk}").content.decode()
    assert "41,280" not in page and "41280" not in page and "报酬和考核等次仅本人" in page
    client.force_login(paid["own"])
    assert "我的年度报酬" in client.get("/workforce/").content.decode()


def test_phones_are_masked_unless_the_role_needs_them(client, tree, staff):
    PostingFactory(kind=PostingKind.VILLAGE_POLICE, territory=tree["community_a"], phone="13912345678")
    client.force_login(staff["street_a"])  # street officials are not among the personal-data roles
    assert client.get("/api/v1/workforce/postings/").json()["results"][0]["phone"] == "139****5678"
    assert "139****5678" in client.get("/workforce/postings/").content.decode()
    client.force_login(staff["desk_a"])
    assert client.get("/api/v1/workforce/postings/").json()["results"][0]["phone"] == "13912345678"


@pytest.mark.parametrize("page", [p for p in PAGES if p != "index"] + ["reserve"])
def test_every_list_exports_to_excel(client, tree, staff, paid, page):
    client.force_login(staff["street_a"])
    r = client.get(f"/workforce/{page}/?territory={tree['street_a'].pk}&year=2025&format=xlsx")
    assert (r.status_code, r["Content-Type"]) == (200, XLSX)


@pytest.mark.parametrize("endpoint", ["workers", "postings", "coverage", "courses", "reserve-candidates"])
def test_list_endpoints_do_not_query_per_row(client, tree, staff, post_types, endpoint):
    client.force_login(staff["city"])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/api/v1/workforce/{endpoint}/?year=2025").status_code == 200
        return len(ctx.captured_queries)

    def add(n):
        for _ in range(n):
            w = CommunityWorkerFactory(territory=tree["community_a"])
            WorkerGradeFactory(worker=w, post_type=post_types["staff"])
            PostingFactory(territory=tree["village_a"])
            ReserveCandidateFactory(territory=tree["community_b"])

    add(2)
    few = count()
    add(8)
    assert count() == few


def test_out_of_scope_territory_on_the_api_is_404(client, tree, staff):
    client.force_login(staff["street_b"])
    assert client.get(f"/api/v1/workforce/workers/?territory={tree['community_a'].pk}").status_code == 404
    assert client.get(f"/api/v1/workforce/coverage/?territory={tree['community_a'].pk}").status_code == 404
