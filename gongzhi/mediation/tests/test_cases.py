"""Dispute cases: the steps, who sees the parties, the safe-household consequence, the figures, scope."""

import datetime as dt

import pytest

from gongzhi.core.errors import Conflict, NotFound, PermissionDenied
from gongzhi.core.periods import period_of
from gongzhi.mediation.models import Dispute, Mediator
from gongzhi.mediation.selectors import dispute_get, dispute_visible, mediation_figures
from gongzhi.mediation.services import dispute_register, dispute_transition
from gongzhi.mediation.workflow import State
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import UserFactory, user_with_role
from gongzhi.safety import workflow as safety
from gongzhi.safety.models import SafeHouseholdAssessment

pytestmark = pytest.mark.django_db
PARTIES = [
    {"role": "applicant", "name": "王秀英", "phone": "13912345678", "address": "A路8号1栋101室"},
    {"role": "respondent", "name": "李建国", "phone": "13887654321", "address": "A路8号1栋201室"},
]


@pytest.fixture
def cast(tree):
    mediator_user = UserFactory(username="mediator")  # a 五老 with a login and no role at all
    people = {
        "desk": user_with_role(Role.COMMUNITY_WORKER, tree["community_a"], username="desk"),
        "colleague": user_with_role(Role.COMMUNITY_WORKER, tree["community_a"], username="colleague"),
        "grid": user_with_role(Role.GRID_WORKER, tree["grid_a"], username="grid"),
        "official": user_with_role(Role.STREET_OFFICIAL, tree["street_a"], username="official"),
        "outsider": user_with_role(Role.COMMUNITY_WORKER, tree["community_b"], username="outsider"),
        "mediator_user": mediator_user,
    }
    people["mediator"] = Mediator.objects.create(
        name="陈德明", kind="five_elders", territory=tree["community_a"], user=mediator_user
    )
    people["far_mediator"] = Mediator.objects.create(
        name="周律师", kind="legal_adviser", territory=tree["community_b"]
    )
    return people


def register(cast, tree, **kw):
    kw.setdefault("kind", "neighbour")
    return dispute_register(
        actor=kw.pop("actor", cast["desk"]),
        territory_id=tree["grid_a"].pk,
        source=kw.pop("source", "walk_in"),
        summary="楼上卫生间漏水，楼下天花板发霉，双方争吵",
        parties=kw.pop("parties", PARTIES),
        **kw,
    )


def test_a_walk_in_case_is_mediated_to_an_agreement_and_closed_after_follow_up(tree, cast, clock):
    d = register(cast, tree)
    assert (d.state, d.supervisor, d.registered_by) == (State.REGISTERED, cast["desk"], cast["desk"])
    dispute_transition(actor=cast["desk"], dispute_id=d.pk, action="assign", mediator_id=cast["mediator"].pk)
    clock.advance(hours=5)
    dispute_transition(actor=cast["mediator_user"], dispute_id=d.pk, action="contact")
    dispute_transition(
        actor=cast["mediator_user"], dispute_id=d.pk, action="session", note="双方到场", place="调解室"
    )
    dispute_transition(
        actor=cast["mediator_user"], dispute_id=d.pk, action="agree", agreement="楼上修复防水，赔偿 800 元"
    )
    with pytest.raises(Conflict):
        dispute_transition(actor=cast["mediator_user"], dispute_id=d.pk, action="agree", agreement="再来一次")
    d = dispute_transition(
        actor=cast["desk"], dispute_id=d.pk, action="follow_up", note="已履行", honoured=True
    )
    assert d.state == State.CLOSED
    d = dispute_get(actor=cast["desk"], dispute_id=d.pk)
    assert [e.action for e in d.events.all()] == [
        "register",
        "assign",
        "contact",
        "session",
        "agree",
        "follow_up",
    ]
    assert d.sessions.count() == 1
    assert d.first_contact_at - d.received_at == dt.timedelta(hours=5)


def test_only_the_mediator_and_the_supervisor_see_the_parties_in_full(tree, cast, clock, client):
    d = register(cast, tree)
    dispute_transition(actor=cast["desk"], dispute_id=d.pk, action="assign", mediator_id=cast["mediator"].pk)
    url = f"/api/v1/disputes/{d.pk}/"
    seen = {}
    for who in ("desk", "mediator_user", "colleague", "official", "outsider"):
        client.force_login(cast[who])
        r = client.get(url)
        seen[who] = (r.status_code, r.json()["parties"][0]["name"] if r.status_code == 200 else None)
    assert seen == {
        "desk": (200, "王秀英"),  # supervisor: registered it
        "mediator_user": (200, "王秀英"),  # the case's mediator, even without a role
        "colleague": (200, "王**"),  # a community worker in scope who does not supervise it
        "official": (200, "王**"),
        "outsider": (404, None),  # out of scope reads like a missing case
    }
    client.force_login(cast["colleague"])
    party = client.get(url).json()["parties"][0]
    assert party["phone"] == "139****5678" and "101" not in party["address"]


def test_a_grid_worker_registers_and_the_desk_that_assigns_becomes_the_supervisor(tree, cast, clock):
    d = register(cast, tree, actor=cast["grid"])
    assert d.supervisor is None
    with pytest.raises(NotFound):  # a mediator from another community cannot be assigned
        dispute_transition(
            actor=cast["colleague"], dispute_id=d.pk, action="assign", mediator_id=cast["far_mediator"].pk
        )
    d = dispute_transition(
        actor=cast["colleague"], dispute_id=d.pk, action="assign", mediator_id=cast["mediator"].pk
    )
    assert d.supervisor == cast["colleague"]
    with pytest.raises(PermissionDenied):
        dispute_transition(actor=cast["grid"], dispute_id=d.pk, action="contact")


def test_out_of_scope_staff_and_strangers_cannot_see_or_move_a_case(tree, cast, clock):
    d = register(cast, tree)
    stranger = UserFactory(username="stranger")
    for user in (cast["outsider"], stranger):
        assert not dispute_visible(actor=user).filter(pk=d.pk).exists()
        with pytest.raises(NotFound):
            dispute_transition(actor=user, dispute_id=d.pk, action="withdraw", note="x")
    with pytest.raises(NotFound):
        dispute_register(
            actor=cast["outsider"],
            territory_id=tree["grid_a"].pk,
            source="walk_in",
            summary="x",
            parties=PARTIES,
        )


def test_a_neighbour_dispute_against_a_safe_household_takes_its_status(tree, cast, clock):
    a = SafeHouseholdAssessment.objects.create(
        household=tree["household_a"], state=safety.State.AWARDED, plaque="hung"
    )
    register(cast, tree, parties=[{**PARTIES[0], "household_id": tree["household_a"].pk}, PARTIES[1]])
    a.refresh_from_db()
    assert (a.state, a.plaque) == (safety.State.REVOKED, "withdrawn")
    # A debt dispute is not one of the five "no"s: nothing happens.
    b = SafeHouseholdAssessment.objects.create(household=tree["household_b"], state=safety.State.AWARDED)
    dispute_register(
        actor=UserFactory(username="root", is_superuser=True),
        territory_id=tree["grid_b"].pk,
        source="walk_in",
        kind="debt",
        summary="借款未还",
        parties=[{"name": "赵某", "household_id": tree["household_b"].pk}],
    )
    b.refresh_from_db()
    assert b.state == safety.State.AWARDED


def test_success_rate_and_time_to_first_contact_are_computed_per_node_and_period(tree, cast, clock):
    # Given three cases in May: one agreed (contact after 2 h), one failed (after 4 h), one still waiting.
    outcomes = [("agree", 2), ("fail", 4), (None, None)]
    for outcome, hours in outcomes:
        clock.set(2024, 5, 6, 9)
        d = register(cast, tree)
        dispute_transition(
            actor=cast["desk"], dispute_id=d.pk, action="assign", mediator_id=cast["mediator"].pk
        )
        if outcome:
            clock.advance(hours=hours)
            dispute_transition(actor=cast["mediator_user"], dispute_id=d.pk, action="contact")
            extra = {"agreement": "和解"} if outcome == "agree" else {"note": "一方拒绝"}
            dispute_transition(actor=cast["mediator_user"], dispute_id=d.pk, action=outcome, **extra)
    clock.set(2024, 6, 3)
    d = Dispute.objects.filter(state=State.FAILED).get()
    dispute_transition(
        actor=cast["mediator_user"], dispute_id=d.pk, action="refer", referral_target="micro_court"
    )
    may = mediation_figures(node=tree["community_a"], period=period_of("month", dt.date(2024, 5, 1)))
    assert (may.received, may.concluded, may.agreed, may.contacted) == (3, 2, 1, 2)
    assert may.success_rate == 0.5
    assert (may.first_contact_hours_mean, may.first_contact_hours_median) == (3.0, 3.0)
    assert may.by_source == {"walk_in": 3}
    june = mediation_figures(node=tree["community_a"], period=period_of("month", dt.date(2024, 6, 1)))
    assert (june.received, june.referred, june.concluded, june.open_now) == (0, 1, 0, 1)
    other = mediation_figures(node=tree["community_b"], period=period_of("month", dt.date(2024, 5, 1)))
    assert (other.received, other.success_rate) == (0, None)


def test_the_case_page_names_every_step_and_its_actor_in_chinese(tree, cast, clock, client):
    d = register(cast, tree)
    dispute_transition(actor=cast["desk"], dispute_id=d.pk, action="assign", mediator_id=cast["mediator"].pk)
    dispute_transition(actor=cast["desk"], dispute_id=d.pk, action="contact")
    client.force_login(cast["desk"])
    html = client.get(f"/mediation/{d.pk}/").content.decode()
    timeline = html.split('class="small gz-timeline"')[1].split("</ol>")[0]
    assert "登记" in timeline and "首次联系" in timeline and str(cast["desk"]) in timeline
    for code in ("register", "assign", "contact"):
        assert f"：<strong>{code}" not in timeline
