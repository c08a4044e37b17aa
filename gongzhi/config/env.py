"""Read every setting that comes from the environment, in one place."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def home() -> Path:
    """Return the data folder (GONGZHI_HOME), creating it when missing."""
    raw = os.environ.get("GONGZHI_HOME")
    if raw:
        path = Path(raw).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "gongzhi"
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(data: Path) -> str:
    """Return SECRET_KEY from the environment, or one generated once and kept in the data folder."""
    value = os.environ.get("SECRET_KEY")
    if value:
        return value
    keyfile = data / "secret_key"
    if not keyfile.exists():
        keyfile.write_text(secrets.token_urlsafe(64))
        keyfile.chmod(0o600)
    return keyfile.read_text().strip()


def database_url(data: Path) -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{data / 'gongzhi.sqlite3'}"


def flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def csv(name: str, default: str = "") -> list[str]:
    return [p.strip() for p in os.environ.get(name, default).split(",") if p.strip()]


def text(name: str, default: str = "") -> str:
    return os.environ.get(name, default)
