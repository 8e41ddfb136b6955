"""The question's gap, found in a sentence that repeats the words around it.

A question is often its answer's sentence with the answer replaced by a question word:
"桃花源小厨以什么而闻名" asks about "…以太史五蛇羹而闻名". Where the sentence prints the end
of the words before the question word and, further on, the start of the words after it,
the answer is what stands between them. That stretch is offered as a candidate answer of
its own and marked, so the span model can weigh it against the others. The question's
frames (a few characters on each side of its question word) and the preposition before it
are looked for around every candidate (rag.answer.features).
"""

from __future__ import annotations

import re

from rag.answer.lexicon import AGENT_NOUN, APPROX, COPULAS, DIMENSIONS, MAJOR, NAMING_COPULAS, NUMBER, OTHER_DIMENSIONS, PREPOSITION_CLASSES, Kind
from rag.answer.matching import same_length_fold, term_positions
from rag.answer.question import Question, question_kind
from rag.answer.spans import PAIRED_MARKS, Span, candidates, span_at
from rag.answer.value_patterns import FIRST_RE, LATIN_BREAK
from rag.answer.words import tag_words
from rag.lang import fold, is_latin_text

FRAME_CHARS = 4  # characters of the question on each side of its question word that frame the answer
# Particles and copulas between the question's context and its gap ("X是谁" -> "X是Y").
_LINK_CHARS = "是为的了在于有由被叫称即"
MIN_ANCHOR = 2  # characters of the question that must match on a side (one matches by chance)
MAX_ANCHOR = 12
MAX_GAP = 40  # longer stretches are clauses, which are candidates already
_CLAUSE_END = re.compile(rf"[，。；：！？!?]|{LATIN_BREAK}")  # not 2,173: the gap is the whole number
# An enumeration's items are parted by 、 (顿号): a question asking for one thing is answered
# by one item ("白俄罗斯总统卢卡申科、吉尔吉斯斯坦总统扎帕罗夫" for 白俄罗斯总统是谁).
_ITEM_END = re.compile(rf"[，。；：！？!?、]|{LATIN_BREAK}")
_COPULAS = "是为"  # 是 "is", 为 "is, serves as"
_TRIM = "，。；：！？,;:!?、 （）()“”《》「」"
_ASPECT = "了过着"  # aspect particles after a verb (演唱了, 去过, 写着)
_FUNCTION_TAGS = ("p", "u", "c")  # jieba's prepositions, particles and conjunctions
_STRUCTURAL_TAGS = {"uj", "uv"}  # 的 (attributive), 地 (adverbial)
_WORD_REACH = 3  # how far back a word running across the gap's start may begin
# Between an attribute and its value: a naming copula or colon, a word of approximation
# or amount (人口约588万, 面积达5.6平方公里), or 有 ("has": 人口有588万).
_NAMING_LINK = f"(?:{NAMING_COPULAS}|：|:|有)?{APPROX}?$"


def _left_anchor(words: str, text: str, before: int, shortest: int = MIN_ANCHOR) -> int | None:
    """Where the longest end of `words` found in text[:before] ends (its last occurrence)."""
    for n in range(min(len(words), MAX_ANCHOR), shortest - 1, -1):
        at = text.rfind(words[-n:], 0, before)
        if at >= 0:
            return at + n
    return None


def _right_anchor(words: str, text: str, after: int, shortest: int = MIN_ANCHOR) -> int | None:
    """Where the longest start of `words` found in text (from `after` on) begins."""
    for n in range(min(len(words), MAX_ANCHOR), shortest - 1, -1):
        at = text.find(words[:n], after)
        if at >= 0:
            return at
    return None


def question_gap(question: Question, sentence: str) -> tuple[int, int] | None:
    """Offsets of the stretch of the sentence where the question's gap falls, or None: between
    the question's words on both sides, or, when the question word ends (begins) the
    question, from its words before (up to) to the end (from the start) of the clause."""
    if question.lang != "zh" or not question.wh:
        return None
    text = same_length_fold(sentence)
    left = fold(question.before).rstrip(_TRIM)
    right = _without_category(question, re.split(r"[？?。！!，,]", fold(question.after))[0].strip(_TRIM), text)
    start = _left_anchor(left, text, len(text)) if left else None
    # "总统是谁": the sentence may name him in apposition; "演唱了什么": it may state the act
    # without the aspect particle (演唱《歌唱祖国》).
    if start is None and left[-1:] in _COPULAS + _ASPECT:
        left = left[:-1]
        start = _left_anchor(left, text, len(text)) if left else None
    end = _right_anchor(right, text, start or 0) if right else None
    # Once one side is anchored firmly, a single character anchors the other ("以…而闻名").
    if start is None and end is not None and left:
        start = _left_anchor(left, text, end, shortest=1)
    elif end is None and start is not None and right:
        end = _right_anchor(right, text, start, shortest=1)
    stop = _CLAUSE_END if question.plural else _ITEM_END
    if start is not None and end is None and not right:
        found = stop.search(text, start)
        end = found.start() if found else len(text)
    elif end is not None and start is None and not left:
        found = [m.end() for m in stop.finditer(text, 0, end)]
        start = found[-1] if found else 0
    if start is None or end is None:
        return None
    start = _past_links(sentence, start, end)
    end = _before_particle(sentence, start, end)
    breaks = [m.end() for m in _CLAUSE_END.finditer(text, start, end)]
    if left and right and not question.plural and breaks:
        # The question's words stand in two clauses. A Chinese sentence names its topic once and
        # leaves it out of the clauses that follow (中欧班列从西安开出，将由霍尔果斯口岸出境):
        # the gap is in the clause of the words after it, after its adverbs and preposition
        # (将由…), which stand before the phrase asked for.
        start = breaks[-1]
        for word in tag_words(sentence[start:end]):
            if not (word.tag.startswith(("d", "p")) or word.text in _TRIM):
                break
            start += len(word.text)
    start, end = _whole_quotes(sentence, start, end)
    return (start, end) if 0 < end - start <= MAX_GAP else None


def _without_category(question: Question, right: str, text: str) -> str:
    """The question's words after its question word, less the noun naming the kind of thing
    asked for (歌曲 of 什么歌曲, 城市 of 哪座城市) when the sentence does not print it: the
    answer stands in its place (演唱《歌唱祖国》), so it anchors nothing."""
    category = fold(question.category)
    at = right.find(category) if category else -1
    if 0 <= at <= 1 and category not in text:  # after the question word, or its measure word
        return right[at + len(category) :].strip(_TRIM)
    return right


def _whole_quotes(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The gap with both marks of a quoted name it holds only one of: trimming the marks that
    join it to the question's words must not leave half a pair (反恐协作-2024”联合演习 of
    “反恐协作-2024”联合演习)."""
    for opening, closing in PAIRED_MARKS:
        text = sentence[start:end]
        if text.count(closing) > text.count(opening) and start > 0 and sentence[start - 1] == opening:
            start -= 1
        elif text.count(opening) > text.count(closing) and end < len(sentence) and sentence[end] == closing:
            end += 1
    return start, end


def _past_links(sentence: str, start: int, end: int) -> int:
    """Where the gap's words begin: after the marks and the copula or preposition that join the
    question's words to its answer in the sentence ("官方名称为「X」" answers 官方名称是什么 with X,
    "于1981年" answers 何时 with 1981年), unless nothing else is left. The question may print
    only part of a function word the sentence prints whole (靠 of "靠着X的机会" for 靠什么机会):
    the gap begins after that word."""
    lead = max(0, start - _WORD_REACH)
    across = [w for w in tag_words(sentence[lead:end]) if w.start < start - lead < w.end]
    if across and across[0].tag.startswith(_FUNCTION_TAGS) and across[0].end + lead < end:
        start = across[0].end + lead
    while start < end:
        while start < end and sentence[start] in _TRIM:
            start += 1
        words = tag_words(sentence[start:end])
        link = words[0] if words else None
        if link is None or len(words) < 2 or not (link.tag.startswith("p") or link.text in COPULAS):
            return start
        start += len(link.text)
    return start


def _before_particle(sentence: str, start: int, end: int) -> int:
    """Where the gap's words end: before closing marks and a structural particle (的, 地) that
    joins them to the question's next word in the sentence ("以浪漫喜剧的方式" for 以什么方式):
    a phrase does not end in one."""
    while end > start and sentence[end - 1] in _TRIM:
        end -= 1
    words = list(tag_words(sentence[start:end]))
    while len(words) > 1 and words[-1].tag in _STRUCTURAL_TAGS:
        end -= len(words.pop().text)
    return end


def question_candidates(question: Question, sentence: str) -> list[Span]:
    """The sentence's candidate answers, plus the question's gap when it is not one of them."""
    spans = candidates(sentence)
    if question.kind == Kind.ORDINAL:  # 首次 answers 第几次
        spans = _as_values(spans, FIRST_RE, sentence, "ordinal")
    if question.unit == MAJOR:  # 几大 is answered by 五大
        spans = _as_values(spans, re.compile(NUMBER + question.value_units), sentence, "quantity")
    gap = question_gap(question, sentence)
    if gap is not None and not any((s.start, s.end) == gap for s in spans):
        spans.append(span_at(sentence, *gap))
    # A phrase running into a question word (国家发展改革委|通报 for "哪个部门的通报表扬") also
    # stands without it: the question's words are never part of its answer.
    have = {(s.start, s.end) for s in spans}
    cuts = {(span.start, at) for at, end in term_positions(question, sentence) for span in spans if span.type != "clause" and span.start + 2 <= at < span.end <= end}
    return spans + [span_at(sentence, start, end) for start, end in sorted(cuts - have)]


def _as_values(spans: list[Span], pattern: re.Pattern[str], sentence: str, kind: str) -> list[Span]:
    """The candidates with each match of `pattern` in the sentence a value of `kind` (in place of
    a candidate of the same stretch): values only this question asks for (首次, 五大)."""
    values = {(m.start(), m.end()): Span(m.group(), m.start(), m.end(), kind, 1) for m in pattern.finditer(sentence)}
    return [s for s in spans if (s.start, s.end) not in values] + list(values.values())


def char_share(part: str, window: str) -> float:
    """Share of a question part's characters that occur in a window of the sentence."""
    chars = [ch for ch in part if ch.isalnum()]
    return sum(ch in window for ch in chars) / len(chars) if chars else 0.0


def frames(question: Question, width: int = FRAME_CHARS, sentence: str = "") -> tuple[str, str]:
    """The question's words just before and just after its question word; for an English
    question, the noun its question phrase asks about, as `sentence` would print it."""
    if question.lang == "en":
        return "", _english_frame(question, sentence)[:width]
    left = question.before.rstrip(_LINK_CHARS + "，, ").rstrip(_LINK_CHARS + "，, ")
    right = question.after.lstrip(_LINK_CHARS + "，, ")
    right = re.split(r"[？?。！!，,]", right)[0]
    if sentence:  # 哪个部门的通报表扬: the answer stands where 部门 is ("…发展改革委通报表扬")
        right = _without_category(question, fold(right), same_length_fold(sentence)).lstrip(_LINK_CHARS)
    agent = AGENT_NOUN.search(left)
    if agent and not right.strip():  # "主办方是谁": the answer stands before the verb (由Y主办)
        right = agent.group(1)
    return fold(left)[-width:], fold(right)[:width]


def _english_frame(question: Question, sentence: str) -> str:
    """The content word right after an English question phrase, as the Chinese one frames its
    answer ("observer" of "How many observer states…" for 3个观察员国, "song" of "What song…",
    "founded" of "Who founded…"), in the form the sentence would use: a translation in Chinese
    text, its stem in English text ("120 workers"); "" when a function word follows the
    phrase ("How many does…")."""
    _, match = question_kind(question.text, "en")
    if match is None or not question.focus_terms:
        return ""
    term = question.focus_terms[0]
    if not question.text[match.end() :].lower().lstrip().startswith(term.surface.lower()):
        return ""
    latin = is_latin_text(sentence)
    return fold(next((f for f in term.wording if f.isascii() == latin), ""))


def asked_dimension(question: Question) -> str:
    """The dimension a question asks a measure along (高 of 多高, 高多少米 and "how tall"), "" for
    none: Chinese prints it right before the value (长29米、高13米)."""
    if question.kind not in (Kind.NUMBER, Kind.PERCENT):
        return ""
    text = question.text.lower()
    return next((dimension for dimension, asked in DIMENSIONS.items() if re.search(asked, text)), "")


def dimension_before(folded: str, start: int) -> str:
    """The dimension word printed right before the value at `start`, maybe through a word of
    approximation and a copula (高约13米, 长达29米, 直径约为9米); "" when none is. A two-character
    dimension is found whole (周长 is no 长)."""
    found = re.search(f"({'|'.join(OTHER_DIMENSIONS)}|[{''.join(DIMENSIONS)}]){APPROX}?[为是]?$", folded[max(0, start - 7) : start])
    return found.group(1) if found else ""


def preposition_class(question: Question) -> str:
    """The prepositions of the class the question puts right before its question word
    ("在" of "在哪里": 在于), or "" when there is none."""
    if question.lang != "zh" or not question.wh:
        return ""
    # "在哪" is itself one of the question words ("会议在哪举行"): its 在 is the preposition.
    last = "在" if question.wh.startswith("在") else question.before.rstrip()[-1:]
    return next((group for group in PREPOSITION_CLASSES if last and last in group), "")


def frame_match(frame: str, text: str, from_end: bool) -> float:
    """Longest part of the frame (its end for the left side, its start for the right) in text."""
    for n in range(len(frame), 1, -1):  # two characters at least: one matches by chance
        piece = frame[-n:] if from_end else frame[:n]
        if piece and piece in text:
            return n / FRAME_CHARS
    return 0.0


def after_focus(question: Question, folded: str, spans: list[Span]) -> list[float]:
    """1 for each candidate printed right after the question's focus noun, directly or through
    a naming copula, colon, 有 or word of approximation: Chinese states an attribute's value in
    apposition to it
    (原名东那须野, 艺名纳豆, 人口约588万, 别称为黄兰蝉). `folded` is the sentence as
    same_length_fold gives it. English puts the value elsewhere ("a population of"): 0."""
    if question.lang != "zh" or not question.focus_terms:
        return [0.0] * len(spans)
    # The focus word next to the question word names the attribute (人口 of 该市人口有多少).
    wh = len(question.before)
    nearest = min(question.focus_terms, key=lambda t: abs(question.text.find(t.surface) - wh) if t.surface in question.text else len(question.text))
    forms = [re.escape(fold(f)) for f in nearest.forms if len(f) >= 2]
    if not forms:
        return [0.0] * len(spans)
    attribute = re.compile(f"(?:{'|'.join(forms)}){_NAMING_LINK}")
    return [float(bool(attribute.search(folded[max(0, s.start - 16) : s.start]))) for s in spans]


def before_term(folded: str, spans: list[Span], term_spans: list[tuple[int, int]]) -> list[float]:
    """1 for each name or value printed right before one of the question's words, or before 的
    and one: it modifies that noun, as a place names an event held there (阿斯塔纳峰会, 上合青岛
    峰会) or a country its office (法国总统, 中国的首都). `folded` is the sentence as
    same_length_fold gives it; `term_spans` its matches of the question's words."""
    starts = {start for start, _ in term_spans}
    out = []
    for span in spans:
        end = span.end + (folded[span.end : span.end + 1] == "的")
        overlaps = any(start < span.end and span.start < stop for start, stop in term_spans)
        out.append(float(span.type != "clause" and end in starts and not overlaps))
    return out
