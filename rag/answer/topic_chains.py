"""Evidence units: sentences, a sentence pointing back read with the one before it.

A Chinese sentence may open with a word pointing back at a place or a time the sentence
before named: "阿富汗东部帕克蒂亚省山丘连绵，松林茂密。这里出产的松子颗粒饱满…". What it says of
这里 is said of 帕克蒂亚省, so read alone it lacks the place it answers for ("阿富汗松子产自哪个
省？"). Such a sentence is read, scored and quoted together with the one before it.
"""

from __future__ import annotations

import re

from rag.answer.lexicon import POINTING_BACK
from rag.lang import sentence_spans

_OPENS_POINTING_BACK = re.compile(rf"[“‘\"'「\s]*(?:{POINTING_BACK})")


def evidence_units(text: str) -> list[tuple[int, int]]:
    """Offsets of the text's sentences, each one that opens pointing back joined to the one
    before it (only when nothing but white space stands between them)."""
    units: list[tuple[int, int]] = []
    for start, end in sentence_spans(text):
        if units and _OPENS_POINTING_BACK.match(text, start) and not text[units[-1][1] : start].strip():
            units[-1] = (units[-1][0], end)
        else:
            units.append((start, end))
    return units
