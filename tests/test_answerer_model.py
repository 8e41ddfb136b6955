"""The answerer's model file: the bundled one loads and round-trips, a damaged or outdated one
is refused with a message naming the way out."""

from __future__ import annotations

import numpy as np
import pytest

from rag.answer.features import SPAN_FEATURES
from rag.answer.model import AnswererModel, LinearModel, load_model, save_model


def test_the_bundled_model_loads_and_round_trips(tmp_path):
    model = load_model()
    assert model.sentence.features and model.span.features == SPAN_FEATURES
    assert all(0.0 < t < 1.0 for t in model.answer_threshold.values()) and all(0.0 < t < 1.0 for t in model.span_threshold.values())
    # Chinese questions; English ones through the dictionary; English ones about English articles.
    assert set(model.answer_threshold) == {"zh", "en", "en/en"} and model.stack(False, "zh/en")[2] == model.answer_threshold["zh"]
    # On the hybrid path English articles are read by the plain models, with the threshold
    # chosen on the passages hybrid retrieval brings them.
    sentence, _, threshold = model.stack(True, "en/en")
    assert sentence is model.sentence and threshold == model.answer_threshold_semantic["en/en"]
    rows = np.random.default_rng(0).random((50, len(SPAN_FEATURES)))
    probabilities = model.span.probability(rows)
    assert ((probabilities >= 0) & (probabilities <= 1)).all() and probabilities.std() > 0
    sentences = np.vstack([model.sentence.mean, model.sentence.mean + model.sentence.scale])
    save_model(model, tmp_path / "m.json", {"command": "test"})
    again = load_model(tmp_path / "m.json")
    np.testing.assert_allclose(again.span.probability(rows), probabilities, atol=1e-5)
    np.testing.assert_allclose(again.sentence.probability(sentences), model.sentence.probability(sentences), atol=1e-5)
    assert isinstance(again, AnswererModel) and isinstance(again.sentence, LinearModel)


def test_a_damaged_model_file_is_a_clear_error(tmp_path):
    from rag.answer.model import ModelFileError

    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelFileError, match="train-answerer"):
        load_model(tmp_path / "bad.json")


def test_a_model_fitted_on_other_features_is_refused_with_the_way_out(tmp_path):
    """A model file from an older version scores other columns than this code computes."""
    import json

    from rag.answer.model import ModelFileError, default_model_path

    data = json.loads(default_model_path().read_text(encoding="utf-8"))
    sentence = data["sentence"]
    for key in ("features", "mean", "scale", "weights"):
        sentence[key] = sentence[key][:-1]  # as if the last feature did not exist yet
    (tmp_path / "old.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelFileError, match="other features.*train-answerer"):
        load_model(tmp_path / "old.json")


def test_out_of_fold_scores_come_from_models_that_never_saw_the_article():
    """The abstention threshold is read off out-of-fold confidences: each question is scored by
    a model fitted on the other folds, and no article's questions sit in two folds (its
    questions share words, so a model that saw one would flatter the others)."""
    from rag.evaluate.fitting import CALIBRATION_FOLDS, out_of_fold, parts
    from rag.evaluate.labels import Example

    examples = [Example({"sources": [f"article-{i % 7}.txt"], "id": str(i)}, None, [], []) for i in range(40)]
    side = parts(examples, CALIBRATION_FOLDS)
    assert sorted(set(side)) == list(range(CALIBRATION_FOLDS))
    for source in {e.row["sources"][0] for e in examples}:
        assert len({s for e, s in zip(examples, side) if e.row["sources"][0] == source}) == 1
    seen = out_of_fold(examples, lambda part: {e.row["sources"][0] for e in part}, lambda model, e: e.row["sources"][0] in model, CALIBRATION_FOLDS)
    assert not any(seen)


def test_a_question_asking_for_a_value_has_its_own_headline_threshold():
    """A date or an amount is fitted its own span threshold per language ("en|value"); names,
    and values in a file without one, use the language's."""
    from dataclasses import replace

    from rag.answer.lexicon import Kind

    model = replace(load_model(), span_threshold={"zh": 0.5, "en": 0.95, "en|value": 0.6})
    assert model.span_threshold_for("en", Kind.TIME) == 0.6 and model.span_threshold_for("en", Kind.NUMBER) == 0.6
    assert model.span_threshold_for("en", Kind.PERSON) == 0.95 and model.span_threshold_for("en") == 0.95
    assert model.span_threshold_for("zh", Kind.TIME) == 0.5 and model.span_threshold_for("en/en", Kind.TIME) == 0.95


def test_the_headline_threshold_is_the_lowest_safe_one_or_else_the_least_wrong():
    """A short answer heads the reply from the lowest span probability at which at most 10 % of
    the headlines shown would be wrong; when wrong headlines run just above that at every
    threshold, the least wrong one is taken, not the highest (which would hide them all)."""
    from rag.evaluate.training import _lowest_safe_threshold

    safe_from_07 = [(0.55, True)] * 3 + [(0.65, True)] * 3 + [(0.75, False)] * 20
    assert _lowest_safe_threshold(safe_from_07) == 0.7
    # 10.8 % wrong from 0.5, 10.5 % from 0.6 to 0.85, no headline above: 0.6, not 0.95.
    never_safe = [(0.55, True)] * 2 + [(0.55, False)] * 16 + [(0.85, True)] * 2 + [(0.85, False)] * 17
    assert _lowest_safe_threshold(never_safe) == 0.6
