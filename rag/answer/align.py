"""The question's frames and gap, looked for around a sentence's candidate answers.

The question's frames (a few characters on each side of its question word) and the
preposition before it are looked for around every candidate (rag.answer.features); the
stretch where the question's gap falls (rag.answer.gap) is offered as a candidate answer of
its own and marked, so the span model can weigh it against the others.
"""

from __future__ import annotations

import re

from rag.answer.gap import LINK_CHARS, comparison_as_printed, question_gap, without_category
from rag.answer.lexicon import AGENT_NOUN, APPROX, DIMENSIONS, MAJOR, NAMING_COPULAS, NUMBER, OTHER_DIMENSIONS, PREPOSITION_CLASSES, Kind
from rag.answer.matching import same_length_fold, term_positions
from rag.answer.offices import asks_post, posts_printed
from rag.answer.question import Question, question_kind
from rag.answer.spans import Span, candidates, span_at
from rag.answer.value_patterns import FIRST_RE
from rag.lang import fold, is_latin_text

FRAME_CHARS = 4  # characters of the question on each side of its question word that frame the answer
# Between an attribute and its value: a naming copula or colon, a word of approximation
# or amount (人口约588万, 面积达5.6平方公里), or 有 ("has": 人口有588万).
_NAMING_LINK = f"(?:{NAMING_COPULAS}|：|:|有)?{APPROX}?$"


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
    if asks_post(question):  # the titles before a name the question asks the post of
        have = {(s.start, s.end) for s in spans}
        spans += [span_at(sentence, start, end) for start, end in posts_printed(question, sentence) if (start, end) not in have]
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
    left = question.before.rstrip(LINK_CHARS + "，, ").rstrip(LINK_CHARS + "，, ")
    right = question.after.lstrip(LINK_CHARS + "，, ")
    right = re.split(r"[？?。！!，,]", right)[0]
    if sentence:  # 哪个部门的通报表扬: the answer stands where 部门 is ("…发展改革委通报表扬")
        right = without_category(question, fold(right), same_length_fold(sentence)).lstrip(LINK_CHARS)
        left = comparison_as_printed(fold(left), same_length_fold(sentence))
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
