"""Does one piece of text continue the sentence another breaks off? (jieba's word model decides.)"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba

jieba.setLogLevel(logging.WARNING)

_CANNOT_START = set("的了着地得之，。、；：！？）”’")
_PUNCT_RE = re.compile(r"[，。！？、；：“”‘’（）《》【】\s,.;:!?\"'()]")


@lru_cache(maxsize=65536)  # a break's edge is scored against many candidate continuations
def _log_prob(text: str) -> float:
    """Log-probability of jieba's best segmentation of text (its unigram word model)."""
    if not text:
        return 0.0
    dag = jieba.dt.get_DAG(text)
    route: dict[int, tuple[float, int]] = {}
    jieba.dt.calc(text, dag, route)
    return route[0][0]


def _edge(text: str, left: bool) -> str:
    """Up to 6 characters next to a break, stopping at punctuation."""
    # Only the characters next to the break matter: splitting a whole long block each time
    # made scoring quadratic in its length.
    parts = _PUNCT_RE.split(text[-12:] if left else text[:12])
    return parts[-1][-6:] if left else parts[0][:6]


def junction(left: str, right: str) -> float:
    """How well `right` continues the sentence that `left` breaks off, in [-2, 1].

    Words across the break ("上海合|作组织" -> 合作, "两|次访华" -> 两次) make the joined
    text far more probable under jieba's word model than the two halves apart; that gain
    (a pointwise mutual information) maps to (0, 1]. A particle after a comma is impossible.
    """
    if not right:
        return -5.0
    if left[-1:] in "，、：；,;:" and right[0] in _CANNOT_START:
        return -2.0
    tail, head = _edge(left, True), _edge(right, False)
    if not tail or not head:
        return 0.0
    gain = _log_prob(tail + head) - _log_prob(tail) - _log_prob(head)
    return min(1.0, gain / 4) if gain >= 2 else 0.0
