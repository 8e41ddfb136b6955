"""Fitting examples and their labels: which sentences state a gold answer, which candidate
short answers are one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from rag.answer.evidence import Candidate
from rag.answer.question import Question
from rag.lang import alnum_fold, contains_normalized
from rag.schema import Passage


@dataclass
class Example:
    """One fitting question: what retrieval returned and the shortlisted sentences."""

    row: dict[str, Any]
    question: Question
    passages: list[Passage]
    shortlisted: list[Candidate]


def states_answer(sentence: str, gold: str) -> bool:
    """The sentence holds the gold answer, or is part of a gold answer longer than a sentence."""
    return contains_normalized(sentence, gold) or (len(alnum_fold(sentence)) >= 8 and contains_normalized(gold, sentence))


def sentence_labels(ex: Example) -> np.ndarray:
    golds = ex.row["answers"]
    return np.array([float(any(states_answer(c.info.text, g) for g in golds)) for c in ex.shortlisted])


def span_labels(candidate: Candidate, golds: list[str]) -> np.ndarray:
    targets = {alnum_fold(g) for g in golds}
    return np.array([float(alnum_fold(s.text) in targets) for s in candidate.spans])
