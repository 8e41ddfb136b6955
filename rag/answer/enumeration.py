"""Whether a sentence lists things, for a question that asks for several (哪些特征, 哪几个国家,
"what are the causes").

Such a question is answered by the sentence that names the items, not by the one that only
says there are several of them ("浮龙具有数个独有特征。" announces what the next sentence lists:
"牠们的鳍状肢狭窄、尾鳍大、身体呈流线型。"). Three measurements, each zero for a question asking
for one thing, so the sentence model can weigh them for these questions alone.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Sequence

from rag.answer.lexicon import LIST_ITEM_MARKS, SEVERAL
from rag.answer.question import Question
from rag.answer.words import Word

ENUMERATION_FEATURES = ("plural_items", "plural_announces", "plural_after_announcement")
_MAX_ITEMS = 6  # beyond this many items a list is a list


def enumeration_features(question: Question, sentence: str, previous: str) -> list[float]:
    """How many items the sentence separates (scaled to 0..1), whether it announces a list
    ("several …", "the following"), and whether the sentence before it did (or ended in a
    colon); all zero unless the question asks for several things."""
    if not question.plural:
        return [0.0] * len(ENUMERATION_FEATURES)
    items = sum(sentence.count(mark) for mark in LIST_ITEM_MARKS)
    announced = bool(SEVERAL.search(previous)) or previous.rstrip().endswith(("：", ":"))
    return [min(items, _MAX_ITEMS) / _MAX_ITEMS, float(bool(SEVERAL.search(sentence))), float(announced)]


_ITEM_EDGE = re.compile(r"[、，,；;。：:！？!?]")
_NOMINAL = ("n", "a", "m", "q", "b", "f", "s", "t", "j", "z", "eng", "x")  # jieba tags a noun phrase is made of


def in_list_items(sentence: str, spans: Sequence[tuple[int, int]]) -> list[bool]:
    """For each (start, end) of the sentence, whether it lies within one item of an
    enumeration: between two edges of which one is 、, crossing none."""
    marks = [m.start() for m in _ITEM_EDGE.finditer(sentence)]
    found = []
    for start, end in spans:
        k = bisect_left(marks, start)
        if k < len(marks) and marks[k] < end:
            found.append(False)
            continue
        found.append((k > 0 and sentence[marks[k - 1]] == "、") or (k < len(marks) and sentence[marks[k]] == "、"))
    return found


def items_holding_terms(sentence: str, spans: Sequence[tuple[int, int]], term_spans: list[tuple[int, int]], words: Sequence[Word]) -> list[float]:
    """For each (start, end) of the sentence, 1.0 when it lies within one item of an
    enumeration (parted by 、) and that item's noun phrase names a question word: of
    "德国总统张三、法国代理总统李四", a question about 法国 asks for the item holding 法国, however
    near the other item's name. An item is cut at the verbs and particles around it ("出席会议
    的有德国总统张三" is the item 德国总统张三, after words that introduce the whole list). A
    question word printed in several items (总统 of "白俄罗斯总统…、吉尔吉斯斯坦总统…") is what
    the items share, and singles none out."""
    if "、" not in sentence or not term_spans:
        return [0.0] * len(spans)
    edges = [(m.start(), m.group()) for m in _ITEM_EDGE.finditer(sentence)]
    term_spans = _distinguishing(sentence, term_spans, edges)
    other = [w for w in words if not w.tag.startswith(_NOMINAL)]
    after_other, before_other = sorted(w.end for w in other), sorted(w.start for w in other)
    marks = [at for at, _ in edges]
    found = []
    for start, end in spans:
        k = bisect_left(marks, start)  # the first edge at or after the start
        if k < len(marks) and marks[k] < end:
            found.append(0.0)  # the stretch crosses an item's edge
            continue
        before, after = (edges[k - 1] if k else None), (edges[k] if k < len(edges) else None)
        if not ((before and before[1] == "、") or (after and after[1] == "、")):
            found.append(0.0)
            continue
        lo = before[0] + 1 if before else 0
        hi = after[0] if after else len(sentence)
        c = bisect_right(after_other, start) - 1  # the last verb or particle ending before it
        lo = max(lo, after_other[c]) if c >= 0 else lo
        c = bisect_left(before_other, end)  # the first one beginning after it
        hi = min(hi, before_other[c]) if c < len(before_other) else hi
        found.append(float(any(lo <= s and e <= hi for s, e in term_spans)))
    return found


def _distinguishing(sentence: str, term_spans: list[tuple[int, int]], edges: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """The question-word matches whose word no other item of an enumeration also prints."""
    bounds = [(-1, "")] + edges + [(len(sentence), "")]
    items = [(a + 1, b) for (a, left), (b, right) in zip(bounds, bounds[1:]) if "、" in (left, right)]
    holding: dict[str, set[int]] = {}
    for s, e in term_spans:
        for k, (lo, hi) in enumerate(items):
            if lo <= s and e <= hi:
                holding.setdefault(sentence[s:e], set()).add(k)
    return [(s, e) for s, e in term_spans if len(holding.get(sentence[s:e], ())) < 2]
