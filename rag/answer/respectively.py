"""分别 "respectively": the values listed after it belong, in order, to the things listed before it.

"新能源装机总量455.97万千瓦，累计发电量27.97亿千瓦时，分别同比增长18.06%、19.48%" gives the
first growth to the installed capacity and the second to the power generated; "车队及中欧班列
110个集装箱分别到达库雷克港和阿克套港" sends the containers to 阿克套港. A question about one of
the things ("累计发电量…增长了多少") asks for its own value, not the other's.
"""

from __future__ import annotations

import re

from rag.answer.matching import find_form, same_length_fold
from rag.answer.question import Question
from rag.answer.spans import Span
from rag.lang import fold

RESPECTIVELY = "分别"
_CLAUSE_MARK = re.compile(r"[，,；;。！？!?：:“”]")
_ITEM_MARK = re.compile(r"、|以及|和|及|与")  # not 同 or 跟, which begin words (同比, 同时)


def respective_values(question: Question, sentence: str, spans: list[Span], indices: list[int]) -> list[int]:
    """Of the candidates `indices`, all but those standing in the value or the thing of
    another pair than the one the question's words name (a list running over several values
    names no one of them); `indices` unchanged when the sentence pairs nothing or the
    question names no single one of the things."""
    at = sentence.find(RESPECTIVELY)
    if at < 0:
        return indices
    begin = at + len(RESPECTIVELY)
    found = _CLAUSE_MARK.search(sentence, begin)
    values = _split(sentence, begin, found.start() if found else len(sentence), _ITEM_MARK)
    things = _things(sentence, at, len(values)) if len(values) > 1 else None
    owner = _named_thing(question, sentence, things) if things else None
    if owner is None:
        return indices
    others = [r for k, r in enumerate(values) if k != owner] + [r for k, r in enumerate(things or []) if k != owner]
    return [i for i in indices if not any(spans[i].start < b and a < spans[i].end for a, b in others)]


def _things(sentence: str, at: int, count: int) -> list[tuple[int, int]] | None:
    """Stretches of the `count` things 分别 pairs the values with: the items of its own clause
    (车队及集装箱分别…), else the clauses before it (装机总量…，累计发电量…，分别…)."""
    marks = [m.end() for m in _CLAUSE_MARK.finditer(sentence, 0, at)]
    start = marks[-1] if marks else 0
    items = _split(sentence, start, at, _ITEM_MARK)
    if len(items) == count:
        return items
    if items and sentence[start:at].strip():
        return None  # its own clause names one thing, or a different number of them
    clauses = [(a, b) for a, b in zip([0] + marks, marks) if b - a > 1]
    return [(a, b - 1) for a, b in clauses[-count:]] if len(clauses) >= count else None


def _split(sentence: str, start: int, end: int, marks: re.Pattern[str]) -> list[tuple[int, int]]:
    pieces, begin = [], start
    for mark in marks.finditer(sentence, start, end):
        pieces.append((begin, mark.start()))
        begin = mark.end()
    pieces.append((begin, end))
    return [(a, b) for a, b in pieces if sentence[a:b].strip()]


def _named_thing(question: Question, sentence: str, things: list[tuple[int, int]]) -> int | None:
    """Index of the one thing that prints more of the words of the question's clause holding
    its question word (weighted) than any other, of those words not printed in every thing;
    None when no one does. That clause, not the setting before it: "中欧跨里海直达快运开通仪式上，
    中欧班列有多少个集装箱…" asks about the containers, though the convoy's thing repeats more of
    the ceremony's name."""
    text = same_length_fold(sentence)
    clause = fold(_CLAUSE_MARK.split(question.before)[-1] + _CLAUSE_MARK.split(question.after)[0])
    scores = [0.0] * len(things)
    for term in [t for t in question.terms if fold(t.surface) in clause] or question.terms:
        inside = {k for k, (a, b) in enumerate(things) for form in term.forms if len(form) >= 2 and _printed(text, fold(form), a, b)}
        if 0 < len(inside) < len(things):
            for k in inside:
                scores[k] += term.weight
    best = max(range(len(things)), key=lambda k: scores[k])
    return best if scores[best] > 0 and sorted(scores)[-2] < scores[best] else None


def _printed(text: str, form: str, start: int, end: int) -> bool:
    at = find_form(text, form, start)
    return at != -1 and at + len(form) <= end
