import csv
import random
from collections import defaultdict
from pathlib import Path

import pytest

COMPLAINTS = Path(__file__).resolve().parents[4] / "shared" / "data" / "complaints" / "train.csv"


@pytest.fixture(scope="session")
def complaints():
    """A stratified sample of the Teddy Cup messages: (train rows, test rows); read from ../shared, never copied."""
    if not COMPLAINTS.is_file():
        pytest.skip(f"{COMPLAINTS} is not available")
    by_label = defaultdict(list)
    with COMPLAINTS.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_label[row["label"]].append(row)
    rng = random.Random(5)
    train, test = [], []
    for rows in by_label.values():
        rng.shuffle(rows)
        n = len(rows) * 2200 // 7208
        train += rows[:n]
        test += rows[n : n + n // 4]
    return train, test


def write_csv(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "label"])
        for i, r in enumerate(rows, start=1):
            w.writerow([r.get("id", i), r["text"], r["label"]])
    return path


@pytest.fixture
def data_dir(settings, tmp_path):
    """Point the data folder (and so the model registry) at a fresh temporary folder."""
    settings.DATA_DIR = tmp_path / "home"
    settings.DATA_DIR.mkdir()
    settings.GONGZHI_CLASSIFIER_DIR = str(settings.DATA_DIR / "models" / "classifier")
    return settings.DATA_DIR
