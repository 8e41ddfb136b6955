"""Candidate short answers inside a sentence: words and phrases with a coarse type.

Candidates come from jieba's part-of-speech segmentation (runs of up to six words inside one
clause that neither begin nor end with a function word or a copula), from number, percentage and date
patterns (jieba cuts "87,064辆" into pieces), from quoted titles (《…》, “…”), and from
whole clauses (some questions are answered by one). Which candidate answers is decided by
the learned span model (rag/answer/features.py, rag/answer/model.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from rag.answer.dotted_names import dotted_names
from rag.answer.dotted_names import is_function_word as _is_function
from rag.answer.lexicon import INDEFINITE_ONE, LIFE_STAGES, NUMBER, ORG_HEADS
from rag.answer.value_patterns import DATE_RE, EMAIL_RE, LATIN_RUN_RE, NUMBER_RE, ORDINAL_RE, PERCENT_RE, PHONE_RE, QUANTITY_RE, QUOTED_RE, RANGE_RES, URL_RE, curly_quotes
from rag.answer.words import Word, heads_an_institution, tag_words
from rag.lang import is_latin_text, to_simplified

SPAN_TYPES = ("quantity", "number", "percent", "ordinal", "date", "person", "place", "org", "proper", "quoted", "noun", "clause", "other")
MAX_WORDS = 6
MAX_CHARS = 24
MAX_CLAUSES = 4
MAX_OTHER_WORDS = 3
MAX_LIST_CHARS = 80
_VALUE_TYPES = ("quantity", "percent", "date", "number", "ordinal")  # the kinds of value_patterns.py
_COORDINATION = {"、", "和", "与", "及", "以及", "或", "或者", "并"}
_SENTENCE_END = "。！？!?"
_CLAUSE_BREAK = re.compile(r"[，。；：！？,;:!?（）()\[\]【】\s—…]")  # dashes and ellipses part clauses too
# What a noun phrase is made of (jieba's tags): nouns and names, adjectives, numerals and
# measure words, distinguishing words, locatives, times, abbreviations, nominal verbs (投资).
_NOMINAL_TAGS = ("n", "a", "m", "q", "b", "f", "s", "t", "j", "z", "vn", "eng")
# Quotation and title marks, opening and closing in the same order; a quoted term or title is
# short, a quotation of someone's words longer.
_OPENING_MARKS, _CLOSING_MARKS = "“「『《‘", "”」』》’"
MAX_QUOTED_CHARS = 16
_YEARS = re.compile(rf"{NUMBER}年")  # a number of years, no month or day
_INDEFINITE = re.compile(INDEFINITE_ONE)  # 一个, 一组: "a", "an", no count


@dataclass(frozen=True)
class Span:
    """A candidate answer: its text, offsets in the sentence, coarse type and word count."""

    text: str
    start: int
    end: int
    type: str
    words: int


def _is_amount(text: str) -> bool:
    """Whether text is an amount with its measure word (3家, 4700多家), not the indefinite 一个."""
    return QUANTITY_RE.fullmatch(text) is not None and not _INDEFINITE.fullmatch(text)


def counts_years(span: Span) -> bool:
    """Whether a candidate read as a date is a number of years (成立23年后): it answers a question
    counting years (多少年, 多久) when the question's units are years."""
    return span.type == "date" and bool(_YEARS.fullmatch(span.text))


PAIRED_MARKS = tuple(zip(_OPENING_MARKS + "（(【", _CLOSING_MARKS + "）)】"))  # opening, closing


def halves_a_pair(sentence: str, start: int, end: int) -> bool:
    """Whether sentence[start:end] holds one mark of a pair whose other mark the sentence prints
    outside it ("Paul Sereno）提出…" of "保罗·塞里诺（Paul Sereno）提出…"): an answer holds both
    marks of a quotation, title or bracket, or neither."""
    for opening, closing in PAIRED_MARKS:
        depth = 0
        for ch in sentence[start:end]:
            if ch == opening:
                depth += 1
            elif ch == closing:
                depth -= 1
                if depth < 0 and opening in sentence[:start]:
                    return True
                depth = max(depth, 0)
        if depth > 0 and closing in sentence[end:]:
            return True
    return False


def _type_of(words: tuple[Word, ...]) -> str:
    """The type of a phrase: number patterns first, then its head (last) word's tag, since
    Chinese noun phrases end in their head (伊朗代理总统穆赫贝尔 is a person)."""
    text = "".join(w.text for w in words)
    head = words[-1].tag
    if PERCENT_RE.fullmatch(text):
        return "percent"
    if ORDINAL_RE.fullmatch(text):
        return "ordinal"
    if DATE_RE.fullmatch(text) or (head == "t" and re.search(r"[\d年月日时代纪]", words[-1].text) and words[-1].text not in LIFE_STAGES):  # not X9043次
        return "date"
    if _is_amount(text):
        return "quantity"
    if all(w.tag in ("m", "eng") and NUMBER_RE.fullmatch(w.text) for w in words):
        return "number"
    institution = heads_an_institution(words)  # 组织 of 上海合作组织 is no verb
    if len(words) > 1 and not all((w.tag.startswith(_NOMINAL_TAGS) and w.tag != "ad") or held for w, held in zip(words, institution)):
        return "other"  # "担任中国", "第三次对塔吉克斯坦": a verb or preposition makes it no name
    named = any(w.tag.startswith(("ns", "nr", "nt", "nz", "j")) for w in words[:-1])  # a name before the head
    body = ORG_HEADS.search(words[-1].text)  # the head word is an institution (办, not 主办)
    if len(words) > 1 and body and (body.start() == 0 or len(body.group()) > 1) and named:
        return "org"  # a named body: 中哈霍尔果斯国际边境合作中心, 聊城市委网信办
    if len(words) > 1 and words[-2].tag == "vn" and head.startswith(("nr", "ns")):
        return "other"  # a verbal noun before a name takes it as its object: 建设中国 "build China"
    for prefix, name in (("nr", "person"), ("ns", "place"), ("nt", "org"), ("nz", "proper"), ("eng", "proper")):
        if head.startswith(prefix):
            return name
    if head == "s" and named:
        return "place"  # a named place headed by a place word (处所词): 霍尔果斯铁路口岸
    if head.startswith(("n", "vn")):
        return "noun"
    return "other"


def span_at(sentence: str, start: int, end: int) -> Span:
    """sentence[start:end] as a candidate answer, typed like a phrase when it is made of whole
    words, else only by the value patterns (a number, date or percentage)."""
    words = tuple(w for w in tag_words(sentence) if start <= w.start and w.end <= end)
    simple = to_simplified(sentence[start:end])
    if words and words[0].start == start and words[-1].end == end:
        kind = _type_of(words)
    else:
        kind = next((name for pattern, name in ((PERCENT_RE, "percent"), (DATE_RE, "date")) if pattern.fullmatch(simple)), "quantity" if _is_amount(simple) else "other")
    return Span(sentence[start:end], start, end, kind, max(len(words), 1))


def candidates(sentence: str) -> list[Span]:
    """Every candidate answer span of a sentence (deduplicated by offsets). A sentence in
    traditional script is read in simplified script, character for character, so jieba's
    dictionary, the measure words and the lexicon apply (輛 is 辆); each candidate's text is
    the sentence's own. An English sentence has its own reading (rag.answer.english_spans)."""
    if is_latin_text(sentence):
        from rag.answer.english_spans import english_candidates  # it builds on this module's Span

        return english_candidates(sentence)
    return list(_candidates(sentence))


@lru_cache(maxsize=20_000)
def _candidates(original: str) -> tuple[Span, ...]:
    sentence = curly_quotes(to_simplified(original))  # same length: offsets hold in the original
    found: dict[tuple[int, int], Span] = {}
    words = tag_words(sentence)
    clause: list[Word] = []
    clauses: list[tuple[int, int, int]] = []  # start, end, and which sentence of the unit it is in
    sentences = 0
    for word in list(words) + [Word("。", len(sentence), "x")]:
        if _CLAUSE_BREAK.fullmatch(word.text[:1]) and len(word.text) == 1:
            merged = _quoted_as_words(clause)
            _phrases(merged, found)
            _lists(merged, found)
            if clause:
                clauses.append((clause[0].start, clause[-1].end, sentences))
            clause = []
            sentences += word.text in _SENTENCE_END
        else:
            clause.append(word)
    # A clause, or a run of clauses, answers some questions; a run stays inside one sentence of a
    # unit read with the one before it ("…篇章。”张百顺说。": the quote, or who said it).
    for i, (start, _, within) in enumerate(clauses):
        for _, end, other in clauses[i : i + MAX_CLAUSES]:
            if other == within:
                found.setdefault((start, end), Span(sentence[start:end], start, end, "clause", 0))
    values: list[tuple[int, int]] = []
    for start, end in dotted_names(sentence):
        values.append((start, end))
        found[(start, end)] = Span(sentence[start:end], start, end, "person", 1)
    for match in LATIN_RUN_RE.finditer(sentence):
        start, end = match.start(), match.end() - (1 if match.group().endswith(".") else 0)
        values.append((start, end))
        found[(start, end)] = Span(sentence[start:end], start, end, "proper", 1)
    for pattern, kind in ((EMAIL_RE, "proper"), (URL_RE, "proper"), (PHONE_RE, "number")):
        for match in pattern.finditer(sentence):
            values.append((match.start(), match.end()))
            found[(match.start(), match.end())] = Span(match.group(), match.start(), match.end(), kind, 1)
    statements: list[tuple[int, int]] = []  # quoted words (“…”, 「…」), not titles (《…》)
    for pattern, kind in ((QUANTITY_RE, "quantity"), (PERCENT_RE, "percent"), (DATE_RE, "date"), (NUMBER_RE, "number"), (ORDINAL_RE, "ordinal"), (QUOTED_RE, "quoted")):
        for match in pattern.finditer(sentence):
            values.append((match.start(), match.end()))
            if kind == "quantity" and not _is_amount(match.group()):
                found.pop((match.start(), match.end()), None)  # never cut, never an answer
                continue
            if kind == "quoted" and not match.group().startswith("《"):
                statements.append((match.start(), match.end()))
            if kind != "number" or (match.start(), match.end()) in found:
                found[(match.start(), match.end())] = Span(match.group(), match.start(), match.end(), kind, 1)
    ranges: dict[tuple[int, int], Span] = {}
    for pattern, kind in RANGE_RES:  # a range of dates, else of amounts ("1984年至1992年" is both)
        for match in pattern.finditer(sentence):
            ranges.setdefault((match.start(), match.end()), Span(match.group(), match.start(), match.end(), kind, 1))
    found.update(ranges)
    # A value is never cut: no candidate starts or ends inside a number, date or title ("064辆"
    # of "87,064辆", "4200平" of "4200平方米"). Quoted words are a name or someone's words: the
    # values they state stay candidates (“贸易额达到410亿美元” states 410亿美元). A quotation
    # longer than a quoted term is mostly someone's words, whose names are candidates too
    # (“我想去中国的清华大学读书” names 清华大学); a long quoted theme is cut into pieces alike,
    # which the span model ranks. A short quoted term is one name, never cut (“中国智造”).
    def cuts(span: Span, a: int, b: int) -> bool:
        stated = (a, b) in statements and a <= span.start and span.end <= b and (span.type in _VALUE_TYPES or b - a > MAX_QUOTED_CHARS)
        return (a < span.start < b or a < span.end < b) and not stated

    # A range is read whole or as one of its ends, never half of it with words outside it
    # ("上合组织2024" of "上合组织2024至2025年度").
    def crosses(span: Span, a: int, b: int) -> bool:
        return span.start < a < span.end < b or a < span.start < b < span.end

    kept = [s for s in found.values() if not any(cuts(s, a, b) for a, b in values) and not any(crosses(s, a, b) for a, b in ranges)]
    kept = [s for s in kept if not halves_a_pair(sentence, s.start, s.end)]
    # A place opening the name of a body (上海 of 上海合作组织, 北京 of 北京大学) is part of that
    # name, not a place of its own.
    bodies = [(s.start, s.end) for s in kept if s.type == "org"]
    kept = [s for s in kept if s.type != "place" or not any(a == s.start and b > s.end for a, b in bodies)]
    return tuple(replace(s, text=original[s.start : s.end]) for s in sorted(kept, key=lambda s: (s.start, s.end)))


def _quoted_as_words(clause: list[Word]) -> tuple[Word, ...]:
    """The clause's words with each short quoted term or title made one name-like word, so a
    phrase may hold it (一架“中国智造”无人机, 「一领具足」制度, 《人民日报》社论): inside the marks
    the words are a name, whatever their own tags. Long quotations (someone's words) stay as
    they are."""
    merged: list[Word] = []
    i = 0
    while i < len(clause):
        word = clause[i]
        close = _CLOSING_MARKS[_OPENING_MARKS.index(word.text)] if len(word.text) == 1 and word.text in _OPENING_MARKS else None
        end = next((j for j in range(i + 1, len(clause)) if clause[j].text == close), None) if close else None
        if end is not None and end > i + 1 and clause[end].end - word.start <= MAX_QUOTED_CHARS:
            merged.append(Word("".join(w.text for w in clause[i : end + 1]), word.start, "nz"))
            i = end + 1
        else:
            merged.append(word)
            i += 1
    return tuple(merged)


def _lists(clause: tuple[Word, ...], found: dict[tuple[int, int], Span]) -> None:
    """Enumerations inside one clause (越南、老挝和缅甸; 周恩来与金日成): noun phrases joined by
    、 or a conjunction are one candidate too, typed like their last item, for the questions
    that ask for several things (哪些)."""
    items: list[tuple[Word, ...]] = []
    item: list[Word] = []
    for word in clause + (Word("。", -1, "x"),):
        if word.tag.startswith(_NOMINAL_TAGS) and word.tag != "ad":
            item.append(word)
        elif word.text in _COORDINATION and word.text != "并" and item:
            items.append(tuple(item))
            item = []
        else:
            if item:
                items.append(tuple(item))
            if len(items) >= 2 and items[-1][-1].end - items[0][0].start <= MAX_LIST_CHARS:
                start, end = items[0][0].start, items[-1][-1].end
                text = "".join(w.text for w in clause if start <= w.start and w.end <= end)
                found.setdefault((start, end), Span(text, start, end, _type_of(items[-1]), sum(len(i) for i in items)))
            items, item = [], []


def _phrases(clause: tuple[Word, ...], found: dict[tuple[int, int], Span]) -> None:
    """Phrases inside one clause, never across an enumeration (、) or a conjunction (和, 以及):
    a list is several answers, each its own candidate."""
    part: list[Word] = []
    for word in clause + (Word("、", -1, "x"),):
        if word.text in _COORDINATION or word.tag == "c":
            _phrases_in(tuple(part), found)
            part = []
        else:
            part.append(word)


def _phrases_in(clause: tuple[Word, ...], found: dict[tuple[int, int], Span]) -> None:
    for i, first in enumerate(clause):
        if _is_function(first):
            continue
        for j in range(i, min(i + MAX_WORDS, len(clause))):
            last = clause[j]
            if last.end - first.start > MAX_CHARS:
                break
            if _is_function(last):
                continue
            if j > i and _INDEFINITE.fullmatch(first.text):
                break  # the article "a" (一位 of 一位德国赛车手) opens no name: 德国赛车手 is one
            piece = clause[i : j + 1]
            kind = _type_of(piece)
            if kind == "other" and len(piece) > MAX_OTHER_WORDS:
                continue  # long phrases not headed by a name, noun or number: the clause covers them
            text = "".join(w.text for w in piece)
            found.setdefault((first.start, last.end), Span(text, first.start, last.end, kind, len(piece)))
