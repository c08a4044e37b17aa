"""The public board is for the residents of its territory; a secret ballot cannot be traced to a voter."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from rest_framework.test import APIClient

from gongzhi.core.errors import Conflict, PermissionDenied, ValidationFailed
from gongzhi.deliberation import board, meetings, voting
from gongzhi.deliberation.models import Ballot, BallotCast, Publication
from gongzhi.deliberation.models.meetings import Presence, RollSource
from gongzhi.deliberation.services import topic_raise
from gongzhi.people.tests.factories import UserFactory


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def notice(town):
    return board.publication_publish(
        actor=town["worker"],
        territory=town["tree"]["community_a"],
        kind="resolution",
        title="关于小区停车收费的决议",
        body="经居民议事会表决通过，每月100元。",
    )


def test_a_resident_of_another_community_cannot_see_the_board(town, notice):
    url = f"/api/v1/publications/{notice.pk}/"
    assert api(town["resident"]).get(url).status_code == 200
    assert api(town["worker"]).get(url).status_code == 200
    assert api(town["outsider"]).get(url).status_code == 404
    assert api(town["official_b"]).get(url).status_code == 404
    assert api(town["outsider"]).get("/api/v1/publications/").json()["count"] == 0
    assert api(town["resident"]).get("/api/v1/publications/").json()["count"] == 1
    client = APIClient()
    client.force_login(town["outsider"])
    assert client.get(f"/deliberation/board/{notice.pk}/").status_code == 404


def test_only_residents_of_the_territory_comment_and_rate(town, notice):
    with pytest.raises(PermissionDenied):
        board.publication_comment(actor=town["worker"], publication_id=notice.pk, text="工作人员")
    response = api(town["outsider"]).post(
        f"/api/v1/publications/{notice.pk}/comments/", {"text": "x"}, format="json"
    )
    assert response.status_code == 404
    response = api(town["resident"]).post(
        f"/api/v1/publications/{notice.pk}/comments/", {"text": "同意", "rating": 4}, format="json"
    )
    assert response.status_code == 200
    assert response.json()[0]["author"] == "赵*"
    with pytest.raises(ValidationFailed, match="1 到 5"):
        board.publication_comment(actor=town["resident"], publication_id=notice.pk, rating=6)


def test_a_correction_is_a_new_dated_version_and_the_old_one_is_kept(town, notice):
    new = board.publication_correct(
        actor=town["worker"], publication_id=notice.pk, body="每月80元。", reason="金额笔误"
    )
    notice.refresh_from_db()
    assert notice.body == "经居民议事会表决通过，每月100元。"  # untouched
    assert notice.superseded_at is not None
    assert (new.version, new.corrects_id, new.correction_reason) == (2, notice.pk, "金额笔误")
    assert new.display_until >= new.published_at + dt.timedelta(days=7)
    with pytest.raises(Conflict, match="已被更正"):
        board.publication_correct(actor=town["worker"], publication_id=notice.pk, body="再改", reason="x")
    listed = api(town["resident"]).get("/api/v1/publications/").json()["results"]
    assert [p["version"] for p in listed] == [2]
    everything = api(town["resident"]).get("/api/v1/publications/?all_versions=1").json()["results"]
    assert sorted(p["version"] for p in everything) == [1, 2]
    # There is no way to edit a notice through the API
    assert (
        api(town["worker"]).patch(f"/api/v1/publications/{new.pk}/", {"body": "x"}, format="json").status_code
        == 405
    )


def test_a_notice_stays_up_for_its_minimum_period(town):
    with pytest.raises(ValidationFailed, match="不得少于 7 天"):
        board.publication_publish(
            actor=town["worker"],
            territory=town["tree"]["community_a"],
            kind="result",
            title="t",
            body="b",
            display_days=3,
        )
    with pytest.raises(PermissionDenied):
        board.publication_publish(
            actor=town["resident"], territory=town["tree"]["community_a"], kind="notice", title="t", body="b"
        )


@pytest.fixture
def secret_vote(town):
    """Given a council meeting with five present members, three of whom vote by themselves in secret."""
    worker = town["worker"]
    topic = topic_raise(actor=worker, territory=town["tree"]["grid_a"], title="公共收益使用", text="")
    meeting = meetings.meeting_create(
        actor=worker,
        territory=town["tree"]["grid_a"],
        body="council",
        title="议事会",
        scheduled_at=dt.datetime(2026, 5, 4, 9, tzinfo=dt.UTC),
        council_id=town["council"].pk,
        topic_ids=[topic.pk],
    )
    meetings.meeting_draw_roll(actor=worker, meeting_id=meeting.pk, source=RollSource.COUNCIL)
    roll = list(meeting.roll.order_by("id"))
    meetings.attendance_mark(
        actor=worker, meeting_id=meeting.pk, statuses={a.pk: Presence.PRESENT for a in roll}
    )
    voters = []
    for a in roll[:3]:
        user = UserFactory(display_name=a.name)
        meeting.roll.filter(pk=a.pk).update(user=user)
        voters.append((a, user))
    vote = voting.vote_open(actor=worker, meeting_id=meeting.pk, topic_id=topic.pk, secret=True)
    return {"vote": vote, "voters": voters, "roll": roll, "topic": topic}


def test_a_secret_ballot_cannot_be_traced_to_its_voter(town, secret_vote):
    vote, voters = secret_vote["vote"], secret_vote["voters"]
    choices = ["for", "against", "for"]
    for (attendance, user), choice in zip(voters, choices, strict=True):
        voting.vote_cast(actor=user, vote_id=vote.pk, attendance_id=attendance.pk, choice=choice)
    # The clerk may not cast for someone in a secret vote, and nobody votes twice
    with pytest.raises(PermissionDenied, match="本人"):
        voting.vote_cast(
            actor=town["worker"], vote_id=vote.pk, attendance_id=secret_vote["roll"][4].pk, choice="for"
        )
    with pytest.raises(Conflict, match="已经投过票"):
        voting.vote_cast(actor=voters[0][1], vote_id=vote.pk, attendance_id=voters[0][0].pk, choice="against")
    # While open, nobody sees a running count
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert api(superuser).get(f"/api/v1/votes/{vote.pk}/").json()["counts"] is None
    voting.vote_close(actor=town["worker"], vote_id=vote.pk)
    # The ballots carry no voter, no time and a random key; the "has voted" rows carry no choice
    assert set(Ballot.objects.filter(vote=vote).values_list("voter", flat=True)) == {None}
    ballot_fields = {f.name for f in Ballot._meta.get_fields()}
    assert ballot_fields == {"id", "vote", "choice", "voter"}
    assert {f.name for f in BallotCast._meta.get_fields()} == {"id", "vote", "attendance"}
    assert Ballot._meta.pk.get_internal_type() == "UUIDField"
    # No history of ballots or casts, and neither is in the back office
    labels = {m._meta.model_name for m in apps.get_app_config("deliberation").get_models()}
    assert not {"historicalballot", "historicalballotcast", "historicalvote"} & labels
    assert Ballot not in admin.site._registry and BallotCast not in admin.site._registry
    # Even a superuser gets the tallies and nothing per person
    body = api(superuser).get(f"/api/v1/votes/{vote.pk}/").json()
    assert body["counts"]["for"] == 2 and body["counts"]["against"] == 1
    assert body["ballots"] is None
    # The minutes workbook names the voters of open votes only
    client = APIClient()
    client.force_login(superuser)
    response = client.get(f"/deliberation/meetings/{vote.meeting_id}/export.xlsx")
    assert response.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(response.content))
    cells = {
        str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None
    }
    assert "无记名" in "".join(cells)
    assert not any(c.startswith(v[0].name) and ("赞成" in c or "反对" in c) for c in cells for v in voters)


def test_an_open_vote_lists_who_voted_what_once_closed(town, secret_vote):
    meeting_id = secret_vote["vote"].meeting_id
    vote = voting.vote_open(actor=town["worker"], meeting_id=meeting_id, motion="同意增补议事会成员")
    for a in secret_vote["roll"]:
        voting.vote_cast(actor=town["worker"], vote_id=vote.pk, attendance_id=a.pk, choice="for")
    voting.vote_close(actor=town["worker"], vote_id=vote.pk)
    body = api(town["worker"]).get(f"/api/v1/votes/{vote.pk}/").json()
    assert len(body["ballots"]) == 5 and body["outcome"] == "passed"


def test_attendance_is_frozen_once_a_vote_is_counted(town, secret_vote):
    voting.vote_close(actor=town["worker"], vote_id=secret_vote["vote"].pk)
    with pytest.raises(Conflict, match="不能再改"):
        meetings.attendance_mark(
            actor=town["worker"],
            meeting_id=secret_vote["vote"].meeting_id,
            statuses={secret_vote["roll"][0].pk: Presence.ABSENT},
        )
    assert Publication.objects.count() == 0


@pytest.mark.django_db
def test_a_resident_sees_no_figures_tab_they_could_not_open_and_staff_do(client, town):
    figures = reverse("deliberation:figures")
    client.force_login(town["resident"])
    html = client.get(reverse("deliberation:board")).content.decode()
    assert f'href="{figures}"' not in html and client.get(figures).status_code == 403
    client.force_login(town["worker"])
    html = client.get(reverse("deliberation:board")).content.decode()
    assert f'href="{figures}"' in html and client.get(figures).status_code == 200
