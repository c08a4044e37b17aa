"""Reads: stored labels and classifier versions."""

from __future__ import annotations

from gongzhi.dispatch import registry
from gongzhi.dispatch.models import Label


def label_rows() -> list[tuple[str, str]]:
    """Return (text, label) of every stored label, oldest first."""
    return list(Label.objects.order_by("created_at", "id").values_list("text", "label"))


def classifier_versions() -> list[dict]:
    return registry.versions()
