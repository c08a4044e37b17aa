"""Periodic retraining: only when enough new labels arrived, never worse than what answers today, one at a time."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from gongzhi.demands.models import Category
from gongzhi.demands.routing import forget
from gongzhi.dispatch import registry, retraining
from gongzhi.dispatch.models import Label
from gongzhi.dispatch.services import label_record
from gongzhi.dispatch.tests.labelled import sample
from gongzhi.people.roles import Role
from gongzhi.people.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(settings, data_dir, tree):
    settings.GONGZHI_RETRAIN_MIN_NEW = 20
    settings.GONGZHI_RETRAIN_MIN_HOURS = 24
    settings.GONGZHI_RETRAIN_HOLDOUT = 0.25
    # Categories without keywords: before the first model nothing answers, so a trained candidate wins.
    Category.objects.update(keywords=[])
    forget()  # the routing cache of the categories
    return user_with_role(Role.COMMUNITY_WORKER, tree["community_a"])


def label(worker, rows):
    for text, code in rows:
        label_record(actor=worker, text=text, label=code)


def versions() -> list[dict]:
    return registry.versions()


def test_nothing_happens_without_enough_new_labels(setup):
    label(setup, sample(7)[:19])

    result = retraining.retrain_if_due()

    assert result["status"] == "not_due" and result["new"] == 19 and result["needed"] == 20
    assert versions() == []


def test_enough_new_labels_train_and_activate_a_version_that_records_its_data(setup):
    label(setup, sample(12))

    result = retraining.retrain_if_due()

    assert result["status"] == "activated"
    assert registry.active_version() == result["version"]
    meta = registry.read_metadata(registry.root() / result["version"])
    data = meta["training_data"]
    assert data["source"] == "demands" and data["stored_labels"] == 36
    assert data["label_counts"] == {"property": 12, "safety": 12, "dispute_mediation": 12}
    assert data["marks"]["label_id"] == Label.objects.order_by("-pk").first().pk
    assert data["from"] <= data["to"]
    retrain = meta["retrain"]
    assert retrain["activated"] and retrain["holdout"] == 9  # a quarter of the 36 new labels
    assert retrain["active"]["version"] == "keywords"  # before any model the keyword rules answered
    assert retrain["candidate"]["macro_f1"] >= retrain["active"]["macro_f1"]

    # Right after, with enough newer labels, it waits for the day to pass; then it trains again.
    label(setup, sample(8, seed=3))
    assert retraining.retrain_if_due()["status"] == "not_due"
    later = timezone.now() + dt.timedelta(hours=25)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(retraining.timezone, "now", lambda: later)
        again = retraining.retrain_if_due()
    assert again["status"] in {"activated", "kept"} and again["new"] == 24
    assert again["active"]["version"] == result["version"]  # compared with the model it would replace


class Constant:
    """A candidate that always answers the same category: clearly worse."""

    def fit(self, X, y):
        self.label = sorted(set(y))[0]
        return self

    def predict(self, X):
        return [self.label] * len(X)


def test_a_worse_candidate_is_stored_but_the_active_model_stays(setup, monkeypatch):
    label(setup, sample(12))
    first = retraining.retrain_if_due()["version"]
    label(setup, sample(8, seed=4))
    monkeypatch.setattr(retraining, "build_model", lambda kind: Constant())
    monkeypatch.setattr(retraining, "last_training", lambda: None)  # due now, not in a day

    result = retraining.retrain_if_due()

    assert result["status"] == "kept"
    assert registry.active_version() == first
    meta = registry.read_metadata(registry.root() / result["version"])
    assert meta["retrain"]["activated"] is False
    assert "未启用" in meta["retrain"]["reason"]
    assert meta["retrain"]["candidate"]["macro_f1"] < meta["retrain"]["active"]["macro_f1"]
    assert [v["version"] for v in versions()] == [result["version"], first]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_train_one_version(setup):
    label(setup, sample(12))
    barrier = threading.Barrier(2)
    results: list[dict] = []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(retraining.retrain_if_due())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert sorted(r["status"] for r in results) in (["activated", "busy"], ["activated", "not_due"])
    assert len(versions()) == 1


def test_the_hourly_job_runs_it(setup, monkeypatch):
    from gongzhi.demands import timers
    from gongzhi.dispatch.tasks import retrain

    calls = []
    monkeypatch.setattr(retraining, "retrain_if_due", lambda: calls.append(1) or {"status": "not_due"})
    monkeypatch.setattr("gongzhi.dispatch.alerts.rises_notify", lambda: {})
    timers.hourly_jobs()
    assert retrain() == {"status": "not_due"}
    assert len(calls) == 2
