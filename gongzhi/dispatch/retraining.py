"""Periodic retraining: a new classifier version once enough new human labels have arrived.

Run hourly (Celery beat's `gongzhi.dispatch.retrain`, or the demo server's sweep thread); it
only acts when it is due:

- at least GONGZHI_RETRAIN_MIN_NEW new labels since the last training (stored labels, i.e.
  triage choices and corrections, and demands their reporter categorized), and
- at least GONGZHI_RETRAIN_MIN_HOURS since the last training.

"The last training" is the newest version trained on the platform's data, activated or not,
so a candidate that lost waits for more new labels instead of being retrained every hour.

The candidate learns from everything people categorized except a held-out share of the new
labels (GONGZHI_RETRAIN_HOLDOUT). The active model (or, before any, the keyword rules) never
saw those either, so both are scored on them fairly. A candidate that is not worse (macro-F1)
is trained again on all rows and activated; one that is worse is stored, not activated, and
its metadata says why.

One run at a time: a file lock in the models folder (which every worker shares, since they
load the model from it) and, on PostgreSQL, an advisory lock too, for workers on other hosts.
A run that finds the lock taken returns at once.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import random
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection
from django.utils import timezone

from gongzhi.core.errors import ValidationFailed
from gongzhi.demands.routing import category_for
from gongzhi.dispatch import registry
from gongzhi.dispatch.classify import classify_many
from gongzhi.dispatch.selectors import Marks, TrainingRow, new_human_labels, platform_rows
from gongzhi.dispatch.services import (
    MIN_PER_LABEL,
    platform_training_data,
    usable_rows,
    version_metadata,
    version_save,
)
from gongzhi.dispatch.text import prepare
from gongzhi.dispatch.training import build_model, scores

log = logging.getLogger(__name__)

LOCK_FILE = ".retrain.lock"
PG_LOCK_KEY = 0x677A636C  # "gzcl": one advisory lock key for the whole platform
HOLDOUT_SEED = 20261123
MIN_FRESH = 8  # new rows needed to hold some out for the comparison
MAX_ROWS = 100_000  # the newest rows; older ones add little and slow the hourly job down


def retrain_if_due() -> dict:
    """Train, compare and maybe activate a new version when due; return what happened."""
    with _exclusive() as got:
        if not got:
            return {"status": "busy", "reason": "另一个进程正在训练 / another worker is training"}
        result = _retrain()
    if result["status"] in {"activated", "kept"}:
        log.info("分类模型重新训练 / classifier retrained: %s", result)
    return result


@contextmanager
def _exclusive() -> Iterator[bool]:
    base = registry.root()
    base.mkdir(parents=True, exist_ok=True)
    with open(base / LOCK_FILE, "a+") as f:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            got = False
        else:
            got = True
        try:
            if not got:
                yield False
                return
            with _db_lock() as db_got:
                yield db_got
        finally:
            if got:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)


@contextmanager
def _db_lock() -> Iterator[bool]:
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_lock(%s)", [PG_LOCK_KEY])
        got = bool(cur.fetchone()[0])
    try:
        yield got
    finally:
        if got:
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_unlock(%s)", [PG_LOCK_KEY])


def last_training() -> dict | None:
    """Return the metadata of the newest version trained on the platform's data (active or not)."""
    for v in registry.versions():
        if Marks.of(v["metadata"]) is not None:
            return v["metadata"]
    return None


def _not_due(**facts) -> dict:
    return {"status": "not_due", **facts}


def _retrain() -> dict:
    now = timezone.now()
    min_new = int(settings.GONGZHI_RETRAIN_MIN_NEW)
    min_hours = float(settings.GONGZHI_RETRAIN_MIN_HOURS)
    last = last_training()
    since = Marks.of(last) if last else Marks()
    if last and last.get("created_at"):
        at = dt.datetime.fromisoformat(last["created_at"])
        if now - at < dt.timedelta(hours=min_hours):
            return _not_due(
                reason=f"上次训练于 {last['created_at']}，{min_hours:g} 小时内不再训练 / trained recently",
                last_version=last.get("version"),
            )
    new = new_human_labels(since=since)
    if new < min_new:
        return _not_due(
            reason=f"新增人工标注 {new} 条，满 {min_new} 条才训练 / not enough new labels",
            new=new,
            needed=min_new,
        )
    marks = Marks.now()
    try:
        rows, dropped = usable_rows(platform_rows(limit=MAX_ROWS))
    except ValidationFailed as exc:
        return {"status": "too_little_data", "reason": exc.message, "new": new}
    fresh = sum(_is_new(r, since) for r in rows)
    if fresh < MIN_FRESH:
        # Only rows the active model never saw compare the two fairly.
        return {
            "status": "too_little_data",
            "reason": f"可用的新标注只有 {fresh} 条，少于 {MIN_FRESH} 条，无法公平比较 / too few new rows",
            "new": new,
        }
    return _train_and_compare(rows, dropped=dropped, since=since, marks=marks, new=new)


def _is_new(row: TrainingRow, since: Marks) -> bool:
    return (row.demand_id or 0) > since.demand_id or (row.label_id or 0) > since.label_id


def holdout_indices(rows: list[TrainingRow], *, since: Marks, share: float, seed: int) -> list[int]:
    """Pick a share of the new rows, leaving every category enough rows to learn from."""
    pool = [i for i, r in enumerate(rows) if _is_new(r, since)]
    random.Random(seed).shuffle(pool)
    want = max(1, round(len(pool) * share))
    left = Counter(r.label for r in rows)
    held = []
    for i in pool:
        if len(held) >= want:
            break
        if left[rows[i].label] > MIN_PER_LABEL:
            left[rows[i].label] -= 1
            held.append(i)
    return sorted(held)


def _score_active(texts: list[str], truth: list[str]) -> dict:
    """Score what answers today (the active model, else the keyword rules), labels read as category codes."""
    loaded = registry.load_active()
    out = []
    for s in classify_many(texts, loaded=loaded):
        category = category_for(s.label)
        out.append(category.code if category else (s.label or ""))
    return {"version": loaded.version if loaded else "keywords", **_brief(scores(truth, out))}


def _brief(result: dict) -> dict:
    return {k: result[k] for k in ("accuracy", "macro_f1", "n")}


def _train_and_compare(rows: list[TrainingRow], *, dropped, since: Marks, marks: Marks, new: int) -> dict:
    started = time.perf_counter()
    share = float(settings.GONGZHI_RETRAIN_HOLDOUT)
    held = holdout_indices(rows, since=since, share=share, seed=HOLDOUT_SEED)
    if not held:
        return {
            "status": "too_little_data",
            "reason": "新标注所属的分类样本太少，留不出比较用的数据 / nothing to hold out",
            "new": new,
        }
    held_set = set(held)
    texts = [prepare(r.text) for r in rows]
    labels = [r.label for r in rows]
    train = [i for i in range(len(rows)) if i not in held_set]
    candidate = build_model("best").fit([texts[i] for i in train], [labels[i] for i in train])
    truth = [labels[i] for i in held]
    cand = _brief(scores(truth, list(candidate.predict([texts[i] for i in held]))))
    base = _score_active([rows[i].text for i in held], truth)
    activate = cand["macro_f1"] >= base["macro_f1"]
    if activate:
        reason = (
            f"留出集 macro-F1 {cand['macro_f1']} 不低于原模型（{base['version']}）的 {base['macro_f1']}，"
            "已用全部数据重新训练并启用 / not worse on the held-out labels: activated"
        )
        model = build_model("best").fit(texts, labels)
    else:
        reason = (
            f"留出集 macro-F1 {cand['macro_f1']} 低于原模型（{base['version']}）的 {base['macro_f1']}，"
            "未启用 / worse than the active model on the held-out labels: kept, not activated"
        )
        model = candidate
    version = registry.new_version()
    data = platform_training_data(rows, marks=marks, dropped=dropped)
    if not activate:
        data["held_out_rows"] = len(held)  # this model did not learn from them
    metadata = version_metadata(
        version=version,
        by="retrain",
        training_data=data,
        cv=None,
        cv_folds=0,
        started=started,
        retrain={
            "new_labels": new,
            "since": since.as_dict(),
            "holdout": len(held),
            "holdout_share": share,
            "candidate": cand,
            "active": base,
            "activated": activate,
            "reason": reason,
        },
    )
    version_save(model=model, metadata=metadata, activate=activate, by="retrain")
    return {
        "status": "activated" if activate else "kept",
        "version": version,
        "new": new,
        "rows": len(rows),
        "holdout": len(held),
        "candidate": cand,
        "active": base,
        "reason": reason,
    }
