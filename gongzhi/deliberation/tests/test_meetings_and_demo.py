"""Regular meetings and reminders, the catalogue, escalation from a demand, figures, pages and the demo."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from gongzhi.deliberation import meetings
from gongzhi.deliberation.demo import demo_build
from gongzhi.deliberation.figures import deliberation_figures
from gongzhi.deliberation.models import (
    CatalogueEntry,
    ConsultationCatalogue,
    Meeting,
    Publication,
    Reminder,
    Topic,
)
from gongzhi.deliberation.models.meetings import RollSource
from gongzhi.deliberation.selectors import catalogue_match
from gongzhi.deliberation.services import topic_raise
from gongzhi.deliberation.workflow import Procedure, Step
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role

TZ = ZoneInfo("Asia/Shanghai")


def test_four_day_meetings_are_scheduled_once_and_members_reminded_once(town):
    worker = town["worker"]
    first = dt.datetime(2026, 3, 1, 9, tzinfo=TZ)
    series = meetings.series_create(
        actor=worker, territory=town["tree"]["grid_a"], title="逢四说事", kind="four_day", first_at=first,
        council_id=town["council"].pk,
    )  # fmt: skip
    until = dt.datetime(2026, 3, 31, 23, tzinfo=TZ)
    assert meetings.meetings_schedule(series=series, until=until, now=first) == 3
    assert meetings.meetings_schedule(series=series, until=until, now=first) == 0
    days = sorted(timezone.localtime(m.scheduled_at).day for m in series.meetings.all())
    assert days == [4, 14, 24]
    # The day before the 14th, the council member with a login gets one reminder, however often it runs
    now = dt.datetime(2026, 3, 13, 10, tzinfo=TZ)
    assert meetings.reminders_send(now=now) == 1
    assert meetings.reminders_send(now=now) == 0
    reminder = Reminder.objects.get()
    assert reminder.user == town["member_user"] and "03月14日" in reminder.text
    client = Client()
    client.force_login(town["member_user"])
    assert "逢四说事" in client.get("/deliberation/inbox/").content.decode()


def test_the_roll_is_drawn_from_the_registers_without_duplicates(town):
    topic = topic_raise(actor=town["village_worker"], territory=town["village"], title="村道", text="")
    meeting = meetings.meeting_create(
        actor=town["village_worker"], territory=town["village"], body="party_members", title="党员大会",
        scheduled_at=timezone.now(), topic_ids=[topic.pk],
    )  # fmt: skip
    assert (
        meetings.meeting_draw_roll(actor=town["village_worker"], meeting_id=meeting.pk, source="party_member")
        == 4
    )
    assert (
        meetings.meeting_draw_roll(actor=town["village_worker"], meeting_id=meeting.pk, source="party_member")
        == 0
    )
    assert (
        meetings.meeting_draw_roll(
            actor=town["village_worker"], meeting_id=meeting.pk, source=RollSource.REPRESENTATIVE
        )
        == 6
    )
    assert set(meeting.roll.values_list("source", flat=True)) == {"party_member", "representative"}


def test_the_catalogue_routes_matters_into_deliberation(town):
    tree = town["tree"]
    city_cat = ConsultationCatalogue.objects.create(territory=tree["city"], name="市协商目录")
    CatalogueEntry.objects.create(
        catalogue=city_cat, title="物业", categories=["property"], keywords=["物业费"]
    )
    village_cat = ConsultationCatalogue.objects.create(territory=town["village"], name="村协商目录")
    CatalogueEntry.objects.create(
        catalogue=village_cat,
        title="集体资产",
        keywords=["发包", "物业费"],
        procedure=Procedure.FOUR_DELIBERATIONS,
        is_major=True,
    )
    assert catalogue_match(territory=tree["grid_a"], category="property").by == "category"
    assert catalogue_match(territory=tree["grid_a"], text="楼道灯坏了") is None
    assert (
        catalogue_match(territory=town["farm_house"], text="物业费怎么收").entry.title == "集体资产"
    )  # deepest wins
    topic = topic_raise(actor=town["worker"], territory=tree["community_a"], title="物业费上涨", text="")
    assert topic.catalogue_entry.title == "物业"
    client = Client()
    client.force_login(town["worker"])
    body = client.get(f"/api/v1/catalogue-match/?territory_id={tree['grid_a'].pk}&category=property").json()
    assert body["match"] and body["entry"]["title"] == "物业"
    assert client.get(f"/api/v1/catalogue-match/?territory_id={tree['grid_b'].pk}").status_code == 404


def test_an_escalated_demand_waits_for_the_decision_and_resumes(town):
    from gongzhi.deliberation.demo_escalation import escalate_and_decide
    from gongzhi.demands.workflow import State

    topic = escalate_and_decide(actor=town["worker"], community=town["tree"]["community_a"])
    assert topic.step == Step.DECIDED and topic.source_ref == f"demand:{topic.source_demand_id}"
    demand = topic.source_demand
    demand.refresh_from_db()
    assert demand.state == State.DISPATCHED
    assert "议事决定" in demand.events.order_by("-at", "-id").first().note
    assert topic.events.filter(action="demand_resume").exists()


def test_figures_per_territory_and_period(town):
    tree = town["tree"]
    demo_user = user_with_role(Role.COMMUNITY_WORKER, tree["community_a"], username="community_worker")
    demo_build(city=tree["city"], seed=7, scale=0.25, step=lambda text: None)
    today = timezone.localdate()
    figures = deliberation_figures(node=tree["city"], start=today - dt.timedelta(days=400), end=today)
    assert figures.raised == Topic.objects.count()
    assert figures.decided >= 2 and figures.implemented >= 2
    assert 1 <= figures.rating <= 5
    steps = {(r["procedure"], r["step"]) for r in figures.days_per_step}
    assert ("four_deliberations", "members_reviewed") in steps
    client = Client()
    client.force_login(demo_user)
    body = client.get(
        f"/api/v1/deliberation-figures/?territory_id={tree['community_a'].pk}&children=1"
    ).json()
    assert body["raised"] >= 6
    assert (
        client.get(f"/api/v1/deliberation-figures/?territory_id={tree['community_b'].pk}").status_code == 404
    )
    page = client.get(f"/deliberation/figures/?territory={tree['community_a'].pk}")
    assert page.status_code == 200 and "公众评分" in page.content.decode()


def test_the_demo_holds_topics_at_every_step_and_runs_once(town):
    tree = town["tree"]
    worker = user_with_role(Role.COMMUNITY_WORKER, tree["community_a"], username="community_worker")
    user_with_role(Role.COUNCIL_MEMBER, tree["grid_a"], username="council_member", display_name="议事1")
    lines: list[str] = []
    demo_build(city=tree["city"], seed=7, scale=0.25, step=lines.append)
    for procedure in Procedure.values:
        steps = set(Topic.objects.filter(procedure=procedure).values_list("step", flat=True))
        from gongzhi.deliberation.workflow import steps_of

        assert steps == {s for s, _ in steps_of(procedure)}
    escalated = Topic.objects.get(source_demand__isnull=False)
    assert escalated.step == Step.DECIDED
    assert Meeting.objects.filter(state="planned", series__isnull=False).exists()
    assert Reminder.objects.filter(user__username="council_member").exists()
    assert Publication.objects.filter(comments__rating__isnull=False).exists()
    assert (
        Publication.objects.filter(version=2).count()
        == Publication.objects.filter(superseded_at__isnull=False).count()
    )
    counts = Topic.objects.count(), Meeting.objects.count()
    demo_build(city=tree["city"], seed=7, scale=0.25, step=lines.append)
    assert (Topic.objects.count(), Meeting.objects.count()) == counts
    assert any("跳过" in line for line in lines)
    # Every page shows content to the community worker and the resident
    client = Client()
    client.force_login(worker)
    for url in [
        "/deliberation/",
        "/deliberation/meetings/",
        "/deliberation/board/",
        "/deliberation/resolutions.xlsx",
    ]:
        assert client.get(url).status_code == 200, url
    topic = Topic.objects.filter(territory=tree["community_a"]).first()
    assert client.get(f"/deliberation/topics/{topic.pk}/").status_code == 200
    meeting = Meeting.objects.filter(
        state="held", territory__path__startswith=tree["community_a"].path
    ).first()
    printed = client.get(f"/deliberation/meetings/{meeting.pk}/print/")
    assert printed.status_code == 200 and "print.css" in printed.content.decode()
    resident = Client()
    resident.force_login(town["resident"])
    board = resident.get("/deliberation/board/").content.decode()
    assert "公示" in board or "决议" in board
    outsider = Client()
    outsider.force_login(town["outsider"])
    assert "暂无公告" in outsider.get("/deliberation/board/").content.decode()


@pytest.mark.parametrize("url", ["/deliberation/", "/deliberation/board/", "/deliberation/meetings/"])
def test_pages_ask_for_a_login(url):
    assert Client().get(url).status_code == 302


def test_the_catalogue_round_trips_through_excel_and_refuses_a_bad_row(town, tmp_path):
    from gongzhi.core.errors import ImportRejected
    from gongzhi.people.importing import registry_export, registry_import_file, write_dataset

    cat = ConsultationCatalogue.objects.create(
        territory=town["tree"]["community_a"], name="A社区协商目录", year=2026
    )
    CatalogueEntry.objects.create(catalogue=cat, title="加装电梯", keywords=["加装电梯", "电梯"])
    for name in ("consultation-catalogues", "catalogue-entries"):
        path = tmp_path / f"{name}.xlsx"
        write_dataset(registry_export(actor=town["worker"], registry=name), path)
        registry_import_file(actor=town["worker"], registry=name, path=path)
    assert CatalogueEntry.objects.get().keywords == ["加装电梯", "电梯"]
    assert ConsultationCatalogue.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("协商目录,事项,议事程序\nA社区协商目录,停车,七事\n", encoding="utf-8")
    with pytest.raises(ImportRejected):
        registry_import_file(actor=town["worker"], registry="catalogue-entries", path=bad)
    assert CatalogueEntry.objects.count() == 1
