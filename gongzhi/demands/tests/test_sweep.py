"""The deadline sweep with a frozen clock: reminders in working time, overdue, escalation, exactly once."""

from __future__ import annotations

import pytest

from gongzhi.demands import sweep as sweep_module
from gongzhi.demands.models import DeadlineAlert, DemandEvent
from gongzhi.demands.services import demand_transition
from gongzhi.demands.sweep import sweep
from gongzhi.demands.tests.sweeping import Clock, at, dispatch_demand
from gongzhi.notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_broker(settings):
    settings.CELERY_BROKER_URL = ""
    settings.GONGZHI_NOTIFICATION_BACKENDS = ["gongzhi.notifications.backends.InboxBackend"]
    settings.GONGZHI_DEADLINE_REMINDERS = ["75%", "1h"]
    settings.GONGZHI_ESCALATE_AFTER_HOURS = 7


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, at(2026, 9, 30, 16))


@pytest.fixture
def run(clock, django_capture_on_commit_callbacks):
    """Sweep at a moment, sending the notices the way a commit would."""

    def go(moment):
        clock.set(moment)
        with django_capture_on_commit_callbacks(execute=True):
            return sweep()

    return go


def inbox(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("id").values_list("title", flat=True))


def test_reminders_count_working_hours_across_the_national_day_holiday(cast, clock, run):
    # Given a 7-working-hour deadline set on 30 Sep 16:00: 1.5 h that day, then the holiday, due 8 Oct 16:00.
    demand = dispatch_demand(cast, hours=7)
    assert demand.due_at == at(2026, 10, 8, 16)

    # 75% of the calendar time is 6 Oct, inside the holiday: nothing goes out until 8 Oct.
    assert run(at(2026, 9, 30, 17)).planned == 1
    run(at(2026, 10, 7, 23))
    run(at(2026, 10, 8, 14, 14))
    assert inbox(cast["worker1"]) == []

    # 75% of 7 working hours is 5.25 h: 1.5 h on 30 Sep, 3 h on the morning of 8 Oct, 0.75 h after lunch.
    report = run(at(2026, 10, 8, 14, 15))
    assert report.fired[("remind", "sent")] == 1
    assert inbox(cast["worker1"]) == ["诉求即将到期（10月08日 16:00）"]
    assert inbox(cast["worker2"]) == ["诉求即将到期（10月08日 16:00）"]  # not claimed: every member hears

    # One working hour before the due time.
    run(at(2026, 10, 8, 14, 59))
    assert len(inbox(cast["worker1"])) == 1
    run(at(2026, 10, 8, 15))
    assert len(inbox(cast["worker1"])) == 2
    assert inbox(cast["desk"]) == []  # the front desk hears of overdue work only


def test_a_claimed_demand_reminds_only_the_person_who_claimed_it(cast, clock, run):
    demand = dispatch_demand(cast, hours=7)
    demand_transition(actor=cast["worker2"], demand_id=demand.pk, action="claim")

    run(at(2026, 10, 8, 15))

    assert len(inbox(cast["worker2"])) == 2
    assert inbox(cast["worker1"]) == []


def test_overdue_is_marked_once_with_an_event_and_the_front_desk_hears(cast, clock, run):
    demand = dispatch_demand(cast, hours=7)
    run(at(2026, 9, 30, 17))

    report = run(at(2026, 10, 8, 16))

    assert report.fired[("overdue", "sent")] == 1
    event = DemandEvent.objects.get(demand=demand, action="overdue")
    assert (event.actor, event.from_state, event.to_state) == (None, "dispatched", "dispatched")
    assert "诉求已超期（期限 10月08日 16:00）" in inbox(cast["desk"])
    assert "诉求已超期（期限 10月08日 16:00）" in inbox(cast["worker1"])
    assert inbox(cast["outsider"]) == []  # another community's front desk does not


def test_reminders_that_missed_their_time_are_not_sent_after_the_deadline(cast, clock, run):
    dispatch_demand(cast, hours=7)

    report = run(at(2026, 10, 8, 16, 30))  # the server was down all day

    assert report.fired[("remind", "late")] == 2
    assert report.fired[("overdue", "sent")] == 1
    assert inbox(cast["worker1"]) == ["诉求已超期（期限 10月08日 16:00）"]


def test_long_overdue_work_is_escalated_to_the_street_and_supervised(cast, clock, run):
    demand = dispatch_demand(cast, hours=7)
    run(at(2026, 10, 8, 16))

    run(at(2026, 10, 9, 15, 59))
    assert not DemandEvent.objects.filter(demand=demand, action="overdue_escalate").exists()
    # 7 working hours after 8 Oct 16:00: 1.5 h that day, then 9 Oct 9:00–12:00 and 13:30–16:00.
    report = run(at(2026, 10, 9, 16))

    assert report.fired[("escalate", "sent")] == 1
    demand.refresh_from_db()
    assert demand.supervised is True
    assert demand.state == "dispatched"  # the workflow table still owns the state
    assert inbox(cast["official"]) == [f"超期督办：诉求 #{demand.pk}"]


def test_a_resolved_demand_gets_no_more_reminders(cast, clock, run):
    demand = dispatch_demand(cast, hours=7)
    run(at(2026, 9, 30, 17))
    clock.set(at(2026, 10, 8, 10))
    demand_transition(actor=cast["worker1"], demand_id=demand.pk, action="claim")
    demand_transition(actor=cast["worker1"], demand_id=demand.pk, action="resolve", result="已更换灯泡")

    report = run(at(2026, 10, 12, 9))

    assert report.fired[("remind", "obsolete")] == 2
    # The only notice is the reporter's result (demands/notices.outcome_notify), no reminder.
    assert list(Notification.objects.values_list("kind", flat=True)) == ["demand.outcome"]
    assert not DemandEvent.objects.filter(demand=demand, action="overdue").exists()


def test_a_new_deadline_after_re_dispatch_gets_its_own_reminders(cast, clock, run):
    demand = dispatch_demand(cast, hours=7)
    run(at(2026, 10, 8, 15))  # the reminders of the first deadline
    run(at(2026, 10, 8, 16))  # and its overdue notice
    clock.set(at(2026, 10, 8, 16, 30))
    demand_transition(actor=cast["worker1"], demand_id=demand.pk, action="return", note="不归我们管")
    demand_transition(actor=cast["desk"], demand_id=demand.pk, action="dispatch", deadline_hours=7)

    run(at(2026, 10, 9, 16, 29))
    assert DemandEvent.objects.filter(demand=demand, action="overdue").count() == 1
    run(at(2026, 10, 9, 16, 30))  # 1 h on 8 Oct after 16:30, 6 h on 9 Oct

    assert DeadlineAlert.objects.filter(demand=demand).values("due_at").distinct().count() == 2
    assert DemandEvent.objects.filter(demand=demand, action="overdue").count() == 2
    assert len(inbox(cast["worker1"])) == 6  # two reminders and an overdue notice per deadline


def test_running_the_sweep_twice_sends_each_notice_once(cast, clock, run):
    dispatch_demand(cast, hours=7)
    run(at(2026, 10, 9, 16))
    before = (Notification.objects.count(), Delivery.objects.count(), DemandEvent.objects.count())

    again = run(at(2026, 10, 9, 16))
    later = run(at(2026, 10, 12, 17))

    assert before[0] > 0
    assert (Notification.objects.count(), Delivery.objects.count(), DemandEvent.objects.count()) == before
    assert sum(again.fired.values()) == sum(later.fired.values()) == 0
    assert Delivery.objects.exclude(status="sent").count() == 0


def test_a_crash_after_claiming_loses_nothing_and_the_next_run_sends_once(cast, clock, run, monkeypatch):
    first = dispatch_demand(cast, hours=7, text="楼道灯坏了")
    second = dispatch_demand(cast, hours=7, text="电梯停运三天了")
    real_notify, calls = sweep_module.notify, []

    def dies_on_the_third_notice(**kw):
        calls.append(kw["dedupe_key"])
        if len(calls) == 3:
            raise RuntimeError("worker killed")
        return real_notify(**kw)

    monkeypatch.setattr(sweep_module, "notify", dies_on_the_third_notice)
    with pytest.raises(RuntimeError):
        run(at(2026, 10, 8, 15, 30))  # both reminders of both demands are due

    # The whole claimed batch rolled back: no step recorded done, no event, nothing queued or sent.
    assert DeadlineAlert.objects.filter(done_at__isnull=False).count() == 0
    assert Delivery.objects.count() == Notification.objects.count() == 0

    monkeypatch.setattr(sweep_module, "notify", real_notify)
    run(at(2026, 10, 8, 15, 30))
    run(at(2026, 10, 8, 15, 31))
    run(at(2026, 10, 8, 16))

    for demand in (first, second):
        assert DemandEvent.objects.filter(demand=demand, action="overdue").count() == 1
        keys = Delivery.objects.filter(dedupe_key__startswith=f"demand:{demand.pk}:", user=cast["worker1"])
        assert keys.count() == 3  # 75%, 1 h before, overdue: one each
    assert Notification.objects.filter(user=cast["worker1"]).count() == 6


def test_the_reminder_times_are_configurable(cast, clock, run, settings):
    settings.GONGZHI_DEADLINE_REMINDERS = ["50%", "2h"]
    dispatch_demand(cast, hours=7)

    run(at(2026, 9, 30, 17))
    alerts = dict(DeadlineAlert.objects.values_list("kind", "fire_at"))

    # 3.5 h: 1.5 h on 30 Sep + 2 h from 8 Oct 9:00; 5 h: … 3 h to noon, then 0.5 h after lunch.
    assert alerts["remind:50%"] == at(2026, 10, 8, 11)
    assert alerts["remind:2h"] == at(2026, 10, 8, 14)
    assert alerts["overdue"] == at(2026, 10, 8, 16)


def test_sweep_command_prints_what_it_did(cast, clock, capsys):
    from django.core.management import call_command

    dispatch_demand(cast, hours=7)
    clock.set(at(2026, 10, 8, 14, 30))
    call_command("sweep")

    out = capsys.readouterr().out
    assert "到期前提醒 / reminders sent: 1" in out
    assert "新排期的期限 / deadlines planned: 1" in out
