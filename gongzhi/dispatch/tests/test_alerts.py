"""突增预警: each rise reaches the officials of the level above once; no rise, no alert; the demo seeds one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from gongzhi.demands.models import Demand, DemandEvent
from gongzhi.demands.tests.conftest import cast  # noqa: F401  (the demand loop's people)
from gongzhi.demands.tests.factories import HandlerFactory
from gongzhi.dispatch import demo_duplicates
from gongzhi.dispatch.alerts import rises_notify
from gongzhi.dispatch.duplicates import duplicate_candidates
from gongzhi.dispatch.hotspots import hotspots
from gongzhi.dispatch.tests.test_hotspots import put
from gongzhi.notifications.models import Delivery, Notification
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _inbox_only(settings):
    settings.CELERY_BROKER_URL = ""
    settings.GONGZHI_NOTIFICATION_BACKENDS = ["gongzhi.notifications.backends.InboxBackend"]


@pytest.fixture
def officials(cast):  # noqa: F811
    tree = cast["tree"]
    return {
        "street": cast["official"],  # street official of A街道
        "district": user_with_role(Role.DISTRICT_OFFICIAL, tree["district_a"], username="district_a"),
        "other_district": user_with_role(Role.DISTRICT_OFFICIAL, tree["district_b"], username="district_b"),
        "city": user_with_role(Role.CITY_ADMIN, tree["city"], username="city"),
    }


def inbox(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("id").values_list("title", flat=True))


def run(django_capture_on_commit_callbacks, **kw) -> dict:
    with django_capture_on_commit_callbacks(execute=True):
        return rises_notify(**kw)


def test_a_rise_reaches_the_level_above_once(cast, officials, django_capture_on_commit_callbacks):  # noqa: F811
    # Given one property demand a month in community A, then six in April.
    for month in ("2026-01", "2026-02", "2026-03"):
        put(cast["resident"], cast["tree"]["grid_a"], month, 1)
    put(cast["resident"], cast["tree"]["grid_a"], "2026-04", 6)

    first = run(django_capture_on_commit_callbacks, month="2026-04")
    again = run(django_capture_on_commit_callbacks, month="2026-04")

    # The community rose in its street, the street in its district, the district in the city.
    assert first["rises"] == 3 and first["sent"] == 3
    assert again == {**again, "rises": 3, "sent": 0, "skipped": 3, "deliveries": 0}
    assert inbox(officials["street"]) == ["突增预警：A社区「物业」本月 6 件"]
    assert inbox(officials["district"]) == ["突增预警：A街道「物业」本月 6 件"]
    assert inbox(officials["city"]) == ["突增预警：A区「物业」本月 6 件"]
    assert inbox(officials["other_district"]) == []
    note = Notification.objects.get(user=officials["street"])
    assert note.link == f"/dispatch/hotspots/?territory={cast['tree']['street_a'].pk}&month=2026-04"
    assert "1 / 1 / 1" in note.body


def test_demands_waiting_for_a_category_make_no_rise(cast, officials, django_capture_on_commit_callbacks):  # noqa: F811
    # Given six demands in April that nobody has categorised yet (they wait in triage).
    put(cast["resident"], cast["tree"]["grid_a"], "2026-04", 6)
    Demand.objects.update(category=None)

    report = run(django_capture_on_commit_callbacks, month="2026-04")

    assert report["rises"] == report["sent"] == 0
    assert hotspots(node=cast["tree"]["city"], month="2026-04")["rises"] == []


def test_no_rise_no_alert(cast, officials, django_capture_on_commit_callbacks):  # noqa: F811
    for month in ("2026-01", "2026-02", "2026-03", "2026-04"):
        put(cast["resident"], cast["tree"]["grid_a"], month, 5)  # flat: 5 < 2 × 5
    put(cast["resident"], cast["tree"]["grid_b"], "2026-04", 4)  # from nothing, but fewer than five

    report = run(django_capture_on_commit_callbacks, month="2026-04")

    assert report["rises"] == report["sent"] == 0
    assert Delivery.objects.count() == 0 and Notification.objects.count() == 0


def test_a_street_without_officials_is_watched_from_the_district(cast, django_capture_on_commit_callbacks):  # noqa: F811
    district = user_with_role(Role.DISTRICT_OFFICIAL, cast["tree"]["district_b"], username="district_b")
    put(cast["resident"], cast["tree"]["grid_b"], "2026-04", 5)

    run(django_capture_on_commit_callbacks, month="2026-04")

    assert "突增预警：B社区「物业」本月 5 件" in inbox(district)


def test_the_month_defaults_to_now(cast, officials, django_capture_on_commit_callbacks):  # noqa: F811
    put(cast["resident"], cast["tree"]["grid_a"], "2026-04", 6)
    now = timezone.make_aware(dt.datetime(2026, 4, 20, 10))

    assert run(django_capture_on_commit_callbacks, now=now)["month"] == "2026-04"
    assert run(django_capture_on_commit_callbacks, now=now + dt.timedelta(days=30))["rises"] == 0


def test_the_home_page_of_an_official_links_the_alerts(cast, officials, django_capture_on_commit_callbacks):  # noqa: F811
    put_now = timezone.localdate().strftime("%Y-%m")
    put(cast["resident"], cast["tree"]["grid_a"], put_now, 6)
    run(django_capture_on_commit_callbacks)
    client = Client()
    client.force_login(officials["street"])

    html = client.get("/").content.decode()

    assert 'id="gz-rise-alerts"' in html and "本月收到 1 条诉求突增预警" in html
    assert f"/dispatch/hotspots/?territory={cast['tree']['street_a'].pk}" in html


def test_the_demo_seed_shows_duplicates_and_a_rise_and_runs_once(cast, django_capture_on_commit_callbacks):  # noqa: F811
    # Given the demo logins on the test tree and the community's own handler.
    tree = cast["tree"]
    worker = user_with_role(Role.COMMUNITY_WORKER, tree["community_a"], username="community_worker")
    resident = cast["resident"]  # username "resident", as in the demo
    street = user_with_role(Role.STREET_OFFICIAL, tree["street_a"], username="street_official")
    HandlerFactory(name="A社区两委", kind="community", territory=tree["community_a"])
    steps: list[str] = []

    def snapshot():
        return (Demand.objects.count(), DemandEvent.objects.count(), Delivery.objects.count())

    with django_capture_on_commit_callbacks(execute=True):
        demo_duplicates.build(city=tree["city"], seed=1, scale=0.1, step=steps.append)
    after_first = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        demo_duplicates.build(city=tree["city"], seed=1, scale=0.1, step=steps.append)

    assert snapshot() == after_first
    assert "跳过" in steps[-1]
    seeded = Demand.objects.filter(idempotency_key__startswith=f"demo-dup-{tree['city'].pk}-")
    waiting = seeded.filter(state="submitted", title__in=[p[3][0][0] for p in demo_duplicates.OPEN_PAIRS])
    assert waiting.count() == len(demo_duplicates.OPEN_PAIRS)
    assert all(duplicate_candidates(actor=worker, demand=d) for d in waiting)
    assert seeded.filter(state="merged").count() == 3
    assert set(Notification.objects.filter(user=resident).values_list("kind", flat=True)) == {
        "demand.merge",
        "demand.outcome",
    }
    assert any(t.startswith("突增预警：A社区「安全防护」") for t in inbox(street))
