"""Attribute-swapped negatives: a question about an article in the collection whose
attribute asked about is one the article never states.

Hard negatives delete the answer's sentence, so the word the question turns on is usually
still printed elsewhere in the article. Users also ask about an attribute the article never
mentions at all: its price, its weather, a birth year. Such a
question is made from an answerable one by replacing its focus (the noun asked about:
人口 of "…的人口是多少") with the focus of another question asking for the same kind of
value, one the article does not print and that shares no character with the original (so
it is no synonym: 人口 is never swapped for 人数). Everything else in the question still
matches the sentence that answered it; only the attribute is missing.
"""

from __future__ import annotations

import random
from typing import Any

import jieba.posseg

from rag.answer.features import kind_group
from rag.answer.question import Question, analyze
from rag.lang import is_cjk, to_simplified

MIN_FOCUS_CHARS = 2  # a one-character focus is too often part of a longer word


def _focus_word(question: Question) -> str:
    """The question's single focus noun as printed, or "" when it has none or several."""
    if len(question.focus) != 1:
        return ""
    word = question.terms[question.focus[0]].surface
    if len(word) < MIN_FOCUS_CHARS or not all(is_cjk(ch) for ch in word) or question.text.count(word) != 1:
        return ""
    # A whole word of the question that jieba's dictionary holds as a common noun: an
    # attribute (价格, 人口, 妻子), not a name, a verb or a piece of a longer word.
    return word if any(pair.word == word and pair.flag == "n" for pair in jieba.posseg.cut(question.text)) else ""


def _printed(word: str, text: str) -> bool:
    """Whether the article prints the word or any two characters of it in a row."""
    return any(word[i : i + 2] in text for i in range(len(word) - 1))


def swapped_rows(rows: list[dict[str, Any]], texts: dict[str, str], n_swapped: int, rng: random.Random) -> list[dict[str, Any]]:
    """Up to `n_swapped` unanswerable rows (type "swapped") made from the answerable Chinese
    `rows`; `texts` maps each row's source to its article as indexed."""
    if n_swapped <= 0:
        return []
    analysed = [(row, analyze(row["question"])) for row in rows if row["type"] == "answerable" and row["lang"] == "zh"]
    focus = [(row, question, _focus_word(question)) for row, question in analysed]
    focus = [(row, question, word) for row, question, word in focus if word]
    by_group: dict[str, list[str]] = {}
    for _, question, word in focus:
        words = by_group.setdefault(kind_group(question.kind), [])
        if word not in words:
            words.append(word)
    order = list(range(len(focus)))
    rng.shuffle(order)
    out: list[dict[str, Any]] = []
    for i in order:
        if len(out) >= n_swapped:
            break
        row, question, word = focus[i]
        text = to_simplified(texts[row["sources"][0]])  # words are compared in simplified script
        choices = [w for w in by_group[kind_group(question.kind)] if not set(w) & set(word) and w not in question.text and not _printed(w, text)]
        if not choices:
            continue
        # Folding to simplified script keeps every character's offset, so the focus found in
        # the folded question is replaced at the same place in the question as written.
        at = question.text.index(word)
        swapped = row["question"][:at] + rng.choice(choices) + row["question"][at + len(word) :]
        out.append({**row, "id": f"{row['id']}-swapped", "question": swapped, "answers": [], "evidence": [], "type": "swapped"})
    return out
