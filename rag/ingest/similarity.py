"""Topical similarity of text pieces: TF-IDF over jieba words (no model needed)."""

from __future__ import annotations

import logging
import math
from collections import Counter

import jieba

from rag.lang import is_cjk

jieba.setLogLevel(logging.WARNING)


def words(text: str) -> Counter[str]:
    """Counts of content words: jieba words of two or more characters, and ASCII words."""
    return Counter(w.lower() for w in jieba.cut(text) if len(w) >= 2 and not w.isspace() and (is_cjk(w[0]) or w.isalnum()))


class TermSpace:
    """TF-IDF vectors over content words with IDF fitted on a set of documents."""

    def __init__(self, documents: list[str]) -> None:
        self._term_cache: dict[str, Counter[str]] = {}
        self._vector_cache: dict[str, dict[str, float]] = {}
        df: Counter[str] = Counter()
        for doc in documents:
            df.update(set(self.terms(doc)))
        n = max(len(documents), 1)
        self.idf = {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}
        self.default_idf = math.log((n + 1) / 0.5)  # an unseen word is rarer than any seen one

    def terms(self, text: str) -> Counter[str]:
        """Term counts of a text (memoised: pieces are compared many times).

        jieba never joins words across a line break, so a multi-line text (a story run,
        a piece spanning blocks) is the sum of its lines, each cut once: this keeps
        comparing overlapping runs linear in the text rather than in the comparisons.
        """
        if text not in self._term_cache:
            lines = text.split("\n")
            if len(lines) == 1:
                self._term_cache[text] = words(text)
            else:
                total: Counter[str] = Counter()
                for line in lines:
                    total.update(self.terms(line))
                self._term_cache[text] = total
        return self._term_cache[text]

    def vector(self, text: str) -> dict[str, float]:
        if text in self._vector_cache:
            return self._vector_cache[text]
        vec = {g: (1 + math.log(c)) * self.idf.get(g, self.default_idf) for g, c in self.terms(text).items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        self._vector_cache[text] = {g: v / norm for g, v in vec.items()}
        return self._vector_cache[text]

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity in [0, 1]."""
        va, vb = self.vector(a), self.vector(b)
        if len(va) > len(vb):
            va, vb = vb, va
        return sum(v * vb.get(g, 0.0) for g, v in va.items())
