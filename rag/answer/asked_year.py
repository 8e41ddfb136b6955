"""Whether a sentence speaks of another year than the one the question names.

"2001年，他开始效力于哪个队？" asks about 2001: a sentence about 2012 ("2012年，他选择加盟…")
answers another question, however many of its words it shares. A sentence naming no year
may still continue one about 2001, so only a year that differs counts; a year inside a span
the question names ("1992年至1999年间") is the same time.
"""

from __future__ import annotations

import re

from rag.lang import fold

YEAR_FEATURES = ("other_year",)
# A year as Chinese prints it (2001年) or as a four-digit number standing alone in English
# ("in 2001"); 1500–2099 covers the years news and encyclopaedias speak of.
_ZH_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)年")
_EN_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b(?![\d.,]\d)")


def years(text: str) -> list[int]:
    """The years a text names."""
    folded = fold(text)
    return [int(y) for y in _ZH_YEAR.findall(folded) + _EN_YEAR.findall(folded)]


def year_features(question: str, sentence: str) -> list[float]:
    """[1.0] when the question names a year (or span of years) and the sentence names years,
    none of them within it; else [0.0]."""
    asked = years(question)
    if not asked:
        return [0.0]
    named = years(sentence)
    lo, hi = min(asked), max(asked)
    return [float(bool(named) and not any(lo <= y <= hi for y in named))]
