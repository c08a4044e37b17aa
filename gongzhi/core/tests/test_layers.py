"""Dependencies point one way (STYLE.md, Layout): the layers contract in pyproject.toml holds."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _lint_imports() -> str:
    # The venv's own script first: the tests may run without the venv's bin on PATH.
    beside = Path(sys.executable).with_name("lint-imports")
    return str(beside) if beside.exists() else (shutil.which("lint-imports") or "lint-imports")


def test_no_app_imports_an_app_above_it():
    run = subprocess.run(
        [_lint_imports(), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, f"lint-imports found an upward import:\n{run.stdout}\n{run.stderr}"
