"""Evidence units: sentences, a sentence pointing back read with the one before it.

A Chinese sentence may open with a word pointing back at a place or a time the sentence
before named: "阿富汗东部帕克蒂亚省山丘连绵，松林茂密。这里出产的松子颗粒饱满…". What it says of
这里 is said of 帕克蒂亚省, so read alone it lacks the place it answers for ("阿富汗松子产自哪个
省？"). Such a sentence is read, scored and quoted together with the one before it.

So is a sentence that only says who spoke the quotation before it ("…实现突破。”市发展改革委
副主任赵书超表示。"): read alone, the quote lacks its speaker ("谁表示要…？") and the speaker
what was said.
"""

from __future__ import annotations

import re

from rag.answer.lexicon import POINTING_BACK, SAYING_VERBS
from rag.lang import sentence_spans

_OPENS_POINTING_BACK = re.compile(rf"[“‘\"'「\s]*(?:{POINTING_BACK})")
# A speaker (one clause, no quotation of its own, at most _SPEAKER_CHARS long), a verb of
# saying and the full stop: the whole sentence names who spoke.
_SPEAKER_CHARS = 30
_ATTRIBUTION = re.compile(rf"[^“”‘’「」\"'，。！？；：,;:!?\n]{{1,{_SPEAKER_CHARS}}}?(?:{SAYING_VERBS})道?[。！.]?")
_CLOSING_QUOTE = ("”", "’", "」", '"', "'")


def evidence_units(text: str) -> list[tuple[int, int]]:
    """Offsets of the text's sentences, each one that opens pointing back, or only names the
    speaker of the quotation before it, joined to the one before it (only when nothing but
    white space stands between them)."""
    units: list[tuple[int, int]] = []
    for start, end in sentence_spans(text):
        if units and not text[units[-1][1] : start].strip() and (_OPENS_POINTING_BACK.match(text, start) or _names_speaker(text, units[-1][1], start, end)):
            units[-1] = (units[-1][0], end)
        else:
            units.append((start, end))
    return units


def _names_speaker(text: str, previous_end: int, start: int, end: int) -> bool:
    """Whether text[start:end] only says who spoke the quotation ending at previous_end."""
    # A sentence ends at its closing quote (。” is one end): only its last characters are read.
    return text[max(0, previous_end - 4) : previous_end].rstrip().endswith(_CLOSING_QUOTE) and _ATTRIBUTION.fullmatch(text[start:end].strip()) is not None
