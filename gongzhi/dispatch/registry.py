"""Classifier versions as folders in the data folder, and which one is active.

GONGZHI_HOME/models/classifier/<version>/model.joblib + metadata.json (the folder is the setting
GONGZHI_CLASSIFIER_DIR); the active version is named in active.json there, with the one before
it, so an activation can be undone with `classifier activate <previous>`.

A process loads the active model once and keeps it: each later call only stats active.json and
loads again when that file changed (another process activated a version).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import joblib
from django.conf import settings

from gongzhi.core.errors import NotFound, ValidationFailed
from gongzhi.core.periods import TZ
from gongzhi.dispatch.compiled import compile_model

MODEL_FILE = "model.joblib"
META_FILE = "metadata.json"
ACTIVE_FILE = "active.json"
_VERSION = re.compile(r"^[0-9A-Za-z._-]{1,64}$")


def root() -> Path:
    return Path(settings.GONGZHI_CLASSIFIER_DIR)


@dataclass
class LoadedModel:
    version: str
    path: Path
    model: object
    metadata: dict


_lock = threading.Lock()
_cache: dict[str, tuple[float, LoadedModel]] = {}
# root → (active.json's stat signature, the active model or None), so intake reads no file per demand.
_active: dict[str, tuple[tuple, LoadedModel | None]] = {}


def _write_json(path: Path, data: dict) -> None:
    """Write atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
    os.replace(tmp, path)


def new_version() -> str:
    stamp = datetime.now(TZ).strftime("%Y%m%d-%H%M%S")
    version, n = stamp, 1
    while (root() / version).exists():
        n += 1
        version = f"{stamp}-{n}"
    return version


def save(*, model, metadata: dict, folder: Path) -> Path:
    """Write a model and its metadata to `folder` (created; must not hold a model yet)."""
    folder = Path(folder)
    if (folder / MODEL_FILE).exists():
        raise ValidationFailed(f"目录「{folder}」已有模型 / the folder already holds a model")
    folder.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, folder / MODEL_FILE, compress=3)
    _write_json(folder / META_FILE, metadata)
    return folder


def folder_of(version: str) -> Path:
    if not _VERSION.match(version or ""):
        raise NotFound(f"没有模型版本「{version}」/ no such version")
    folder = root() / version
    if not (folder / MODEL_FILE).is_file():
        raise NotFound(f"没有模型版本「{version}」/ no such version")
    return folder


def read_metadata(folder: Path) -> dict:
    try:
        return json.loads((Path(folder) / META_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def versions() -> list[dict]:
    """List the stored versions, newest first, with their metadata and whether each is active."""
    base = root()
    if not base.is_dir():
        return []
    current = active_version()
    out = []
    for folder in sorted(base.iterdir(), reverse=True):
        if folder.is_dir() and (folder / MODEL_FILE).is_file():
            meta = read_metadata(folder)
            out.append({"version": folder.name, "active": folder.name == current, "metadata": meta})
    return out


def active_record() -> dict:
    try:
        return json.loads((root() / ACTIVE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def active_version() -> str | None:
    version = active_record().get("version")
    if version and (root() / version / MODEL_FILE).is_file():
        return version
    return None


def activate(version: str, *, by: str = "") -> dict:
    """Make `version` the active model; remember the one it replaces."""
    folder_of(version)
    record = {
        "version": version,
        "previous": active_version(),
        "activated_at": datetime.now(TZ).isoformat(timespec="seconds"),
        "activated_by": by,
    }
    _write_json(root() / ACTIVE_FILE, record)
    return record


def load(folder: Path) -> LoadedModel:
    """Load the model in `folder`, reusing the loaded copy while the file is unchanged."""
    folder = Path(folder).resolve()
    model_path = folder / MODEL_FILE
    try:
        mtime = model_path.stat().st_mtime
    except OSError:
        raise NotFound(f"目录「{folder}」中没有模型 / no model in the folder")
    key = str(folder)
    with _lock:
        hit = _cache.get(key)
        if hit and hit[0] == mtime:
            return hit[1]
        # The saved pipeline runs as its fitted numbers (compiled.py): same answers, 1 ms a text instead of 9.
        model = compile_model(joblib.load(model_path))
        loaded = LoadedModel(folder.name, folder, model, read_metadata(folder))
        _cache[key] = (mtime, loaded)
        return loaded


def _signature(path: Path) -> tuple:
    try:
        st = path.stat()
    except OSError:
        return ()
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def load_active() -> LoadedModel | None:
    """Return the active model, loaded once per process and again only when active.json changes."""
    base = root()
    key = str(base)
    signature = _signature(base / ACTIVE_FILE)
    with _lock:
        hit = _active.get(key)
    if hit is not None and hit[0] == signature:
        return hit[1]
    version = active_version()
    loaded = load(base / version) if version else None
    with _lock:
        _active[key] = (signature, loaded)
    return loaded
