"""Writes: record a human's label, train a classifier version, activate a version."""

from __future__ import annotations

import time
from collections import Counter
from datetime import datetime
from pathlib import Path

from django.db import transaction

from gongzhi.core.errors import PermissionDenied, ValidationFailed
from gongzhi.core.periods import TZ
from gongzhi.dispatch import registry
from gongzhi.dispatch.classify import DEFAULT_THRESHOLD, classify_many
from gongzhi.dispatch.models import Label, LabelSource
from gongzhi.dispatch.selectors import Marks, TrainingRow, label_rows, platform_rows
from gongzhi.dispatch.text import prepare
from gongzhi.dispatch.training import (
    BEST_PARAMS,
    CV_FOLDS,
    Dataset,
    build_model,
    check_trainable,
    cross_validate,
    read_dataset,
    scores,
)
from gongzhi.people.scope import is_staff_viewer


def label_record(
    *,
    actor,
    text: str,
    label: str,
    predicted_label: str = "",
    source: str = LabelSource.CORRECTION,
) -> Label:
    """Store the category a dispatcher gave a text; later training can learn from it."""
    if not is_staff_viewer(actor):
        raise PermissionDenied("只有工作人员可以标注分类。")
    text, label = (text or "").strip(), (label or "").strip()
    if not text:
        raise ValidationFailed("诉求内容不能为空。")
    if not label or len(label) > 50:
        raise ValidationFailed("分类不能为空，且不超过 50 个字。")
    if source not in LabelSource.values:
        raise ValidationFailed(f"未知的标注来源「{source}」。")
    with transaction.atomic():
        return Label.objects.create(
            text=text, label=label, predicted_label=predicted_label or "", source=source, created_by=actor
        )


def version_metadata(
    *, version: str, by: str, training_data: dict, cv: dict | None, cv_folds: int, started: float, **extra
) -> dict:
    """What a version records about itself: when, by whom, on what data, with which figures."""
    return {
        "version": version,
        "created_at": datetime.now(TZ).isoformat(timespec="seconds"),
        "created_by": by,
        "model": MODEL_NAME,
        "training_data": training_data,
        "params": {**BEST_PARAMS, "triage_threshold": DEFAULT_THRESHOLD},
        "cv": cv and {k: cv[k] for k in ("folds", "accuracy", "macro_f1", "macro_f1_folds")},
        "cv_folds": cv_folds,
        **extra,
        "train_seconds": round(time.perf_counter() - started, 1),
    }


def classifier_train(
    *,
    input_path: str | Path,
    output: str | Path | None = None,
    include_labels: bool = False,
    run_cv: bool = True,
    by: str = "",
) -> tuple[Path, dict]:
    """Train the chosen model on a CSV (plus stored labels), save it as a version and record its data.

    Without `output` the model becomes a new version in the data folder and is activated;
    with `output` it is written there and the active version is left alone.
    """
    data = read_dataset(input_path)
    texts, labels = list(data.texts), list(data.labels)
    stored = label_rows() if include_labels else []
    texts += [prepare(t) for t, _ in stored]
    labels += [lab for _, lab in stored]
    data = Dataset(data.path, texts, labels, sha256=data.sha256, extra_rows=len(stored))
    check_trainable(labels)
    started = time.perf_counter()
    cv = cross_validate(texts, labels, kind="best") if run_cv else None
    model = build_model("best").fit(texts, labels)
    version = registry.new_version() if output is None else Path(output).name
    training_data = {
        "path": data.path,
        "sha256": data.sha256,
        "rows": len(labels) - data.extra_rows,
        "stored_labels": data.extra_rows,
        "label_counts": data.label_counts,
    }
    metadata = version_metadata(
        version=version,
        by=by,
        training_data=training_data,
        cv=cv,
        cv_folds=CV_FOLDS if run_cv else 0,
        started=started,
    )
    return version_save(model=model, metadata=metadata, output=output, activate=True, by=by), metadata


MODEL_NAME = (
    "word 1-2 + char 1-3 + subject-line char 1-3-gram TF-IDF, chi² 15 %, LinearSVC, sigmoid-calibrated"
)
# Fewest rows a category needs to be learnt (and to be split into five CV folds); fewer are left out.
MIN_PER_LABEL = CV_FOLDS


def usable_rows(rows: list[TrainingRow]) -> tuple[list[TrainingRow], dict[str, int]]:
    """Leave out the categories with too few rows; refuse when fewer than two categories remain."""
    counts = Counter(r.label for r in rows)
    dropped = {k: v for k, v in counts.items() if v < MIN_PER_LABEL}
    if len(counts) - len(dropped) < 2:
        have = "、".join(f"{k} {v} 条" for k, v in counts.most_common()) or "0 条"
        raise ValidationFailed(
            f"由人工确定分类的诉求太少，无法训练：至少要有 2 个分类各 {MIN_PER_LABEL} 条（现有：{have}）"
            " / too little labelled data"
        )
    return [r for r in rows if r.label not in dropped], dropped


def platform_training_data(rows: list[TrainingRow], *, marks: Marks, dropped: dict[str, int]) -> dict:
    """Describe the platform rows a version learnt from, for its metadata."""
    times = [r.at for r in rows]
    return {
        "source": "demands",
        "rows": len(rows),
        "demands": sum(r.demand_id is not None for r in rows),
        "stored_labels": sum(r.label_id is not None for r in rows),
        "label_counts": dict(Counter(r.label for r in rows).most_common()),
        "dropped_labels": dropped,
        "from": min(times).isoformat(timespec="seconds") if times else None,
        "to": max(times).isoformat(timespec="seconds") if times else None,
        "marks": marks.as_dict(),
    }


def version_save(*, model, metadata: dict, output: str | Path | None = None, activate: bool, by: str) -> Path:
    """Store a trained model as a new version (or in `output`) and activate it when asked."""
    folder = Path(output) if output is not None else registry.root() / metadata["version"]
    registry.save(model=model, metadata=metadata, folder=folder)
    if output is None and activate:
        registry.activate(metadata["version"], by=by)
    return folder


def classifier_train_from_demands(
    *,
    limit: int | None = None,
    cv_folds: int = CV_FOLDS,
    output: str | Path | None = None,
    by: str = "",
) -> tuple[Path, dict]:
    """Train on what people categorized on the platform (no file needed), save it and activate it.

    The rows are the newest `limit` demands whose category a person set or confirmed, and the
    stored labels; categories with fewer than MIN_PER_LABEL rows are left out.
    """
    marks = Marks.now()
    rows, dropped = usable_rows(platform_rows(limit=limit))
    started = time.perf_counter()
    texts, labels = [prepare(r.text) for r in rows], [r.label for r in rows]
    cv = cross_validate(texts, labels, kind="best", folds=cv_folds) if cv_folds else None
    model = build_model("best").fit(texts, labels)
    version = registry.new_version() if output is None else Path(output).name
    training_data = {**platform_training_data(rows, marks=marks, dropped=dropped), "limit": limit}
    metadata = version_metadata(
        version=version, by=by, training_data=training_data, cv=cv, cv_folds=cv_folds, started=started
    )
    folder = version_save(model=model, metadata=metadata, output=output, activate=True, by=by)
    return folder, metadata


def classifier_evaluate(*, input_path: str | Path, model_dir: str | Path | None = None) -> dict:
    """Score a model (the given folder, else the active version) on a labelled CSV."""
    data = read_dataset(input_path)
    if model_dir is not None:
        loaded = registry.load(Path(model_dir))
    else:
        loaded = registry.load_active()
        if loaded is None:
            raise ValidationFailed("还没有启用的模型，请先训练或用 --model 指定 / no active model")
    suggestions = classify_many(data.texts, loaded=loaded)
    result = scores(data.labels, [s.label or "" for s in suggestions])
    result["model"] = loaded.version
    result["triage_share"] = round(sum(s.needs_triage for s in suggestions) / len(suggestions), 4)
    return result


def classifier_activate(*, version: str, by: str = "") -> dict:
    """Make a stored version the active one (also used to switch back)."""
    return registry.activate(version, by=by)
