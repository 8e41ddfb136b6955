"""Sentences that state no answer of the kind asked for, however likely the model rates them:
no amount in the units asked for, no date for which year, no place of the kind asked for, or
nothing but the question's own words (rag.answer.extractive abstains on them)."""

from __future__ import annotations

import re

from rag.answer.evidence import Evidence
from rag.answer.lexicon import COUNT_ASKED, DAY_ASKED, MONEY_UNITS, NUMBER, PHYSICAL_UNITS, YEAR_ASKED
from rag.answer.places import asked_by_kind
from rag.answer.question import Kind, Question
from rag.lang import fold, is_latin_text

_NUMERAL = re.compile(NUMBER)  # a count in digits or Chinese numerals (3, 两, 十五)


def quantity_missing(question: Question, best: Evidence) -> bool:
    """A question that names a quantity (a price, a population, an area) or asks for an amount
    of money (多少亿元) or of a physical measure (多少公里) is answered only by a sentence stating
    an amount in those units: a price is an amount of money. A counting unit is a weaker test:
    几个孩子 is answered by "3名子女", "how many times" by "第五次踏上", but not by a Chinese
    sentence printing no numeral at all (a count is stated in numerals). (Tried: every how-many question needing
    a value of its kind; on the held-out seed questions two answers quoted in full became
    abstentions. The numeral test changed no answer out of fold on the fitting part.)"""
    if question.kind not in (Kind.NUMBER, Kind.PERCENT) or best.span is not None:
        return False
    money = bool(question.unit) and re.fullmatch(MONEY_UNITS, question.unit) is not None
    counted = COUNT_ASKED.search(question.text) is not None and not is_latin_text(best.text)
    return question.named_quantity or money or question.unit in PHYSICAL_UNITS or (counted and _NUMERAL.search(best.text) is None)


def named_value_missing(question: Question, best: Evidence) -> bool:
    """A question asking which year or day (哪一年, 哪一天, "what year") is answered only by a
    sentence stating a date; one stating none ("积极办好聊城海北班，现有120名…学子" for
    海北班是哪一年开办的) does not answer it. (何时 and 什么时候 may be answered by an event:
    "四国征伐后".) Out of fold on the fitting part every answerable year question's sentence
    stated one. Likewise a question asking for a place by its kind (在新疆哪座城市) is answered
    only by a sentence naming a place of that kind, not by one naming the region and the
    countries its visitors came from."""
    dated = question.kind == Kind.TIME and (YEAR_ASKED.search(question.text) or DAY_ASKED.search(question.text)) is not None
    placed = question.kind == Kind.PLACE and asked_by_kind(question.text)
    return (dated or placed) and best.span is None


def nothing_new(question: Question, best: Evidence) -> bool:
    """A sentence that only repeats the question's words ("张百顺说。" for 张百顺担任什么职务)
    answers no question asking for something: without them, fewer than two characters are
    left. (A yes-no question may be answered in its own words; an English sentence is left
    to the model.)"""
    if question.kind == Kind.YESNO or is_latin_text(best.text):
        return False
    rest = fold(best.text)
    for form in sorted(set(question.word_forms), key=len, reverse=True):
        rest = rest.replace(form, "")
    return sum(ch.isalnum() for ch in rest) < 2
