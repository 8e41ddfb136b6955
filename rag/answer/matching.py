"""How much of a question a piece of text contains: term cover, weighted coverage, character
bigram overlap, and where the question's terms stand in a sentence."""

from __future__ import annotations

import re
from typing import Callable, Sequence

from rag.answer.question import Question, Term
from rag.lang import CJK_RANGES, fold
from rag.search.tokens import ENGLISH_STOPWORDS, stem

_LATIN_WORD_RE = re.compile(r"[a-z]+")


def same_length_fold(text: str) -> str:
    """Folded text whose offsets still match the original (lower-casing only if NFKC moves them)."""
    folded = fold(text)
    return folded if len(folded) == len(text) else text.lower()


def find_form(text: str, form: str, start: int = 0) -> int:
    """Where a (folded) form stands in a folded text, from `start`; -1 if nowhere. A form in
    Latin letters matches only at the start of a word ("art" is not in "start"; "open" is in
    "opened"); CJK forms match anywhere, as Chinese has no spaces between words."""
    pos = text.find(form, start)
    if not form[:1].isascii() or not form[:1].isalnum():
        return pos
    while pos > 0 and text[pos - 1].isascii() and text[pos - 1].isalnum():
        pos = text.find(form, pos + 1)
    return pos


def _subsequence_within(form: str, text: str, window: int) -> bool:
    """The characters of form appear in order within `window` characters ("上合组织" in "上海合作组织")."""
    start = text.find(form[0])
    while start != -1:
        pos = start
        ok = True
        for ch in form[1:]:
            pos = text.find(ch, pos + 1, start + window)
            if pos == -1:
                ok = False
                break
        if ok:
            return True
        start = text.find(form[0], start + 1)
    return False


def cover(term: Term, text: str) -> float:
    """How well text contains a term: 1 exact, 0.8 as an in-order abbreviation, else the share
    of its character bigrams (when at least half are there)."""
    return cover_folded(term, fold(text))


def cover_folded(term: Term, text: str) -> float:
    """cover() of a text already folded (rag.lang.fold), when one text is matched to many terms."""
    best = 0.0
    for form in term.forms:
        form = fold(form)
        if not form:
            continue
        if find_form(text, form) != -1:
            return 1.0
        if len(form) >= 3 and not form.isascii() and _subsequence_within(form, text, 2 * len(form) + 1):
            best = max(best, 0.8)
        elif len(form) >= 3 and not form.isascii():
            grams = [form[i : i + 2] for i in range(len(form) - 1)]
            share = sum(g in text for g in grams) / len(grams)
            if share >= 0.5:
                best = max(best, share * 0.7)
    return best


def coverage(question: Question, covers: Sequence[float]) -> float:
    """Weighted share of the question's terms, given how well each is covered."""
    total = sum(t.weight for t in question.terms) or 1.0
    return sum(t.weight * c for t, c in zip(question.terms, covers)) / total


_CJK_RUN = re.compile(rf"[{CJK_RANGES}\d]+")  # ideographs and digits, which bigrams are cut from


def cjk_bigrams(text: str) -> set[str]:
    """What a text is matched by, unit by unit: the character bigrams of its CJK runs (single
    characters for one-character runs) and, for text in Latin letters, its words stemmed
    ("opened" → open), stopwords left out; a word is to English what a bigram is to Chinese."""
    grams: set[str] = set()
    folded = fold(text)
    for run in _CJK_RUN.findall(folded):
        if len(run) == 1:
            grams.add(run)
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    grams.update(stem(word) for word in _LATIN_WORD_RE.findall(folded) if word not in ENGLISH_STOPWORDS and len(word) > 1)
    return grams


def bigram_overlap(question_grams: set[str], text: str, idf: Callable[[str], float]) -> float:
    """IDF-weighted share of the question's character bigrams found in the text."""
    if not question_grams:
        return 0.0
    found = cjk_bigrams(text)
    weights = {g: idf(g) for g in question_grams}
    total = sum(weights.values()) or 1.0
    return sum(w for g, w in weights.items() if g in found) / total


def term_positions(question: Question, sentence: str) -> list[tuple[int, int]]:
    """Offsets of the question's terms (forms of two or more characters) in a sentence."""
    return [(start, end) for start, end, _ in term_matches(question, sentence)]


def term_matches(question: Question, sentence: str) -> list[tuple[int, int, int]]:
    """(start, end, index of the term in question.terms) of each match of a question's term
    (forms of two or more characters) in a sentence."""
    text = same_length_fold(sentence)
    spans = []
    for index, term in enumerate(question.terms):
        for form in term.forms:
            form = fold(form)
            if len(form) < 2:
                continue
            start = find_form(text, form)
            while start != -1:
                spans.append((start, start + len(form), index))
                start = find_form(text, form, start + 1)
    return spans
