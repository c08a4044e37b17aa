"""Benchmark: the demand classifier on the Teddy Cup messages (../shared/data/complaints/train.csv).

Usage: python bench/classifier.py [--input FILE] [--jobs 2]
One run prints the 5-fold stratified cross-validated accuracy and macro-F1 of
  keyword   the built-in keyword rules for the seven departments (no training)
  plain     scikit-learn TfidfVectorizer word unigrams + LinearSVC (defaults)
  word      jieba words: word 1-2-gram TF-IDF + LinearSVC (C=2, balanced)
  char      characters: char 1-3-gram TF-IDF + LinearSVC (C=2, balanced)
  union     word + char together (the model before the subject line was used)
  best      word + char + the subject line's char 1-3-grams at half weight, chi² keeps 15 %:
            the chosen model
then the throughput of the chosen (calibrated) model on one core, loaded from disk: batch and
single-text, on segmented and raw text. Last line: one JSON object.

Throughput is single-threaded (OMP/OPENBLAS/MKL threads = 1, n_jobs = 1) and counted in the
process's CPU time, so other load on the machine does not distort it; wall time is shown too.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_INPUT = ROOT.parent / "shared" / "data" / "complaints" / "train.csv"
KINDS = [
    ("keyword", "关键词规则 keyword rules"),
    ("plain", "TF-IDF 词 unigram + LinearSVC"),
    ("word", "jieba 词 1-2-gram + LinearSVC"),
    ("char", "字 char 1-3-gram + LinearSVC"),
    ("union", "词+字 word+char"),
    ("best", "词+字+主题字 + chi²（选用 chosen）"),
]


def _fold(kind, texts, labels, train, test):
    from gongzhi.dispatch.training import build_model

    model = build_model(kind, calibrated=False).fit([texts[i] for i in train], [labels[i] for i in train])
    pred = model.predict([texts[i] for i in test])
    return test, list(pred)


# A test message "nearly repeats" a training one when their character 2-3-gram TF-IDF cosine is
# at least this. The held-out split of the data set leaves such messages out, so the bench reports
# macro-F1 on the rest of each fold too.
NEAR_REPEAT = 0.8


def novel_mask(texts, splits) -> list[bool]:
    """Mark the messages that nearly repeat no message of their fold's training part."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    chars = TfidfVectorizer(analyzer="char", ngram_range=(2, 3), sublinear_tf=True)
    X = chars.fit_transform(["".join(t.split()) for t in texts])
    best = np.zeros(len(texts))
    for train, test in splits:
        best[test] = (X[test] @ X[train].T).max(axis=1).toarray().ravel()
    return list(best < NEAR_REPEAT)


def cv_table(texts, labels, jobs: int) -> dict:
    from joblib import Parallel, delayed
    from sklearn.model_selection import StratifiedKFold

    from gongzhi.dispatch.training import CV_FOLDS, CV_SEED, scores

    splits = list(StratifiedKFold(CV_FOLDS, shuffle=True, random_state=CV_SEED).split(texts, labels))
    novel = novel_mask(texts, splits)
    out = {"novel_share": round(sum(novel) / len(novel), 4)}
    for kind, _ in KINDS:
        t0 = time.perf_counter()
        runs = Parallel(n_jobs=jobs)(delayed(_fold)(kind, texts, labels, tr, te) for tr, te in splits)
        folds, novel_folds = [], []
        for test, pred in runs:
            folds.append(scores([labels[i] for i in test], pred))
            kept = [(labels[i], p) for i, p in zip(test, pred, strict=True) if novel[i]]
            novel_folds.append(scores([t for t, _ in kept], [p for _, p in kept]))
        out[kind] = {
            "accuracy": round(statistics.mean(f["accuracy"] for f in folds), 4),
            "macro_f1": round(statistics.mean(f["macro_f1"] for f in folds), 4),
            "macro_f1_sd": round(statistics.stdev(f["macro_f1"] for f in folds), 4),
            "macro_f1_novel": round(statistics.mean(f["macro_f1"] for f in novel_folds), 4),
            "seconds": round(time.perf_counter() - t0, 1),
        }
    return out


def timed(fn):
    w0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - w0, time.process_time() - c0


def throughput(texts, labels) -> dict:
    from gongzhi.dispatch import registry
    from gongzhi.dispatch.classify import classify_many
    from gongzhi.dispatch.training import build_model

    folder = Path(tempfile.mkdtemp(prefix="gz-bench-clf-")) / "model"
    _, train_wall, train_cpu = timed(lambda: build_model("best").fit(texts, labels))
    model = build_model("best").fit(texts, labels)
    registry.save(model=model, metadata={"params": {}}, folder=folder)
    loaded, load_wall, _ = timed(lambda: registry.load(folder))
    classify_many(texts[:50], loaded=loaded)  # warm up

    _, wall, cpu = timed(lambda: classify_many(texts, loaded=loaded))
    batch = {
        "texts": len(texts),
        "per_s_cpu": round(len(texts) / cpu),
        "per_s_wall": round(len(texts) / wall),
    }

    raw = ["".join(t.split()) for t in texts[:1500]]
    classify_many(raw[:20], loaded=loaded)  # loads jieba's dictionary
    _, wall, cpu = timed(lambda: classify_many(raw, loaded=loaded))
    raw_batch = {"texts": len(raw), "per_s_cpu": round(len(raw) / cpu), "per_s_wall": round(len(raw) / wall)}

    single = []
    for t in texts[:500]:
        _, _, cpu = timed(lambda t=t: classify_many([t], loaded=loaded))
        single.append(cpu * 1000)
    single.sort()
    return {
        "train_s_cpu": round(train_cpu, 1),
        "train_s_wall": round(train_wall, 1),
        "load_s": round(load_wall, 2),
        "model_mb": round((folder / registry.MODEL_FILE).stat().st_size / 1e6, 1),
        "batch": batch,
        "raw_batch": raw_batch,
        "single_ms_median": round(statistics.median(single), 2),
        "single_ms_p95": round(single[int(len(single) * 0.95)], 2),
    }


def vectorizer_speed(texts) -> dict:
    """Compare scikit-learn's character TfidfVectorizer with our numpy n-gram counter."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from gongzhi.dispatch.features import NgramCounter

    nospace = ["".join(t.split()) for t in texts]
    sk = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2).fit(nospace)
    ours = NgramCounter("char", (1, 3), 2).fit(texts)
    _, _, sk_cpu = timed(lambda: sk.transform(nospace))
    _, _, our_cpu = timed(lambda: ours.transform(texts))
    return {"sklearn_char_per_s": round(len(texts) / sk_cpu), "ours_char_per_s": round(len(texts) / our_cpu)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", default=str(DEFAULT_INPUT))
    ap.add_argument("--jobs", type=int, default=2, help="processes for the cross-validation only")
    args = ap.parse_args()
    os.environ.setdefault("GONGZHI_HOME", tempfile.mkdtemp(prefix="gz-bench-home-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.config.settings")
    import django

    django.setup()
    from gongzhi.core.console import table
    from gongzhi.dispatch.training import read_dataset

    started = time.perf_counter()
    data = read_dataset(args.input)
    texts, labels = data.texts, data.labels
    print(
        f"数据 / data: {data.path}  {len(texts)} 行, {len(data.label_counts)} 类, sha256 {data.sha256[:12]}…"
    )
    cv = cv_table(texts, labels, args.jobs)
    rows = [
        [
            title,
            cv[k]["accuracy"],
            cv[k]["macro_f1"],
            f"±{cv[k]['macro_f1_sd']}",
            cv[k]["macro_f1_novel"],
            cv[k]["seconds"],
        ]
        for k, title in KINDS
    ]
    print("\n5 折分层交叉验证 / 5-fold stratified CV")
    novel_head = f"macro-F1 无近似重复 novel ({cv['novel_share']:.1%})"
    print(table(["模型 model", "accuracy", "macro-F1", "sd(F1)", novel_head, "秒 s"], rows))
    better = "字 char n-grams" if cv["char"]["macro_f1"] > cv["word"]["macro_f1"] else "jieba 词 words"
    print(
        f"词 vs 字：{better} 更好（word {cv['word']['macro_f1']} / char {cv['char']['macro_f1']}）；合用最好"
    )

    speed = throughput(texts, labels)
    vec = vectorizer_speed(texts)
    print("\n单核吞吐 / one-core throughput（CPU 时间 / CPU time；墙钟 / wall in brackets）")
    print(
        table(
            ["场景 case", "条/秒 texts/s"],
            [
                [
                    "批量，已分词 batch, segmented",
                    f"{speed['batch']['per_s_cpu']} ({speed['batch']['per_s_wall']})",
                ],
                [
                    "批量，原文(jieba) batch, raw",
                    f"{speed['raw_batch']['per_s_cpu']} ({speed['raw_batch']['per_s_wall']})",
                ],
                ["字 n-gram：scikit-learn", vec["sklearn_char_per_s"]],
                ["字 n-gram：本项目 ours", vec["ours_char_per_s"]],
            ],
        )
    )
    print(
        f"单条延迟 / single text: median {speed['single_ms_median']} ms, p95 {speed['single_ms_p95']} ms; "
        f"训练 / train {speed['train_s_cpu']} s CPU; 加载 / load {speed['load_s']} s; 模型 {speed['model_mb']} MB"
    )
    total = time.perf_counter() - started
    print(f"总用时 / total {total:.0f} s")
    print(
        json.dumps(
            {
                "macro_f1": cv["best"]["macro_f1"],
                "accuracy": cv["best"]["accuracy"],
                "macro_f1_novel": cv["best"]["macro_f1_novel"],
                "texts_per_s_one_core": speed["batch"]["per_s_cpu"],
                "texts_per_s_one_core_wall": speed["batch"]["per_s_wall"],
                "texts_per_s_raw_one_core": speed["raw_batch"]["per_s_cpu"],
                "single_ms_median": speed["single_ms_median"],
                "single_ms_p95": speed["single_ms_p95"],
                "cv": cv,
                "n": len(texts),
                "seconds": round(total, 1),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
