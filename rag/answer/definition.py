"""Whether a sentence defines what the question asks about ("什么是五月艾", "翼尖小翼是什么",
"what is a prism").

A question asking what something is (rag.answer.lexicon.ZH_DEFINITION_QUESTIONS) is answered
by the sentence that makes that thing its subject and says what it is: the thing, perhaps a
parenthesis with its other names (（学名：…）, (winglet)), then a word that defines (是, 指,
又称; "is", "refers to"): "五月艾（学名：）是菊科蒿属的植物。" Sentences that only use the thing
("总杆数等于标准杆数") do not define it. Zero for other questions, so the sentence model can
weigh it for these alone.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.answer.lexicon import EN_DEFINING_WORDS, EN_DEFINITION_QUESTIONS, ZH_DEFINING_WORDS, ZH_DEFINITION_QUESTIONS
from rag.lang import fold

DEFINITION_FEATURES = ("defines_asked",)
_QUOTES = "“”「」『』《》\"'‘’"
_ZH_QUESTIONS = [re.compile(p) for p in ZH_DEFINITION_QUESTIONS]
_EN_QUESTIONS = [re.compile(p, re.I) for p in EN_DEFINITION_QUESTIONS]
# Where a subject may begin: the sentence's start, after a clause mark, after 所谓 ("so-called").
_ZH_BEFORE = r"(?:^|[，。；：,;:]|所谓)\s*[“「『《\"]?"
# Bracketed other names and a comma may stand between the subject and the defining word.
_BETWEEN = r"[”」』》\"]?(?:\s*[（(][^）)]{0,60}[）)])*\s*[，,]?\s*"


@lru_cache(maxsize=256)
def defined_term(question: str, lang: str) -> str | None:
    """What the question asks to define (X of 什么是X), folded, or None."""
    text = fold(question.strip())
    for pattern in _EN_QUESTIONS if lang == "en" else _ZH_QUESTIONS:
        found = pattern.match(text)
        if found:
            term = found.group("x").strip().strip(_QUOTES).strip()
            if len(term) >= 2 and "什么" not in term and "?" not in term:
                return term
    return None


@lru_cache(maxsize=256)
def _definition_pattern(term: str, lang: str) -> re.Pattern[str]:
    if lang == "en":
        return re.compile(rf"(?:^|[,;:]\s*)(?:(?:the|an?)\s+)?{re.escape(term)}{_BETWEEN}(?:{EN_DEFINING_WORDS})\b", re.I)
    return re.compile(rf"{_ZH_BEFORE}{re.escape(term)}{_BETWEEN}(?:{ZH_DEFINING_WORDS})")


def definition_features(question: str, lang: str, sentence: str) -> list[float]:
    """[1.0] when the sentence defines what the question asks about, else [0.0]."""
    term = defined_term(question, lang)
    if term is None:
        return [0.0]
    return [float(bool(_definition_pattern(term, lang).search(fold(sentence))))]
