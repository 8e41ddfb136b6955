"""Which of a Chinese question's words is the verb it asks about, and which name what it is about.

A question's verb is the relation it asks about (在哪里举行, 毕业于哪所大学); a sentence that
answers it often states that relation in other words (在阿斯塔纳出席…峰会, 于…毕业 or 就读),
while the things the question names (上合峰会, 罗保铭) are printed as they are. So the sentence
features also measure coverage of the question's other words alone, and the learned model
decides how much a missing verb counts.
"""

from __future__ import annotations

import re
from functools import lru_cache

import jieba.posseg
import numpy as np

from rag.answer.question import Question
from rag.answer.spans import Span
from rag.answer.words import dictionary_tag
from rag.lang import fold

# jieba's verb tags: a verb (v), one used as an adverb (vd), intransitive (vi), directional
# (vf), a phrasal verb (vl), a verb morpheme (vg); a verbal noun (vn, 建设 in 经济建设) names a
# thing and stays an argument.
_VERB_TAGS = {"v", "vd", "vi", "vf", "vl", "vg", "vx"}


def _verbs(text: str) -> list[str]:
    return [pair.word for pair in jieba.posseg.cut(text) if pair.flag in _VERB_TAGS]


@lru_cache(maxsize=1024)
def _predicate(before: str, after: str) -> str:
    # The clause around the question word; its first verb after the word ("在哪里举行",
    # "哪一年控制了"), else its last before ("访问了哪些国家"). jieba also tags nouns in names
    # as verbs (上合/组织 v in 上合组织峰会), which this choice passes over.
    after_verbs = _verbs(re.split(r"[，,；;。？?]", after, maxsplit=1)[0])
    before_verbs = _verbs(re.split(r"[，,；;。]", before)[-1])
    return after_verbs[0] if after_verbs else (before_verbs[-1] if before_verbs else "")


def argument_weights(question: Question) -> list[float]:
    """Each term's weight, or 0 for the verb that is a Chinese question's predicate (English
    terms are dictionary phrases with no reliable part of speech: all kept)."""
    verb = _predicate(question.before, question.after) if question.lang == "zh" else ""
    return [0.0 if verb and term.surface == verb else term.weight for term in question.terms]


ARGUMENT_FEATURES = ("cover_arguments", "beyond_title_arguments", "arguments_in_title", "predicate_cover")


def argument_features(question: Question, covers_sentence: list[list[float]], covers_title: list[list[float] | None], texts: list[str]) -> np.ndarray:
    """For each sentence: its coverage of the question's arguments (its words but the verb it asks about);
    its coverage of the arguments its passage title does not name; whether the title
    names them all (then the sentence answers for the titled thing without repeating it);
    and how much of the verb itself it prints: 1 for the verb, else half the share of its
    characters (a paraphrase often keeps one: 举行/举办, 担任/任), so a sentence stating
    another relation of the same things (进入 for 退休) can be told from one restating it."""
    weights = argument_weights(question)
    verb = _predicate(question.before, question.after) if question.lang == "zh" else ""
    at = next((k for k, term in enumerate(question.terms) if verb and term.surface == verb), None)
    characters = set(fold(verb))
    rows = np.zeros((len(covers_sentence), len(ARGUMENT_FEATURES)))
    for i, (covers, title) in enumerate(zip(covers_sentence, covers_title)):
        # No verb asked about: nothing to miss.
        rows[i, 3] = 1.0 if at is None else covers[at] or 0.5 * sum(ch in texts[i] for ch in characters) / len(characters)
        rows[i, 0] = sum(w * c for w, c in zip(weights, covers)) / (sum(weights) or 1.0)
        rest = [w * (1.0 - t) for w, t in zip(weights, title or [0.0] * len(weights))]
        untitled = sum(rest)
        rows[i, 1] = sum(r * c for r, c in zip(rest, covers)) / untitled if untitled else 1.0  # none left: all said
        rows[i, 2] = float(untitled == 0)
    return rows


def _verb_forms(question: Question) -> list[str]:
    # The question's words jieba's dictionary knows as verbs (主持, 创作), folded; zh only.
    if question.lang != "zh":
        return []
    return [fold(t.surface) for t in question.terms if dictionary_tag(t.surface) in _VERB_TAGS]


def verb_starts(question: Question, folded: str) -> set[int]:
    """Where the question's verbs begin in a sentence (folded by same_length_fold)."""
    return {m.start() for form in _verb_forms(question) for m in re.finditer(re.escape(form), folded)}


def before_verb(spans: list[Span], starts: set[int]) -> list[float]:
    """1 for each name or value printed right before one of the question's verbs (`starts`):
    the one who does what the question asks about (托卡耶夫|主持会议 for 谁主持, 由莫瓦桑|制得). A
    name before a question noun modifies it instead (阿斯塔纳|峰会: rag.answer.align.before_term)."""
    return [float(span.type != "clause" and span.end in starts) for span in spans]
