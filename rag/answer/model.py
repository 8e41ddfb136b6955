"""The learned answerer's parameters, stored as plain JSON (no pickle).

`rag/data/answerer.json` holds the span and answerability models (gradient-boosted trees:
each tree's split features, thresholds, children and leaf values), the sentence models
(logistic regression: feature names, standardisation and weights), the thresholds chosen
on the fitting data and the training figures; all written by `python -m rag
train-answerer`. Scoring needs only numpy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from rag.answer.lexicon import VALUE_KINDS, Kind

FORMAT = 1
# The suffix of a calibration key whose span threshold holds for questions asking for a value ("zh|value").
VALUE_GROUP = "|value"


class ModelFileError(OSError):
    """The answerer's model file is missing or unreadable (the message says which and why)."""


@dataclass(frozen=True)
class LinearModel:
    """Logistic regression on standardised features: P = sigmoid(w·(x - mean)/scale + b)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "LinearModel":
        features = tuple(data["features"])
        arrays = [np.asarray(data[key], dtype=np.float64) for key in ("mean", "scale", "weights")]
        if any(a.shape != (len(features),) for a in arrays):
            raise ModelFileError(f"model arrays do not match its {len(features)} features")
        return cls(features, arrays[0], arrays[1], arrays[2], float(data["bias"]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "linear",
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "scale": [round(float(v), 6) for v in self.scale],
            "weights": [round(float(v), 6) for v in self.weights],
            "bias": round(self.bias, 6),
        }

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """P(positive) for each row of features (columns in `features` order)."""
        if rows.size == 0:
            return np.zeros(0)
        z = ((rows - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass(frozen=True)
class TreeModel:
    """Gradient-boosted regression trees on raw features: P = sigmoid(rate * sum of leaf values)."""

    features: tuple[str, ...]
    rate: float
    trees: tuple[dict[str, np.ndarray], ...]  # left, right, feature, threshold, value per node

    @classmethod
    def from_sklearn(cls, clf: Any, features: tuple[str, ...]) -> "TreeModel":
        """From a fitted sklearn GradientBoostingClassifier built with init="zero"."""
        trees = []
        for estimator in clf.estimators_[:, 0]:
            t = estimator.tree_
            trees.append({"left": t.children_left.copy(), "right": t.children_right.copy(), "feature": t.feature.copy(), "threshold": t.threshold.copy(), "value": t.value[:, 0, 0].copy()})
        return cls(features, float(clf.learning_rate), tuple(trees))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TreeModel":
        features = tuple(data["features"])
        trees = []
        for tree in data["trees"]:
            arrays = {k: np.asarray(tree[k], dtype=np.int64 if k in ("left", "right", "feature") else np.float64) for k in ("left", "right", "feature", "threshold", "value")}
            if len({len(a) for a in arrays.values()}) != 1 or arrays["feature"].max(initial=0) >= len(features):
                raise ModelFileError("a tree of the model is malformed")
            trees.append(arrays)
        return cls(features, float(data["rate"]), tuple(trees))

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": "trees",
            "features": list(self.features),
            "rate": self.rate,
            "trees": [
                {k: [round(float(v), 6) for v in t[k]] if k in ("threshold", "value") else [int(v) for v in t[k]] for k in ("left", "right", "feature", "threshold", "value")}
                for t in self.trees
            ],
        }

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """P(positive) for each row of features (columns in `features` order); all trees
        are walked at once, one level per step."""
        if rows.size == 0:
            return np.zeros(0)
        left, right, feature, threshold, value = self._packed()
        n_rows, n_trees = len(rows), left.shape[0]
        trees = np.arange(n_trees)[None, :]
        node = np.zeros((n_rows, n_trees), dtype=np.int64)
        row_index = np.arange(n_rows)[:, None]
        for _ in range(64):  # deeper than any tree we fit; guards a malformed file
            to_left = left[trees, node]
            inner = to_left != -1
            if not inner.any():
                break
            go_left = rows[row_index, feature[trees, node]] <= threshold[trees, node]
            node = np.where(inner, np.where(go_left, to_left, right[trees, node]), node)
        raw = self.rate * value[trees, node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-np.clip(raw, -30, 30)))

    def _packed(self) -> tuple[np.ndarray, ...]:
        """The trees as padded (trees x nodes) arrays, built once."""
        cached = self.__dict__.get("_packed_arrays")
        if cached is None:
            width = max(len(t["left"]) for t in self.trees)

            def pad(key: str, fill: float, dtype: type) -> np.ndarray:
                out = np.full((len(self.trees), width), fill, dtype=dtype)
                for i, t in enumerate(self.trees):
                    out[i, : len(t[key])] = t[key]
                return out

            feature = np.maximum(pad("feature", 0, np.int64), 0)
            cached = (pad("left", -1, np.int64), pad("right", -1, np.int64), feature, pad("threshold", 0.0, np.float64), pad("value", 0.0, np.float64))
            object.__setattr__(self, "_packed_arrays", cached)
        return cached


def model_from_dict(data: dict[str, Any]) -> "LinearModel | TreeModel":
    """A linear or tree model from its JSON form."""
    return TreeModel.from_dict(data) if data.get("type") == "trees" else LinearModel.from_dict(data)


@dataclass(frozen=True)
class AnswererModel:
    """Everything the extractive answerer learned: the span model, the sentence and
    answerability models (with and without semantic similarity) and the thresholds."""

    span: LinearModel | TreeModel
    sentence: LinearModel  # without semantic similarity
    question: LinearModel | TreeModel  # answerability, from the sentence scores
    sentence_semantic: LinearModel | None  # with similarity, when the index has e5-small vectors
    question_semantic: LinearModel | TreeModel | None
    answer_threshold: dict[str, float]  # by question language: answerability below it, abstain
    answer_threshold_semantic: dict[str, float]
    span_threshold: dict[str, float]  # by question language: below it, no short answer, the quote alone
    meta: dict[str, Any]

    def span_threshold_for(self, key: str, kind: Kind | None = None) -> float:
        """The span probability from which a short answer heads a reply (key: calibration_key),
        fitted apart for questions asking for a value (VALUE_KINDS) when the file has one."""
        if kind in VALUE_KINDS and f"{key}{VALUE_GROUP}" in self.span_threshold:
            return self.span_threshold[f"{key}{VALUE_GROUP}"]
        return _lookup(self.span_threshold, key)

    def stack(self, semantic: bool, key: str = "zh") -> tuple[LinearModel, LinearModel | TreeModel, float]:
        """(sentence model, answerability model, abstention threshold for the question's and the
        articles' languages, calibration_key) with or without similarity. English articles are
        read without it: the similarity variant is fitted on Chinese sentences, and English-to-
        English similarities sit on another scale (on the English calibration set, left-out
        questions abstained at 4 % false abstentions: 0.47 without similarity, 0.22 with it)."""
        if semantic and "/" not in key and self.sentence_semantic is not None and self.question_semantic is not None:
            return self.sentence_semantic, self.question_semantic, _lookup(self.answer_threshold_semantic, key)
        # On the hybrid path English articles are read without similarity, with a threshold
        # chosen on the passages hybrid retrieval brings (rag.evaluate.training.plain_read_thresholds).
        thresholds = self.answer_threshold_semantic if semantic and key in self.answer_threshold_semantic else self.answer_threshold
        return self.sentence, self.question, _lookup(thresholds, key)


def calibration_key(question_lang: str, text_lang: str) -> str:
    """Which thresholds apply: the question's language ("zh"; "en", matched to Chinese through
    the dictionary), followed by the articles' language when that is English ("en/en": an English
    question about English articles, matched word for word)."""
    return question_lang if text_lang == "zh" else f"{question_lang}/{text_lang}"


def _lookup(thresholds: dict[str, float], key: str) -> float:
    """The threshold fitted for this key, else for the question's language, else Chinese's."""
    return thresholds.get(key, thresholds.get(key.split("/")[0], thresholds.get("zh", 0.5)))


def default_model_path() -> Path:
    return Path(str(resources.files("rag") / "data" / "answerer.json"))


def load_model(path: Path | None = None) -> AnswererModel:
    """The answerer model from a JSON file (the bundled one by default)."""
    return _load(str(path or default_model_path()))


@lru_cache(maxsize=4)
def _load(path: str) -> AnswererModel:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"answerer model {path} is unreadable: {exc}; rebuild it with `python -m rag train-answerer`") from exc
    if data.get("format") != FORMAT:
        raise ModelFileError(f"answerer model {path} has format {data.get('format')!r}, expected {FORMAT}")
    try:
        semantic = data.get("sentence_semantic")
        model = AnswererModel(
            span=model_from_dict(data["span"]),
            sentence=LinearModel.from_dict(data["sentence"]),
            question=model_from_dict(data["question"]),
            sentence_semantic=LinearModel.from_dict(semantic) if semantic else None,
            question_semantic=model_from_dict(data["question_semantic"]) if data.get("question_semantic") else None,
            answer_threshold={k: float(v) for k, v in data["thresholds"]["answer"].items()},
            answer_threshold_semantic={k: float(v) for k, v in (data["thresholds"].get("answer_semantic") or data["thresholds"]["answer"]).items()},
            span_threshold=_by_language(data["thresholds"]["span"]),
            meta={k: v for k, v in data.items() if k in ("training", "created", "command")},
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ModelFileError(f"answerer model {path} is incomplete: {exc}") from exc
    _check_features(model, path)
    return model


def _check_features(model: AnswererModel, path: str) -> None:
    """A model fitted on other features than this code computes (a file from an older
    version) would score the wrong columns: refuse it with the way out."""
    from rag.answer.features import SEMANTIC_FEATURES, SENTENCE_FEATURES, SPAN_FEATURES, question_features

    expected = [(model.span, SPAN_FEATURES), (model.sentence, SENTENCE_FEATURES), (model.question, question_features(SENTENCE_FEATURES))]
    if model.sentence_semantic is not None and model.question_semantic is not None:
        expected += [(model.sentence_semantic, SEMANTIC_FEATURES), (model.question_semantic, question_features(SEMANTIC_FEATURES))]
    for part, names in expected:
        if tuple(part.features) != tuple(names):
            raise ModelFileError(
                f"answerer model {path} was fitted on other features than this version computes "
                f"({len(part.features)} against {len(names)}); rebuild it with `python -m rag train-answerer`"
            )


def _by_language(value: Any) -> dict[str, float]:
    """Thresholds by language; a single number (files written before thresholds were kept
    per language) holds for all."""
    if isinstance(value, dict):
        return {str(k): float(v) for k, v in value.items()}
    return {"zh": float(value), "en": float(value)}


def save_model(model: AnswererModel, path: Path, extra: dict[str, Any]) -> None:
    """Write the model as JSON (the inverse of load_model)."""
    data = {
        "format": FORMAT,
        **extra,
        # Rounded like the weights: the last digits of a float sum differ between runs.
        "thresholds": {
            "answer": {k: round(v, 6) for k, v in model.answer_threshold.items()},
            "answer_semantic": {k: round(v, 6) for k, v in model.answer_threshold_semantic.items()},
            "span": {k: round(v, 6) for k, v in model.span_threshold.items()},
        },
        "span": model.span.to_dict(),
        "sentence": model.sentence.to_dict(),
        "question": model.question.to_dict(),
        "sentence_semantic": model.sentence_semantic.to_dict() if model.sentence_semantic else None,
        "question_semantic": model.question_semantic.to_dict() if model.question_semantic else None,
    }
    # Written beside, then renamed: a crash mid-write never leaves a half model in its place.
    partial = Path(path).with_name(Path(path).name + ".partial")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    partial.replace(path)
    _load.cache_clear()
