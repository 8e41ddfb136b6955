"""Whether a sentence lists things, for a question that asks for several (哪些特征, 哪几个国家,
"what are the causes").

Such a question is answered by the sentence that names the items, not by the one that only
says there are several of them ("浮龙具有数个独有特征。" announces what the next sentence lists:
"牠们的鳍状肢狭窄、尾鳍大、身体呈流线型。"). Three measurements, each zero for a question asking
for one thing, so the sentence model can weigh them for these questions alone.
"""

from __future__ import annotations

import re
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


def item_holds_term(sentence: str, start: int, end: int, term_spans: list[tuple[int, int]], words: Sequence[Word]) -> float:
    """1.0 when sentence[start:end] lies within one item of an enumeration (parted by 、) and
    that item's noun phrase names a question word: of "德国总统张三、法国代理总统李四", a
    question about 法国 asks for the item holding 法国, however near the other item's name.
    The item is cut at the verbs and particles around it ("出席会议的有德国总统张三" is
    the item 德国总统张三 after words that introduce the whole list)."""
    if _ITEM_EDGE.search(sentence, start, end):
        return 0.0
    before = list(_ITEM_EDGE.finditer(sentence, 0, start))
    after = _ITEM_EDGE.search(sentence, end)
    if not ((before and before[-1].group() == "、") or (after is not None and after.group() == "、")):
        return 0.0
    lo = max([before[-1].end() if before else 0] + [w.end for w in words if w.end <= start and not w.tag.startswith(_NOMINAL)])
    hi = min([after.start() if after else len(sentence)] + [w.start for w in words if w.start >= end and not w.tag.startswith(_NOMINAL)])
    return float(any(lo <= s and e <= hi for s, e in term_spans))
