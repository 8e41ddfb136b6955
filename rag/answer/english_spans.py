"""Candidate short answers inside an English sentence.

jieba reads Chinese; in an English sentence every space would cut a phrase. Here values come
from patterns (amounts with their units, money, percentages, dates, years, ordinals), names
from runs of capitalised words (typed by a title before them or the head word of a body or
a place), phrases from runs of up to five words that neither begin nor end with a function
word, and clauses from the punctuation (and the words that open a cause or a time). As in
Chinese, no candidate cuts a value, and the learned span model picks among them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.answer.lexicon import (
    EN_FUNCTION_WORDS, EN_MAGNITUDES, EN_MEASURE_UNITS, EN_MONEY_WORDS, EN_MONTHS, EN_NUMBER_WORDS,
    EN_ORDINAL_WORDS, EN_ORG_HEADS, EN_PERSON_TITLES, EN_PLACE_FIRST, EN_PLACE_HEADS, EN_SUBORDINATORS, EN_WEEKDAYS,
)
from rag.answer.spans import MAX_CLAUSES, Span

MAX_PHRASE_WORDS = 5
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_AFTER = r"(?![A-Za-z0-9])"
_QUANTITY = rf"(?:{_NUM}|{EN_NUMBER_WORDS})(?:\s{EN_MAGNITUDES})?(?:\s|-)(?:{EN_MEASURE_UNITS}){_AFTER}"
_MONEY = rf"[$€£¥]\s?(?:{_NUM})(?:\s?{EN_MAGNITUDES}|m|bn)?{_AFTER}|(?:{_NUM})(?:\s{EN_MAGNITUDES})?\s{EN_MONEY_WORDS}{_AFTER}"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# Words a month name alone follows as a time ("in May", "since March"): a look-behind per word.
_AFTER_TIME_WORD = "(?:" + "|".join(rf"(?<=\b{w} )" for w in "in on since until by from last next early late mid during".split()) + ")"
_DATE = (
    rf"{_DAY}\s(?:of\s)?{EN_MONTHS}(?:,?\s\d{{4}})?|{EN_MONTHS}\s{_DAY}(?:,\s?\d{{4}})?{_AFTER}|{EN_MONTHS}\s\d{{4}}"
    rf"|(?:early|mid|late)[- ]\d{{4}}s?|\d{{4}}s|{_DAY}[- ]century|(?:last|next|this)\s(?:{EN_WEEKDAYS}|week|month|year|spring|summer|autumn|fall|winter)"
    rf"|{EN_WEEKDAYS}|\d{{1,2}}(?::\d{{2}})?\s?(?:a\.m\.|p\.m\.|am{_AFTER}|pm{_AFTER})"
    rf"|{_AFTER_TIME_WORD}(?:{EN_MONTHS})(?![A-Za-z])"  # "in May": a month after a word of time
    rf"|(?<![\d,.$£€¥])(?:1\d{{3}}|20\d{{2}})(?![\d%]|[,.]\d|\s?(?:{EN_MEASURE_UNITS}){_AFTER})"
)
# (pattern, type), in the order a value is typed when two patterns find the same words.
VALUE_PATTERNS = (
    (re.compile(rf"(?:{_NUM}|{_QUANTITY})\s?(?:-|–|to|and)\s?{_QUANTITY}|between\s{_NUM}\sand\s{_QUANTITY}"), "quantity"),
    (re.compile(rf"{_NUM}\s?(?:-|–|to)\s?{_NUM}\s?(?:%|percent|per cent){_AFTER}"), "percent"),
    (re.compile(rf"(?:{_NUM})\s?(?:%|percent{_AFTER}|per cent{_AFTER}|percentage points?{_AFTER})"), "percent"),
    (re.compile(_MONEY), "quantity"),
    (re.compile(_QUANTITY, re.I), "quantity"),
    (re.compile(_DATE), "date"),
    (re.compile(rf"\d+(?:st|nd|rd|th){_AFTER}|\b{EN_ORDINAL_WORDS}\b", re.I), "ordinal"),
    (re.compile(rf"(?<![\w.,$£€¥])(?:{_NUM})(?:\s{EN_MAGNITUDES})?{_AFTER}|\b{EN_NUMBER_WORDS}\b", re.I), "number"),
)
_CAPITAL = r"(?:(?:[A-Z]\.){2,}|[A-Z][a-z'’]*(?:-[A-Za-z][a-z'’]*)*\.?|[A-Z]{2,}s?)"
_CONNECT = r"(?:of|the|for|de|del|der|la|le|van|von|da|di|du|al|bin|&)"
_NAME_RE = re.compile(rf"{_CAPITAL}(?:\s(?:{_CONNECT}\s)*{_CAPITAL})*")
_TITLE_BEFORE = re.compile(rf"\b{EN_PERSON_TITLES}\s$")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|from|near|to|into|across|outside|inside)\s(?:the\s)?$")
_OPENING_RE = re.compile(r"(?:^|[.!?][\"'”’)]*\s+)[\"'“‘(]*$")  # nothing but the end of a sentence before
_WORD_RE = re.compile(r"[$€£¥]?[A-Za-z0-9](?:[A-Za-z0-9'’%-]|\.(?=[A-Za-z0-9]))*(?:\.(?<=\b[A-Z]\.))?")
_CLAUSE_RE = re.compile(r"[^,;:()\[\]\"“”—–]+")
_SUBORDINATOR_RE = re.compile(rf"\b{EN_SUBORDINATORS}\s", re.I)


def english_candidates(sentence: str) -> list[Span]:
    """Every candidate answer span of an English sentence (deduplicated by offsets)."""
    return list(_english_candidates(sentence))


@lru_cache(maxsize=20_000)
def _english_candidates(sentence: str) -> tuple[Span, ...]:
    found: dict[tuple[int, int], Span] = {}
    clauses = [(m.start(), m.end()) for m in _CLAUSE_RE.finditer(sentence) if m.group().strip()]
    clauses = [_strip(sentence, a, b) for a, b in clauses]
    for a, b in clauses:
        _phrases(sentence, a, b, found)
        for match in _SUBORDINATOR_RE.finditer(sentence, a, b):  # "because the road is blocked"
            start, end = _strip(sentence, match.end(), b)
            if end - start > 3:
                found.setdefault((start, end), _span(sentence, start, end, "clause", 0))
    for i, (a, _) in enumerate(clauses):
        for _, b in clauses[i : i + MAX_CLAUSES]:
            found.setdefault((a, b), _span(sentence, a, b, "clause", 0))
    for (a, b), kind in _names(sentence):
        found[(a, b)] = _span(sentence, a, b, kind, 1)
    values: list[tuple[int, int]] = []
    for pattern, kind in VALUE_PATTERNS:
        for match in pattern.finditer(sentence):
            a, b = _strip(sentence, match.start(), match.end())
            if a < b and not any(va <= a and b <= vb for va, vb in values):
                values.append((a, b))
                found[(a, b)] = _span(sentence, a, b, kind, 1)
    # A value is never cut ("064" of "87,064", "4.2" of "$4.2 million"), as in Chinese.
    kept = [s for s in found.values() if not any(a < s.start < b or a < s.end < b for a, b in values)]
    return tuple(sorted(kept, key=lambda s: (s.start, s.end)))


def _span(sentence: str, start: int, end: int, kind: str, words: int) -> Span:
    return Span(sentence[start:end], start, end, kind, words)


def _strip(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding spaces and a final full stop."""
    while start < end and not sentence[start].isalnum() and sentence[start] not in "$€£¥":
        start += 1
    while end > start and (sentence[end - 1].isspace() or sentence[end - 1] in ".!?'’"):
        if sentence[end - 1] == "." and re.search(r"\b[A-Z]\.$|\b(?:a|p)\.m\.$", sentence[start:end]):
            break  # an initial or "p.m." keeps its full stop
        end -= 1
    return start, end


def _phrases(sentence: str, start: int, end: int, found: dict[tuple[int, int], Span]) -> None:
    """Runs of up to five words inside one clause that neither begin nor end with a function
    word; typed by their head (last) word: a noun phrase, a name, or "other" when a verb or
    preposition other than "of" stands inside (those are short: the clause covers the rest)."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(sentence, start, end)]
    for i, (a, _, first) in enumerate(words):
        if _function(first):
            continue
        for j in range(i, min(i + MAX_PHRASE_WORDS, len(words))):
            _, b, last = words[j]
            if _function(last):
                continue
            inner = [w.lower() for _, _, w in words[i + 1 : j]]
            plain = all(w not in EN_FUNCTION_WORDS or w in ("of", "the", "a", "an", "and") for w in inner)
            if not plain and j - i + 1 > 3:
                continue
            capitals = [w[:1].isupper() for _, _, w in words[i : j + 1]]
            if _OPENING_RE.search(sentence[:a]):
                capitals[0] = capitals[0] and not _common_word(first)  # "Construction began"
            # A noun phrase ends in its head: lower-case, a common noun; all capitals, a name.
            kind = "other" if not plain else "proper" if all(capitals) else "noun" if not capitals[-1] else "other"
            found.setdefault((a, b), _span(sentence, a, b, kind, j - i + 1))


def _function(word: str) -> bool:
    return word.lower() in EN_FUNCTION_WORDS or re.fullmatch(EN_PERSON_TITLES, word) is not None


def _names(sentence: str) -> list[tuple[tuple[int, int], str]]:
    """Runs of capitalised words ("Margaret Lindqvist", "Bank of England"), and their parts on
    either side of "of"/"the" ("Dr. Amy Chen" of "Dr. Amy Chen of Harvard University"), with
    the type a title before them or their head word gives. The capital that only opens the
    sentence is no name ("The Harbor Bridge" is "Harbor Bridge"; "Construction began" has none)."""
    out = []
    for match in _NAME_RE.finditer(sentence):
        pieces = [(match.start(), match.end())]
        pieces += [(m.start(), m.end()) for m in re.finditer(rf"(?:{_CAPITAL}\s?)+", match.group()) if m.end() - m.start() < match.end() - match.start()]
        for a, b in pieces[:1] + [(match.start() + a, match.start() + b) for a, b in pieces[1:]]:
            named = _name(sentence, *_strip(sentence, a, b))
            if named:
                out.append(named)
                title = re.match(rf"{EN_PERSON_TITLES}\s", sentence[named[0][0] : named[0][1]])
                if title:  # "Mr. Okafor" is also "Okafor"
                    out.append(((named[0][0] + title.end(), named[0][1]), "person"))
    return out


def _name(sentence: str, a: int, b: int) -> tuple[tuple[int, int], str] | None:
    words = sentence[a:b].split()
    opening = _OPENING_RE.search(sentence[:a]) is not None
    while opening and len(words) > 1 and words[0].lower() in EN_FUNCTION_WORDS:
        a += len(words[0]) + 1
        words = words[1:]
    title = next((k for k, w in enumerate(words) if k and re.fullmatch(EN_PERSON_TITLES, w)), 0)
    if title:  # a title begins a name: "Curator Dr. Julian Marsh" is "Dr. Julian Marsh"
        a += sum(len(w) + 1 for w in words[:title])
        words = words[title:]
    if not words or (opening and len(words) == 1 and (words[0].lower() in EN_FUNCTION_WORDS or _common_word(words[0]))):
        return None
    if re.fullmatch(rf"{EN_MONTHS}|{EN_WEEKDAYS}|{EN_PERSON_TITLES}", sentence[a:b]):
        return None
    before, text = sentence[max(0, a - 20) : a], sentence[a:b]
    # The head of a name is its last word, or the word before "of" (Bank of England).
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    if _TITLE_BEFORE.search(before) or re.match(rf"{EN_PERSON_TITLES}\s", text):
        kind = "person"
    elif re.fullmatch(EN_ORG_HEADS, head) or (len(words) == 1 and words[0].isupper() and len(words[0]) > 1):
        kind = "org"
    elif re.fullmatch(EN_PLACE_HEADS, head) or re.fullmatch(EN_PLACE_FIRST, words[0]) or (_PLACE_BEFORE.search(before) and len(words) <= 2):
        kind = "place"
    elif 2 <= len(words) <= 3 and all(w[:1].isupper() and not w.endswith(".") or re.fullmatch(r"[A-Z]\.", w) for w in words) and not all(map(_common_word, words)):
        kind = "person"  # "Daniel Okafor", "J. Smith": given names and a family name ("Mountain Ecology" is none)
    else:
        kind = "proper"
    return (a, b), kind


@lru_cache(maxsize=4096)
def _common_word(word: str) -> bool:
    """A word English dictionaries list (so a capital at the start of a sentence is only that)."""
    from rag.search.translate import is_dictionary_word  # loads CC-CEDICT: only for English text

    return is_dictionary_word(word)
