"""The classifier in the demand loop: intake suggests, triage decides, people's choices become labels."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongzhi.demands.models import Category, CategorySource
from gongzhi.demands.queues import triage
from gongzhi.demands.services import demand_transition
from gongzhi.demands.tests.conftest import cast  # noqa: F401  (the demand loop's people)
from gongzhi.demands.tests.factories import submit
from gongzhi.demands.tests.test_pages import login
from gongzhi.dispatch import registry
from gongzhi.dispatch.classify import classify
from gongzhi.dispatch.models import Label, LabelSource
from gongzhi.dispatch.tests.labelled import activate_model, sample
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

CLEAR = "3号楼电梯又坏了，物业一直没人来修，老人上不了楼"
VAGUE = "今天去办事，想问问周末开不开门"


@pytest.fixture
def model(data_dir):
    return activate_model()


def test_a_confident_suggestion_sets_the_category_and_the_demand_routes_as_usual(cast, model):  # noqa: F811
    demand = submit(cast["resident"], cast["tree"]["grid_a"], text=CLEAR)

    assert demand.category.code == "property"
    assert demand.category_source == CategorySource.MODEL
    assert demand.suggested_category == demand.category
    assert demand.suggestion_confidence >= 0.6
    assert demand.suggestion_source == f"model:{model}"
    assert demand not in triage(actor=cast["desk"])
    demand_transition(actor=cast["desk"], demand_id=demand.pk, action="accept")
    demand = demand_transition(actor=cast["desk"], demand_id=demand.pk, action="dispatch")
    assert demand.handler == cast["handler"]  # the property rule of street A
    assert not Label.objects.exists()  # nobody corrected anything


def test_a_low_confidence_suggestion_waits_in_triage_and_the_page_shows_it(cast, model):  # noqa: F811
    demand = submit(cast["resident"], cast["tree"]["grid_a"], text=VAGUE)

    assert demand.category is None and demand.category_source == CategorySource.UNKNOWN
    assert demand.suggested_category is not None
    assert demand.suggestion_confidence < 0.6
    assert list(triage(actor=cast["desk"])) == [demand]
    page = login(cast["desk"]).get("/demands/triage/")
    html = page.content.decode()
    assert f'data-suggestion="{demand.suggested_category.code}"' in html
    assert f"系统建议分类：<strong>{demand.suggested_category.name}</strong>" in html
    assert f"置信度 {round(demand.suggestion_confidence * 100)}%" in html
    assert f"采用建议：{demand.suggested_category.name}" in html
    # The API says the same to the front desk.
    body = login(cast["desk"]).get(f"/api/v1/demands/{demand.pk}/").json()
    assert body["category"] is None and body["suggested_category"] == demand.suggested_category.code
    assert body["suggestion_confidence"] == demand.suggestion_confidence
    assert body["suggestion_source"] == f"model:{model}"
    # Someone outside the community does not see it.
    assert list(triage(actor=cast["outsider"])) == []


def test_taking_the_suggestion_in_triage_confirms_it_as_a_label(cast, model):  # noqa: F811
    demand = submit(cast["resident"], cast["tree"]["grid_a"], text=VAGUE)
    suggested = demand.suggested_category
    desk = login(cast["desk"])

    response = desk.post(
        f"/demands/{demand.pk}/act/categorize/", {"category": suggested.code, "next": "/demands/triage/"}
    )

    assert response.status_code == 302 and response["Location"] == "/demands/triage/"
    demand.refresh_from_db()
    assert (demand.category, demand.category_source) == (suggested, CategorySource.STAFF)
    label = Label.objects.get()
    assert (label.label, label.predicted_label, label.source, label.created_by) == (
        suggested.code,
        suggested.code,
        LabelSource.CONFIRMATION,
        cast["desk"],
    )
    assert label.text == VAGUE
    assert desk.get("/demands/triage/").context["rows"] == []
    event = demand.events.get(action="categorize")
    assert event.extra["category"] == suggested.code and event.extra["label_id"] == label.pk


def test_choosing_another_category_in_triage_is_a_correction(cast, model):  # noqa: F811
    demand = submit(cast["resident"], cast["tree"]["grid_a"], text=VAGUE)
    other = Category.objects.filter(active=True).exclude(pk=demand.suggested_category_id).first()

    login(cast["desk"]).post(f"/demands/{demand.pk}/act/categorize/", {"category": other.code})

    demand.refresh_from_db()
    assert demand.category == other
    label = Label.objects.get()
    assert (label.label, label.predicted_label, label.source) == (
        other.code,
        demand.suggested_category.code,
        LabelSource.CORRECTION,
    )


def test_changing_a_category_the_model_set_is_a_correction_but_a_reporters_choice_is_not(cast, model):  # noqa: F811
    by_model = submit(cast["resident"], cast["tree"]["grid_a"], text=CLEAR)
    by_reporter = submit(cast["resident"], cast["tree"]["grid_a"], text=CLEAR, category_code="property")

    demand_transition(actor=cast["desk"], demand_id=by_model.pk, action="accept", category="safety")
    demand_transition(actor=cast["desk"], demand_id=by_reporter.pk, action="categorize", category="safety")

    label = Label.objects.get()
    assert (label.label, label.predicted_label, label.source) == (
        "safety",
        "property",
        LabelSource.CORRECTION,
    )
    by_reporter.refresh_from_db()
    assert (by_reporter.category.code, by_reporter.category_source) == ("safety", CategorySource.STAFF)


def test_only_the_front_desk_may_categorize(cast, model):  # noqa: F811
    demand = submit(cast["resident"], cast["tree"]["grid_a"], text=VAGUE)
    grid_worker = user_with_role(Role.GRID_WORKER, cast["tree"]["grid_a"])

    response = login(grid_worker).post(f"/demands/{demand.pk}/act/categorize/", {"category": "property"})

    assert response.status_code == 403
    assert not Label.objects.exists()


def test_cold_start_uses_the_taxonomys_keywords(cast):  # noqa: F811
    assert registry.load_active() is None
    pets = Category.objects.create(code="pets", name="文明养犬", keywords=["遛狗", "牵绳", "犬"])

    sure = submit(cast["resident"], cast["tree"]["grid_a"], text="小区有人遛狗不牵绳，大型犬吓到孩子")
    unsure = submit(cast["resident"], cast["tree"]["grid_a"], text="楼下有人遛狗")

    assert (sure.category, sure.category_source, sure.suggestion_source) == (
        pets,
        CategorySource.KEYWORDS,
        "keywords",
    )
    # One keyword is weak evidence: the suggestion is kept, a person decides.
    assert unsure.category is None and unsure.suggested_category == pets
    assert unsure.suggestion_confidence < 0.6
    assert classify("物业不管电梯").label == "property"


def test_intake_loads_the_model_once_and_classifying_costs_no_query(cast, model, monkeypatch):  # noqa: F811
    loads = []
    real_load = registry.joblib.load
    monkeypatch.setattr(registry.joblib, "load", lambda *a, **k: loads.append(1) or real_load(*a, **k))
    registry._cache.clear()
    registry._active.clear()
    submit(cast["resident"], cast["tree"]["grid_a"], text=CLEAR)  # warm: the model, the categories

    with CaptureQueriesContext(connection) as chosen:
        submit(cast["resident"], cast["tree"]["grid_a"], text=CLEAR, category_code="property")
    with CaptureQueriesContext(connection) as classified:
        for _ in range(3):
            submit(cast["resident"], cast["tree"]["grid_a"], text=CLEAR)

    assert len(loads) == 1
    assert len(classified) <= 3 * len(chosen)
    # Activating another version is noticed without restarting.
    newer = activate_model(sample(seed=2))
    assert submit(cast["resident"], cast["tree"]["grid_a"], text=CLEAR).suggestion_source == f"model:{newer}"


def test_train_from_demands_learns_from_what_people_categorized(cast, data_dir, capsys):  # noqa: F811
    for text, code in sample(6):
        submit(cast["resident"], cast["tree"]["grid_a"], text=text, category_code=code)
    submit(cast["resident"], cast["tree"]["grid_a"], text="小区有人遛狗不牵绳")  # nobody chose: not learnt
    triaged = submit(cast["resident"], cast["tree"]["grid_a"], text="请问居住证怎么办理")
    demand_transition(actor=cast["desk"], demand_id=triaged.pk, action="categorize", category="property")

    call_command("classifier", "train", "--from-demands", "--no-cv")

    out = capsys.readouterr().out
    assert "19 件诉求 + 0 条人工标注" in out  # the triage label has the demand's text: counted once
    version = registry.active_version()
    meta = registry.read_metadata(registry.root() / version)
    data = meta["training_data"]
    assert data["source"] == "demands"
    assert data["label_counts"] == {"property": 7, "safety": 6, "dispute_mediation": 6}
    assert data["marks"]["label_id"] == Label.objects.get().pk
    assert classify(CLEAR).label == "property"


def test_train_from_demands_refuses_with_too_little_data(cast, data_dir):  # noqa: F811
    for text, code in sample(4, labels=["property", "safety"]):
        submit(cast["resident"], cast["tree"]["grid_a"], text=text, category_code=code)

    with pytest.raises(CommandError) as exc:
        call_command("classifier", "train", "--from-demands", "--no-cv")

    assert "至少要有 2 个分类各 5 条" in str(exc.value) and "\n" not in str(exc.value)
    assert registry.active_version() is None
