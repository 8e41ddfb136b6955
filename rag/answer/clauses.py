"""What the clause around a candidate answer says about the question.

A sentence often joins several clauses, each with its own subject and verb ("张三主持会议，
李四、王五等参加"). The answer to a question sits in the clause that states the question's
relation about the question's things: these features measure, for each candidate, how much
of the question its clause prints (by characters, and by the weight of the question's words)
and whether it names a time the question does not.
"""

from __future__ import annotations

import re

import numpy as np

from rag.answer.lexicon import TIME_FRAME_WORDS, ZH_RELATIVE_TIMES, ZH_TIME_POINTS
from rag.answer.matching import term_matches
from rag.answer.question import Question
from rag.answer.spans import Span
from rag.answer.words import Word
from rag.lang import fold

CLAUSE_FEATURES = ("clause_terms", "other_time", "clause_weight")
_CLAUSE_MARK = re.compile(r"[，。；：！？,;:!?]")
_TIME = re.compile(f"{ZH_TIME_POINTS}|{ZH_RELATIVE_TIMES}")
# jieba's tags of the words a time is written with: numbers (m, mq), times (t), measures (q),
# locatives (f: 前, 以来) and symbols (x: the dash of 1-11月).
_TIME_TAGS = {"m", "mq", "t", "q", "f", "x"}


def clause_around(sentence: str, start: int, end: int, openers: dict[int, int] | None = None) -> tuple[int, int]:
    """Offsets of the clause (or clauses) holding sentence[start:end], with the time opening
    it when the clause before says only that (`openers`, of time_openers)."""
    lo = max((m.end() for m in _CLAUSE_MARK.finditer(sentence, 0, start)), default=0)
    found = _CLAUSE_MARK.search(sentence, end)
    if openers and lo - 1 in openers:
        lo = openers[lo - 1]
    return lo, found.start() if found else len(sentence)


def time_openers(folded: str, words: tuple[Word, ...]) -> dict[int, int]:
    """The clauses of a sentence that only name a time ("2023年前三季度，", "截至5月底，"), by
    the offset of the mark ending each: the time they name is when the next clause happens."""
    openers, lo = {}, 0
    for mark in _CLAUSE_MARK.finditer(folded):
        inside = [w for w in words if lo <= w.start and w.end <= mark.start() and w.text.strip()]
        if _TIME.search(folded, lo, mark.start()) and inside and all(w.tag in _TIME_TAGS or w.text in TIME_FRAME_WORDS for w in inside):
            openers[mark.start()] = lo
        lo = mark.end()
    return openers


def clause_rows(question: Question, sentence: str, folded: str, spans: list[Span], term_spans: list[tuple[int, int]], words: tuple[Word, ...]) -> np.ndarray:
    """One row of CLAUSE_FEATURES per candidate span of `sentence` (`folded` is its
    same-length fold, `term_spans` where it prints question words, `words` its jieba words);
    a clause includes the time that opens it:
    - clause_terms: of the sentence's matches of question words, the share inside the
      candidate's clause ("2023年关停…机组5台" for a question about 2023, not "未来两年还将关停13台");
    - other_time: the question names a time (2023年, 去年) and the candidate's clause names
      another and not the question's: it answers another question;
    - clause_weight: of the weight of the question's words the sentence prints, the share its
      clause prints: a rare word counts more than a common one ("开展空中教研活动53次" for
      "多少次空中教研活动", not "组织教研活动597次", which misses the rare 空中)."""
    rows = np.zeros((len(spans), len(CLAUSE_FEATURES)))
    matched = sum(e - s for s, e in term_spans) or 1
    asked = set(_TIME.findall(fold(question.text)))
    matches = term_matches(question, sentence)
    printed = {k: question.terms[k].weight for _, _, k in matches}  # each word the sentence prints, once
    total = sum(printed.values()) or 1.0
    openers = time_openers(folded, words)
    for i, span in enumerate(spans):
        lo, hi = clause_around(sentence, span.start, span.end, openers)
        rows[i, 0] = sum(min(e, hi) - max(s, lo) for s, e in term_spans if s < hi and e > lo) / matched
        rows[i, 1] = float(bool(asked) and bool(_TIME.search(folded, lo, hi)) and not any(t in folded[lo:hi] for t in asked))
        inside = {k for s, e, k in matches if s < hi and e > lo}
        rows[i, 2] = sum(printed[k] for k in inside) / total
    return rows
