"""The hooks demands offers to the apps above it: they answer when registered, and demands copes without them."""

from types import SimpleNamespace

import pytest

from gongzhi.demands import households, routing, suggesting, timers
from gongzhi.territory.levels import Level


@pytest.mark.django_db
def test_without_a_classifier_an_uncategorised_demand_goes_to_triage(monkeypatch):
    monkeypatch.setattr(suggesting, "_suggest", None)
    guess = routing.suggest(text="楼上漏水，物业不管")
    assert (guess.category, guess.confident) == (None, False)


@pytest.mark.django_db
def test_the_classifier_is_handed_the_taxonomy_and_its_label_names_a_category(monkeypatch):
    asked = {}

    def classifier(*, text, taxonomy):
        asked.update(text=text, taxonomy=taxonomy)
        return suggesting.Suggestion("property", 0.9, False, "model:test")

    monkeypatch.setattr(suggesting, "_suggest", classifier)
    guess = routing.suggest(text="电梯坏了")
    assert (guess.category.code, guess.confident, guess.source) == ("property", True, "model:test")
    assert asked["text"] == "电梯坏了" and "property" in asked["taxonomy"]


def test_only_a_demand_at_a_household_reaches_the_household_receivers(monkeypatch):
    heard = []
    monkeypatch.setattr(households, "_RECEIVERS", [lambda **kw: heard.append(kw["demand"])])
    at_home = SimpleNamespace(territory=SimpleNamespace(level=Level.HOUSEHOLD))
    households.recorded(actor=None, demand=at_home)
    households.recorded(actor=None, demand=SimpleNamespace(territory=SimpleNamespace(level=Level.BUILDING)))
    households.recorded(actor=None, demand=SimpleNamespace(territory=None))
    assert heard == [at_home]


def test_a_failing_hourly_job_does_not_stop_the_others(monkeypatch):
    ran = []

    def broken():
        raise RuntimeError("down")

    monkeypatch.setattr(timers, "_HOURLY", [])
    timers.register_hourly(broken)
    timers.register_hourly(lambda: ran.append("next"))
    timers.register_hourly(broken)  # registering twice runs it once
    timers.hourly_jobs()
    assert ran == ["next"] and len(timers._HOURLY) == 2
