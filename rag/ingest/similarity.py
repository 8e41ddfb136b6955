"""Topical similarity of text pieces: TF-IDF over jieba words (no model needed)."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Callable

import jieba

from rag.lang import CJK_RE, is_cjk

try:  # jieba-rs: the same dictionary and HMM as jieba, ~10x faster (segmenting was ~60 % of parsing)
    import rjieba
except ImportError:  # pragma: no cover - rjieba is a dependency; this keeps an old environment working
    rjieba = None

jieba.setLogLevel(logging.WARNING)
log = logging.getLogger(__name__)

# jieba splits a run of ASCII into these pieces ("0635-8451234" -> 0635, 8451234); jieba-rs
# keeps the run whole, so its non-CJK tokens are split the same way to get the same words.
_ASCII_PIECE_RE = re.compile(r"[a-zA-Z0-9]+(?:\.\d+)?%?")


def _is_word(w: str) -> bool:
    return len(w) >= 2 and not w.isspace() and (is_cjk(w[0]) or w.isalnum())


def jieba_words(text: str) -> Counter[str]:
    """Content words by jieba (pure Python): the reference `words` must equal."""
    return Counter(w.lower() for w in jieba.cut(text) if _is_word(w))


def rjieba_words(text: str) -> Counter[str]:
    """Content words by jieba-rs, split as jieba splits them."""
    # Single characters and punctuation (most tokens) hold no word, not even an ASCII piece.
    long = [t for t in rjieba.cut(text) if len(t) > 1]
    kept = [t.lower() for t in long if CJK_RE.match(t) or t.isalnum()]
    counts = Counter(kept)
    if len(kept) < len(long):
        mixed = (t for t in long if not (CJK_RE.match(t) or t.isalnum()))
        counts.update(p.lower() for t in mixed for p in _ASCII_PIECE_RE.findall(t) if len(p) >= 2 and p.isalnum())
    return counts


def _pick_words() -> Callable[[str], Counter[str]]:
    if rjieba is not None:
        return rjieba_words
    log.warning("rjieba is not installed: page parsing falls back to pure-Python jieba, several times slower (pip install rjieba)")
    return jieba_words


_WORDS = _pick_words()


def words(text: str) -> Counter[str]:
    """Counts of content words: jieba words of two or more characters, and ASCII words
    (cut by jieba-rs when installed: the same words as jieba's, tests/test_ingest_scale.py)."""
    return _WORDS(text)


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
        idf, default, log = self.idf, self.default_idf, math.log
        vec = {g: (1 + log(c)) * idf.get(g, default) for g, c in self.terms(text).items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        self._vector_cache[text] = {g: v / norm for g, v in vec.items()}
        return self._vector_cache[text]

    def similarity(self, a: str, b: str) -> float:
        """Cosine similarity in [0, 1]."""
        va, vb = self.vector(a), self.vector(b)
        # Only shared words add to the dot product; intersecting the keys (in C) first skips
        # the many that are not shared.
        return sum(va[g] * vb[g] for g in va.keys() & vb.keys())
