"""Whether a sentence lists things, for a question that asks for several (哪些特征, 哪几个国家,
"what are the causes").

Such a question is answered by the sentence that names the items, not by the one that only
says there are several of them ("浮龙具有数个独有特征。" announces what the next sentence lists:
"牠们的鳍状肢狭窄、尾鳍大、身体呈流线型。"). Three measurements, each zero for a question asking
for one thing, so the sentence model can weigh them for these questions alone.
"""

from __future__ import annotations

from rag.answer.lexicon import LIST_ITEM_MARKS, SEVERAL
from rag.answer.question import Question

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
