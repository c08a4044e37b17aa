import json

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from gongzhi.dispatch import registry
from gongzhi.dispatch.classify import classify, classify_many
from gongzhi.dispatch.tests.conftest import write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def trained(complaints, tmp_path_factory):
    """Train once on the sample (no CV) into a model folder shared by the tests of this module."""
    from gongzhi.dispatch.services import classifier_train

    train, test = complaints
    base = tmp_path_factory.mktemp("clf")
    train_csv = write_csv(base / "train.csv", train)
    test_csv = write_csv(base / "test.csv", test)
    folder, meta = classifier_train(input_path=train_csv, output=base / "model", run_cv=False)
    return {"folder": folder, "meta": meta, "train_csv": train_csv, "test_csv": test_csv, "test": test}


def last_json(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


def test_eval_on_unseen_messages_gives_sensible_figures_and_ends_with_json(trained, capsys):
    call_command("classifier", "eval", "--input", str(trained["test_csv"]), "--model", str(trained["folder"]))
    result = last_json(capsys.readouterr().out)
    assert {"accuracy", "macro_f1", "n", "per_label"} <= result.keys()
    assert result["n"] == len(trained["test"])
    assert result["macro_f1"] > 0.85
    assert len(result["per_label"]) == 7


def test_metadata_records_the_training_data(trained):
    meta = json.loads((trained["folder"] / registry.META_FILE).read_text(encoding="utf-8"))
    data = meta["training_data"]
    assert data["path"] == str(trained["train_csv"].resolve())
    assert len(data["sha256"]) == 64
    assert data["rows"] == sum(data["label_counts"].values())
    assert meta["params"]["C"] and meta["created_at"]


def test_raw_and_segmented_text_get_the_same_label(trained):
    loaded = registry.load(trained["folder"])
    sample = trained["test"][:60]
    segmented = classify_many([r["text"] for r in sample], loaded=loaded)
    raw = classify_many(["".join(r["text"].split()) for r in sample], loaded=loaded)
    same = sum(a.label == b.label for a, b in zip(segmented, raw, strict=True))
    assert same / len(sample) >= 0.95


def test_low_confidence_goes_to_triage(trained):
    loaded = registry.load(trained["folder"])
    label, confidence, needs_triage = classify(trained["test"][0]["text"], loaded=loaded, threshold=1.01)
    assert label and 0 < confidence <= 1 and needs_triage
    assert classify("", loaded=loaded).needs_triage


def test_versions_switch_and_switch_back(trained, data_dir, capsys):
    # Register two copies of the trained model as versions, as `train` would.
    import shutil

    for v in ("20260101-000000", "20260102-000000"):
        shutil.copytree(trained["folder"], registry.root() / v)
    call_command("classifier", "activate", "20260101-000000")
    call_command("classifier", "activate", "20260102-000000")
    assert registry.active_version() == "20260102-000000"
    assert registry.active_record()["previous"] == "20260101-000000"
    call_command("classifier", "activate", "20260101-000000")
    assert registry.active_version() == "20260101-000000"
    assert classify(trained["test"][0]["text"]).source == "model:20260101-000000"
    call_command("classifier", "list")
    out = capsys.readouterr().out
    assert "* 20260101-000000" in out and "  20260102-000000" in out
    with pytest.raises(CommandError, match="没有模型版本"):
        call_command("classifier", "activate", "../etc")


def test_without_a_model_keyword_rules_answer(data_dir):
    s = classify("小区物业不管电梯，业委会也联系不上")
    assert s.label == "property" and s.source == "keywords"  # the taxonomy's keywords, by category code
    assert classify("今天天气不错").needs_triage


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "找不到文件"),
        ("id,text\n1,你好\n", "缺少列"),
        ("id,text,label\n", "没有数据行"),
        ("id,text,label\n1,,教育文体\n", "第 2 行"),
    ],
)
def test_bad_input_file_is_a_one_line_chinese_error(data_dir, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message) as exc:
        call_command("classifier", "train", "--input", str(path), "--no-cv")
    assert "\n" not in str(exc.value)


def test_bad_input_exits_non_zero(data_dir, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        ManagementUtility(["gongzhi", "classifier", "eval", "--input", str(tmp_path / "none.csv")]).execute()
    assert exc.value.code != 0
    assert "找不到文件" in capsys.readouterr().err
