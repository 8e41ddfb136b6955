"""How much a quantity changed: a question asking how much something rose or fell (涨了多少,
下降了几个百分点, 增幅是多少) is answered by the amount printed right after a word of change in
the same direction (同比增长18.06%), not by the quantity's level printed beside it (累计发电量
27.97亿千瓦时), nor by what it rose to (增长到500万).
"""

from __future__ import annotations

import re

from rag.answer.lexicon import FALL_WORDS, RISE_WORDS
from rag.answer.spans import Span
from rag.lang import to_simplified

# The change asked for: a word of change with how much (涨了多少), or the size of a change named
# (增幅是多少; 增长率 and 增速 name a rise).
_ASKED = re.compile(rf"({RISE_WORDS}|{FALL_WORDS})了?(?:多少|几|百分之几|多大)|(增长率|增速|{RISE_WORDS}|{FALL_WORDS})(?:是|为|有)?(?:多少|几)")
# Between the word of change and its amount: a particle, a word of approximation or the
# verb of a rate (增长了, 增长约, 增幅为, 分别增长).
_FILLER = r"(?:了|约|近|超过|逾|达到?|为|是|分别|同比|环比|率为|幅度为)*"
# Amounts listed before it after the same word (增长18.06%、19.48%: both are rises).
_LISTED = r"(?:[^、，,。；;\s]*\d[^、，,。；;\s]*[、和及与])*"
_REACH = 40  # characters before a candidate looked at


def asked_change(question_text: str) -> str:
    """"rise" or "fall" when a Chinese question asks how much a quantity changed, else ""."""
    match = _ASKED.search(to_simplified(question_text))
    if not match:
        return ""
    word = match.group(1) or match.group(2)
    return "fall" if re.fullmatch(FALL_WORDS, word) else "rise"


def changed_by(direction: str, sentence: str, spans: list[Span], indices: list[int]) -> list[int]:
    """Of the candidates `indices`, those printed right after a word of change in `direction`
    (or after amounts listed after it: 增长18.06%、19.48%); all of them when none is."""
    if not direction:
        return indices
    words = RISE_WORDS if direction == "rise" else FALL_WORDS
    after_word = re.compile(rf"(?:{words}){_FILLER}\s*{_LISTED}$")
    text = to_simplified(sentence)
    kept = [i for i in indices if after_word.search(text[max(0, spans[i].start - _REACH) : spans[i].start])]
    return kept or indices
