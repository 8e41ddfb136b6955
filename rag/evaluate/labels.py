"""Fitting examples and their labels: which sentences state a gold answer, which candidate
short answers are one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from rag.answer.evidence import Candidate
from rag.answer.question import Question
from rag.evaluate.metrics import char_f1
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
    """How much of the answer each candidate is: the square of its best character F1 against
    the gold answers. A near miss (袁丽 for 袁丽嫦: F1 0.8, label 0.64) is worth more than a
    candidate far from it, where an exact 0/1 label counts both as wrong; squaring keeps a
    clause that merely holds the answer (F1 0.3, label 0.09) well below the answer itself.
    (Chosen by 2-fold CV on the fitting part against F1 and exact labels: short-answer F1
    0.54 for both soft labels against 0.52, and the better sentence ranking of the two.)"""
    return np.array([char_f1(s.text, golds) ** 2 for s in candidate.spans])
