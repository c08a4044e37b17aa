"""What dispatch answers through demands' hooks (suggest, learn, duplicates, hourly jobs).

DispatchConfig.ready() registers these; demands calls them and never imports dispatch. Each
imports its module on first use, which is why the imports sit inside the functions:
scikit-learn takes about two seconds to load, and every management command would pay that
at start-up.
"""

from __future__ import annotations


def suggest(*, text: str, taxonomy: dict[str, tuple[str, ...]]):
    """Suggest a category for a new demand's text, cold-starting on the taxonomy's keywords."""
    from gongzhi.dispatch.classify import classify

    return classify(text, taxonomy=taxonomy)


def learn(*, actor, text: str, label: str, predicted_label: str, agreed: bool) -> int:
    """Keep the category a person chose: a confirmation when they took the suggestion."""
    from gongzhi.dispatch.models import LabelSource
    from gongzhi.dispatch.services import label_record

    source = LabelSource.CONFIRMATION if agreed else LabelSource.CORRECTION
    return label_record(
        actor=actor, text=text, label=label, predicted_label=predicted_label, source=source
    ).pk


def merge_suggestions(*, actor, demand) -> list[dict]:
    """List the likely duplicates of a demand for its page."""
    from gongzhi.dispatch.duplicates import merge_suggestions

    return merge_suggestions(actor=actor, demand=demand)


def retrain_if_due() -> dict:
    """Retrain the classifier when enough new labels arrived (the hourly job)."""
    from gongzhi.dispatch.retraining import retrain_if_due

    return retrain_if_due()


def rises_notify() -> dict:
    """Send this month's rise alerts not sent yet (the hourly job)."""
    from gongzhi.dispatch.alerts import rises_notify

    return rises_notify()
