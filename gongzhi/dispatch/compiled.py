"""Classify with a fitted model's numbers alone, without scikit-learn's per-call checks.

The chosen model is a pipeline of seven fitted steps; scikit-learn validates and wraps every
step on every call, which costs about 9 ms for one text, far more than the arithmetic. Here the
fitted numbers (n-gram tables, idf, weights, kept columns, SVM coefficients, sigmoid calibrators)
are read out once and applied with numpy/scipy. `predict_proba` equals the pipeline's to float
precision (tested), so the pipeline stays the saved artefact and this is only how it is run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer, Normalizer

from gongzhi.dispatch.features import NgramCounter

CHUNK = 512  # texts classified together


@dataclass
class _Part:
    prepare: object  # None, or a function of the texts (the subject line)
    counter: NgramCounter
    idf: np.ndarray | None
    sublinear: bool
    weight: float
    remap: np.ndarray  # this part's column → its column among the kept ones, or -1 if dropped
    width: int  # kept columns


class CompiledModel:
    """predict_proba / predict / classes_ of a fitted "best"-shaped pipeline."""

    def __init__(self, pipeline: Pipeline):
        steps = dict(pipeline.steps)
        union: FeatureUnion = steps["features"]
        select, clf = steps.get("select"), steps["clf"]
        if not isinstance(clf, CalibratedClassifierCV) or len(clf.calibrated_classifiers_) != 1:
            raise TypeError("only a sigmoid-calibrated single linear model can be compiled")
        if "norm" in steps and not (isinstance(steps["norm"], Normalizer) and steps["norm"].norm == "l2"):
            raise TypeError("only l2 normalisation can be compiled")
        mask = select.get_support() if select is not None else None
        weights = union.transformer_weights or {}
        self.parts: list[_Part] = []
        start = 0
        for name, part in union.transformer_list:
            prepare, counter, tfidf = None, None, None
            for _, step in part.steps:
                if isinstance(step, FunctionTransformer):
                    prepare = step.func
                elif isinstance(step, NgramCounter):
                    counter = step
                elif isinstance(step, TfidfTransformer):
                    tfidf = step
                else:
                    raise TypeError(f"cannot compile step {step!r}")
            if counter is None or (tfidf is not None and tfidf.norm != "l2"):
                raise TypeError("each part must count n-grams and weigh them with l2-normalised TF-IDF")
            width = len(counter.keys_)
            kept = np.ones(width, bool) if mask is None else mask[start : start + width]
            start += width
            remap = np.full(width, -1, dtype=np.int64)
            remap[kept] = np.arange(int(kept.sum()))
            idf = tfidf.idf_ if tfidf is not None and tfidf.use_idf else None
            sublinear = bool(tfidf is not None and tfidf.sublinear_tf)
            weight = float(weights.get(name, 1.0))
            self.parts.append(_Part(prepare, counter, idf, sublinear, weight, remap, int(kept.sum())))
        self.normalise = "norm" in steps
        calibrated = clf.calibrated_classifiers_[0]
        svm = calibrated.estimator
        self.coef = np.ascontiguousarray(svm.coef_.T)  # kept features × classes
        self.intercept = svm.intercept_
        self.a = np.array([c.a_ for c in calibrated.calibrators])
        self.b = np.array([c.b_ for c in calibrated.calibrators])
        self.classes_ = clf.classes_

    def _entries(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return the kept features of every text as (doc, column, value) arrays."""
        n = len(texts)
        docs, cols, values = [], [], []
        offset = 0
        for part in self.parts:
            doc, col = part.counter.hits(part.prepare(texts) if part.prepare else texts)
            # One entry per (doc, column) with its count, as CountVectorizer would have it.
            width = len(part.remap)
            pair, count = np.unique(doc * width + col, return_counts=True)
            doc, col = pair // width, pair % width
            value = count.astype(np.float64)
            if part.sublinear:
                value = 1 + np.log(value)
            if part.idf is not None:
                value *= part.idf[col]
            norms = np.sqrt(np.bincount(doc, value * value, minlength=n))
            norms[norms == 0] = 1
            kept = part.remap[col]
            ok = kept >= 0
            docs.append(doc[ok])
            cols.append(kept[ok] + offset)
            values.append(value[ok] * (part.weight / norms[doc[ok]]))
            offset += part.width
        doc, col, value = np.concatenate(docs), np.concatenate(cols), np.concatenate(values)
        if self.normalise:
            norms = np.sqrt(np.bincount(doc, value * value, minlength=n))
            norms[norms == 0] = 1
            value = value / norms[doc]
        return doc, col, value

    def decision_function(self, texts) -> np.ndarray:
        texts = list(texts)
        if len(texts) > CHUNK:
            # Sorting a few hundred thousand n-gram keys at a time stays in cache; ten million does not.
            return np.vstack(
                [self.decision_function(texts[i : i + CHUNK]) for i in range(0, len(texts), CHUNK)]
            )
        doc, col, value = self._entries(texts)
        # Each entry adds value × its column's coefficients to its text's scores.
        n = len(texts)
        scores = np.column_stack(
            [np.bincount(doc, value * self.coef[col, k], minlength=n) for k in range(self.coef.shape[1])]
        )
        return scores.reshape(n, self.coef.shape[1]) + self.intercept

    def predict_proba(self, texts) -> np.ndarray:
        scores = self.decision_function(texts)
        proba = expit(-(self.a * scores + self.b))
        if len(self.classes_) == 2:
            # Binary: the one calibrator speaks for the positive class.
            return np.column_stack([1 - proba[:, 0], proba[:, 0]])
        total = proba.sum(axis=1, keepdims=True)
        uniform = total[:, 0] == 0
        proba[uniform] = 1 / len(self.classes_)
        total[uniform] = 1
        return proba / total

    def predict(self, texts) -> np.ndarray:
        return self.classes_[self.predict_proba(texts).argmax(axis=1)]


def compile_model(model):
    """Return a CompiledModel for a pipeline that can be compiled, else the model itself."""
    if isinstance(model, Pipeline) and "features" in model.named_steps:
        try:
            return CompiledModel(model)
        except (TypeError, AttributeError, KeyError):
            return model
    return model
