"""The compiled model answers exactly like the saved pipeline, and the registry runs it."""

from __future__ import annotations

import numpy as np
import pytest

from gongzhi.dispatch import registry
from gongzhi.dispatch.compiled import CompiledModel, compile_model
from gongzhi.dispatch.tests.labelled import sample
from gongzhi.dispatch.text import prepare
from gongzhi.dispatch.training import build_model


def _fit(rows):
    texts = [prepare(t) for t, _ in rows]
    return texts, build_model("best").fit(texts, [lab for _, lab in rows])


def test_probabilities_equal_the_pipeline_on_seen_and_unseen_text():
    texts, pipeline = _fit(sample(20, seed=3))
    unseen = [prepare(t) for t, _ in sample(6, seed=99)] + ["", prepare("完全无关的一句话")]
    compiled = CompiledModel(pipeline)
    for batch in (texts, unseen, unseen[:1]):
        assert np.allclose(compiled.predict_proba(batch), pipeline.predict_proba(batch), atol=1e-6)
    assert list(compiled.classes_) == list(pipeline.classes_)
    assert list(compiled.predict(unseen)) == list(pipeline.predict(unseen))


def test_two_categories_compile_too():
    texts, pipeline = _fit(sample(20, seed=4, labels=["property", "safety"]))
    probe = [prepare(t) for t, _ in sample(5, seed=7, labels=["property", "safety"])]
    assert np.allclose(CompiledModel(pipeline).predict_proba(probe), pipeline.predict_proba(probe), atol=1e-6)


def test_models_of_other_shapes_run_as_they_are():
    texts, _ = _fit(sample(10, seed=5))
    plain = build_model("plain").fit(texts, [lab for _, lab in sample(10, seed=5)])
    assert compile_model(plain) is plain


@pytest.mark.django_db
def test_the_registry_loads_the_compiled_form(tmp_path):
    texts, pipeline = _fit(sample(12, seed=6))
    folder = tmp_path / "v1"
    registry.save(model=pipeline, metadata={"params": {}}, folder=folder)
    loaded = registry.load(folder)
    assert isinstance(loaded.model, CompiledModel)
    assert np.allclose(loaded.model.predict_proba(texts[:5]), pipeline.predict_proba(texts[:5]), atol=1e-6)
