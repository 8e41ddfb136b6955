"""What a question sets aside: "除了X，还有哪些…" ("besides X, which others…") asks for something
other than X, so a candidate answer holding X is not the one asked for. The sentence that
answers often prints X beside the answer ("企业家、科学家,可以是为国争光的体育健儿"), which is
why X's words stay search terms and only the candidates are checked."""

from __future__ import annotations

import re
from functools import lru_cache

import jieba.posseg

from rag.lang import fold

# 除了X(以外|之外|外)，… and the literary 除X(以外|之外|外)，…: X ends at the clause's comma.
_BESIDES = re.compile(r"除了([^，,？?。]+?)(?:以外|之外|外)?[，,]|除([^了，,？?。][^，,？?。]*?)(?:以外|之外|外)[，,]")
_ITEM_BREAK = re.compile(r"[、，,]|(?<=[^\d])[和与及](?=[^\d])")
_MARKS = re.compile(r"[“”‘’「」『』《》〈〉\"'（）()\s]")


@lru_cache(maxsize=256)
def set_aside(question: str) -> tuple[str, ...]:
    """The things a Chinese question sets aside, as their words would be printed: each item of
    X without the verb that introduces it (坚持“四化”带动 -> 四化带动, 爬长城 -> 长城) or its marks."""
    match = _BESIDES.search(question)
    if not match:
        return ()
    items = []
    for item in _ITEM_BREAK.split(match.group(1) or match.group(2)):
        words = jieba.posseg.lcut(_MARKS.sub("", item))
        while len(words) > 1 and words[0].flag.startswith(("v", "p", "d")) and words[0].flag != "vn":
            words = words[1:]  # 坚持|四化带动, 爬|长城, 担任|市…主任
        text = fold("".join(w.word for w in words))
        if len(text) > 1:
            items.append(text)
    return tuple(items)


def holds_set_aside(items: tuple[str, ...], candidate: str) -> bool:
    """Whether a candidate answer holds one of the things the question sets aside, or is a
    piece of one (“四化” of 坚持“四化”带动)."""
    text = fold(_MARKS.sub("", candidate))
    return any(item in text or (len(text) > 1 and text in item) for item in items)
