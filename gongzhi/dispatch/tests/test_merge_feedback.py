"""Merged demands share one handling: every reporter hears of the merge and of the outcome, once."""

from __future__ import annotations

import pytest
from django.test import Client

from gongzhi.demands.services import demand_transition
from gongzhi.demands.tests.conftest import cast  # noqa: F401  (the demand loop's people)
from gongzhi.demands.tests.factories import submit
from gongzhi.notifications.models import Delivery, Notification
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

ORIGINAL = "小区门口的路灯坏了好几天，晚上黑漆漆的很不安全"
PARAPHRASE = "您好，门口那盏路灯一直不亮，晚上走路看不清，请尽快修一下"
RESULT = "已更换路灯灯头，夜间照明恢复正常"


@pytest.fixture(autouse=True)
def _inbox_only(settings):
    settings.CELERY_BROKER_URL = ""
    settings.GONGZHI_NOTIFICATION_BACKENDS = ["gongzhi.notifications.backends.InboxBackend"]


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Apply one workflow action and send its notices the way a commit would."""

    def go(actor, demand, action, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return demand_transition(actor=actor, demand_id=demand.pk, action=action, **extra)

    return go


@pytest.fixture
def pair(cast, act):  # noqa: F811
    """Given a neighbour's demand about a street light, accepted, and the resident's duplicate merged into it."""
    neighbour = user_with_role(Role.RESIDENT, cast["tree"]["household_a"], username="neighbour")
    original = submit(neighbour, cast["tree"]["grid_a"], text=ORIGINAL, category_code="property")
    duplicate = submit(cast["resident"], cast["tree"]["grid_a"], text=PARAPHRASE, category_code="property")
    act(cast["desk"], original, "accept")
    act(cast["desk"], duplicate, "merge", into_id=original.pk)
    return {"original": original, "duplicate": duplicate, "neighbour": neighbour}


def inbox(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("id").values_list("title", flat=True))


def handle(cast, act, demand, result=RESULT):  # noqa: F811
    act(cast["desk"], demand, "dispatch")
    act(cast["worker1"], demand, "claim")
    act(cast["worker1"], demand, "resolve", result=result)


def test_the_merged_reporter_hears_of_the_merge_once(cast, pair, act):  # noqa: F811
    assert inbox(cast["resident"]) == [f"您的诉求已与诉求 #{pair['original'].pk} 合并处理"]
    assert inbox(pair["neighbour"]) == []  # the original's reporter has nothing to hear yet
    note = Notification.objects.get(user=cast["resident"])
    assert note.link == f"/demands/{pair['duplicate'].pk}/"


def test_every_reporter_gets_the_result_exactly_once(cast, pair, act):  # noqa: F811
    handle(cast, act, pair["original"])
    act(pair["neighbour"], pair["original"], "follow_up", satisfaction="satisfied")
    act(cast["desk"], pair["original"], "close")

    original, duplicate = pair["original"], pair["duplicate"]
    assert inbox(pair["neighbour"]) == [f"您反映的诉求 #{original.pk} 已办结"]
    assert inbox(cast["resident"])[1:] == [f"您反映的诉求 #{duplicate.pk} 已办结（合并办理）"]
    body = Notification.objects.filter(user=cast["resident"]).order_by("id").last().body
    assert RESULT in body and f"#{original.pk}" in body
    assert Delivery.objects.filter(dedupe_key__startswith=f"demand-outcome:{original.pk}:").count() == 2


def test_a_refused_action_sends_nothing_more(cast, pair, act):  # noqa: F811
    from gongzhi.core.errors import Conflict

    handle(cast, act, pair["original"])
    before = Delivery.objects.count()
    with pytest.raises(Conflict):
        act(cast["worker1"], pair["original"], "resolve", result="再办结一次")
    assert Delivery.objects.count() == before


def test_a_new_result_after_reopening_is_sent_again(cast, pair, act):  # noqa: F811
    handle(cast, act, pair["original"])
    act(pair["neighbour"], pair["original"], "follow_up", satisfaction="dissatisfied")
    act(cast["desk"], pair["original"], "reopen", note="灯又不亮了")
    act(cast["worker1"], pair["original"], "claim")
    act(cast["worker1"], pair["original"], "resolve", result="已更换整条线路")

    titles = inbox(cast["resident"])
    assert titles.count(f"您反映的诉求 #{pair['duplicate'].pk} 已办结（合并办理）") == 2
    assert "已更换整条线路" in Notification.objects.filter(user=cast["resident"]).order_by("id").last().body


def test_a_person_who_reported_both_hears_the_result_once(cast, act):  # noqa: F811
    first = submit(cast["resident"], cast["tree"]["grid_a"], text=ORIGINAL, category_code="property")
    second = submit(cast["resident"], cast["tree"]["grid_a"], text=PARAPHRASE, category_code="property")
    act(cast["desk"], first, "accept")
    act(cast["desk"], second, "merge", into_id=first.pk)
    handle(cast, act, first)

    assert inbox(cast["resident"]) == [
        f"您的诉求已与诉求 #{first.pk} 合并处理",
        f"您反映的诉求 #{first.pk} 已办结",
    ]


def test_a_duplicate_of_a_duplicate_hears_the_result_too(cast, pair, act):  # noqa: F811
    # Given a third report merged into the (already merged) duplicate before that was merged on.
    third_reporter = user_with_role(Role.RESIDENT, cast["tree"]["household_a"], username="third")
    third = submit(third_reporter, cast["tree"]["grid_a"], text=PARAPHRASE, category_code="property")
    target = submit(cast["resident"], cast["tree"]["grid_a"], text=ORIGINAL, category_code="property")
    act(cast["desk"], third, "merge", into_id=target.pk)
    act(cast["desk"], target, "merge", into_id=pair["original"].pk)
    handle(cast, act, pair["original"])

    assert inbox(third_reporter)[-1] == f"您反映的诉求 #{third.pk} 已办结（合并办理）"


def test_merged_reporters_hear_a_refusal(cast, act):  # noqa: F811
    neighbour = user_with_role(Role.RESIDENT, cast["tree"]["household_a"], username="neighbour")
    original = submit(neighbour, cast["tree"]["grid_a"], text=ORIGINAL)
    duplicate = submit(cast["resident"], cast["tree"]["grid_a"], text=PARAPHRASE)
    act(cast["desk"], duplicate, "merge", into_id=original.pk)
    act(cast["desk"], original, "reject", note="属于供电公司产权，已告知报修电话 95598")

    assert inbox(cast["resident"])[-1] == f"您反映的诉求 #{duplicate.pk} 不予受理（合并办理）"
    assert "95598" in Notification.objects.filter(user=cast["resident"]).order_by("id").last().body
    assert inbox(neighbour) == [f"您反映的诉求 #{original.pk} 不予受理"]


def test_the_merged_reporter_sees_the_shared_outcome_on_their_pages(cast, pair, act):  # noqa: F811
    handle(cast, act, pair["original"])
    client = Client()
    client.force_login(cast["resident"])

    page = client.get(f"/demands/{pair['duplicate'].pk}/").content.decode()
    mine = client.get("/demands/mine/").content.decode()
    hidden = client.get(f"/demands/{pair['original'].pk}/")

    assert 'id="gz-shared"' in page and RESULT in page and "已办结" in page
    # The shared demand is someone else's: its number is shown, but not linked, and it stays hidden.
    assert f'href="/demands/{pair["original"].pk}/"' not in page
    assert hidden.status_code == 404
    assert f"已与诉求 #{pair['original'].pk} 合并办理" in mine and RESULT in mine
