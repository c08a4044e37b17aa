"""Reads: stored labels, what people categorized on the platform, and classifier versions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max

from gongzhi.demands.models import HUMAN_SOURCES, CategorySource, Demand
from gongzhi.demands.routing import category_for
from gongzhi.dispatch import registry
from gongzhi.dispatch.models import Label


def label_rows() -> list[tuple[str, str]]:
    """Return (text, label) of every stored label, oldest first."""
    return list(Label.objects.order_by("created_at", "id").values_list("text", "label"))


def classifier_versions() -> list[dict]:
    return registry.versions()


@dataclass(frozen=True)
class TrainingRow:
    text: str  # title and text, raw, as intake classifies them
    label: str  # a category code
    at: dt.datetime
    demand_id: int | None = None
    label_id: int | None = None


@dataclass(frozen=True)
class Marks:
    """How far the platform's data went when a version was trained: later rows are new."""

    demand_id: int = 0
    label_id: int = 0

    @classmethod
    def now(cls) -> Marks:
        return cls(
            Demand.objects.order_by().aggregate(m=Max("id"))["m"] or 0,
            Label.objects.order_by().aggregate(m=Max("id"))["m"] or 0,
        )

    @classmethod
    def of(cls, metadata: dict) -> Marks | None:
        marks = (metadata.get("training_data") or {}).get("marks")
        return cls(int(marks["demand_id"]), int(marks["label_id"])) if marks else None

    def as_dict(self) -> dict:
        return {"demand_id": self.demand_id, "label_id": self.label_id}


def platform_rows(*, limit: int | None = None) -> list[TrainingRow]:
    """Return what people categorized, newest first: demands and stored labels, as category codes.

    A demand counts when a person chose or confirmed its category (its reporter, or the
    front desk in triage or on correction). A stored label counts when it names an active
    category by code or name; one with the same text as such a demand (the label its
    triage left) is left out, so no text is counted twice.
    """
    demands = (
        Demand.objects.filter(category__isnull=False, category_source__in=HUMAN_SOURCES)
        .order_by("-id")
        .values_list("id", "title", "text", "category__code", "created_at")
    )
    rows = [
        TrainingRow(f"{title} {text}".strip(), code, at, demand_id=pk)
        for pk, title, text, code, at in (demands[:limit] if limit else demands)
    ]
    seen = {r.text for r in rows}
    labels = Label.objects.order_by("-id").values_list("id", "text", "label", "created_at")
    for pk, text, label, at in labels[:limit] if limit else labels:
        category = category_for(label)
        text = text.strip()
        if category is not None and text not in seen:
            seen.add(text)
            rows.append(TrainingRow(text, category.code, at, label_id=pk))
    rows.sort(key=lambda r: r.at, reverse=True)
    return rows[:limit] if limit else rows


def new_human_labels(*, since: Marks) -> int:
    """Count the labels people gave after `since`: stored labels, and demands categorized by their reporter.

    Every choice in triage and every correction of the classifier is a stored label, so the
    front desk's work is counted there and not again through its demand.
    """
    labels = Label.objects.filter(pk__gt=since.label_id).count()
    demands = Demand.objects.filter(
        pk__gt=since.demand_id, category__isnull=False, category_source=CategorySource.REPORTER
    ).count()
    return labels + demands
