"""Whether a sentence speaks of another year, or another edition, than the question names.

"2001年，他开始效力于哪个队？" asks about 2001: a sentence about 2012 ("2012年，他选择加盟…")
answers another question, however many of its words it shares. A sentence naming no year
may still continue one about 2001, so only a year that differs counts; a year inside a span
the question names ("1992年至1999年间") is the same time. So with an edition: "第二十五次会议
在哪里举行？" is not answered by where 第二十四次会议 was held.
"""

from __future__ import annotations

import re

from rag.lang import fold

YEAR_FEATURES = ("other_year", "other_edition")
# A year as Chinese prints it (2001年) or as a four-digit number standing alone in English
# ("in 2001"); 1500–2099 covers the years news and encyclopaedias speak of.
_ZH_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)年")
_EN_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b(?![\d.,]\d)")


def years(text: str) -> list[int]:
    """The years a text names."""
    folded = fold(text)
    return [int(y) for y in _ZH_YEAR.findall(folded) + _EN_YEAR.findall(folded)]


# An ordinal with what it counts: 第二十四次, 第3届 (the counter after it), "25th summit".
_ZH_EDITION = re.compile(r"第([零〇一二两三四五六七八九十百千\d]+)([届次期批轮号个])")
_EN_EDITION = re.compile(r"\b(\d+)(?:st|nd|rd|th) (\w+)")


def editions(text: str) -> set[tuple[str, str]]:
    """The numbered editions a text names: (number, what it counts)."""
    folded = fold(text)
    return set(_ZH_EDITION.findall(folded)) | set(_EN_EDITION.findall(folded))


def year_features(question: str, sentence: str) -> list[float]:
    """[other_year, other_edition]: 1.0 when the question names a year (or span of years) and
    the sentence names years, none of them within it; 1.0 when the question names an edition
    (第二十五次) the sentence does not, and the sentence names another of the same count (第二十四次)."""
    asked, asked_editions = years(question), editions(question)
    named = years(sentence) if asked else []
    other_year = bool(named) and not any(min(asked) <= y <= max(asked) for y in named)
    named_editions = editions(sentence) if asked_editions else set()
    other_edition = any(e not in named_editions and any(n[1] == e[1] for n in named_editions) for e in asked_editions)
    return [float(other_year), float(other_edition)]
