"""The extractive answerer (small fitted models, no download): the sentences that answer,
quoted, headed by the short answer when one is likely, each with its [n]; or an abstention."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from rag.answer.evidence import Evidence, Similarity, score_evidence, text_language
from rag.answer.lexicon import CAUSE_MARKERS
from rag.answer.matching import cover
from rag.answer.model import AnswererModel, calibration_key, load_model
from rag.answer.offices import asks_post, posts_printed
from rag.answer.question import Kind, Question
from rag.answer.refine import states_nothing, sure_enough
from rag.answer.spans import Span
from rag.answer.unstated import named_value_missing, nothing_new, quantity_missing
from rag.answer.value_patterns import LATIN_BREAK
from rag.lang import sentence_spans
from rag.schema import Passage

NAME = "extractive"
MAX_QUOTE_CHARS = 160  # a whole sentence reads better than a clipped one; only run-ons are cut to clauses
MAX_CLAIMS = 2
MAX_JOINED_QUOTE_CHARS = 2 * MAX_QUOTE_CHARS  # one quote holding two claims of one passage
SECOND_CLAIM_MIN_GAIN = 0.25
SECOND_CLAIM_MIN_PROBABILITY = 0.5  # the second sentence must itself more likely answer than not
# A runner-up the model rates nearly as likely as the best sentence is quoted too, rather than
# guessing between them, unless the best sentence states a confident short answer. Chosen on
# the fitting part (out of fold) as the lowest ratio of 0.9, 0.8, 0.7… giving at most 1 answer
# in 4 a second quote: 1 in 5 get one, and a quote holds the answer for 0.86 of Chinese
# questions instead of 0.83.
CLOSE_RUNNER_UP = 0.9
# An answer often runs over two sentences (a list continued, a definition and its second
# half): the sentence right before or after the best one, in its passage, is quoted with it
# when the model rates it at least this share as likely as the best. Chosen on the fitting
# part (out of fold) among 0.3, 0.5, 0.65 and 0.8: a quote holds the whole answer for 0.82 of
# Chinese questions instead of 0.79 (first-line F1 0.587 → 0.584), and replies grow by a fifth
# (at 0.3 by two fifths).
NEIGHBOUR_SHARE = 0.5
_CLAUSE_END = re.compile(rf"[，；：]|{LATIN_BREAK}")
_ITEM_END = re.compile(rf"[、，；：]|{LATIN_BREAK}")  # an enumeration's items end at 、 too


@dataclass
class Draft:
    """An answer before citation checking: text whose [n] are passage positions (1-based),
    the quote chosen for each, or an abstention."""

    text: str
    quotes: dict[int, str]
    abstained: bool
    confidence: float = 0.0  # the model's probability that the best evidence answers


def _clause_spans(sentence: str, pattern: re.Pattern[str] = _CLAUSE_END) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in pattern.finditer(sentence):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(sentence):
        spans.append((start, len(sentence)))
    return spans


def trim_quote(ev: Evidence, question: Question) -> tuple[int, int]:
    """Offsets (within the sentence) of the clauses that carry the answer, at most ~90 chars:
    the clause holding the value (or the most question terms), widened while it fits."""
    sentence = ev.text
    if len(sentence) <= MAX_QUOTE_CHARS:
        return 0, len(sentence)
    spans = _clause_spans(sentence)
    if max(e - s for s, e in spans) > MAX_QUOTE_CHARS:
        spans = _clause_spans(sentence, _ITEM_END)  # long enumerations: cut at 、 too
    if ev.span is not None:
        centre = next(i for i, (s, e) in enumerate(spans) if s <= ev.span.start < e)
    else:
        centre = max(range(len(spans)), key=lambda i: sum(t.weight * cover(t, sentence[spans[i][0] : spans[i][1]]) for t in question.terms))
    lo = hi = centre
    while True:
        grown = False
        for candidate in (lo - 1, hi + 1):  # prefer the clause before: it names the subject
            if 0 <= candidate < len(spans):
                new_lo, new_hi = min(lo, candidate), max(hi, candidate)
                if spans[new_hi][1] - spans[new_lo][0] <= MAX_QUOTE_CHARS:
                    lo, hi, grown = new_lo, new_hi, True
                    break
        if not grown:
            break
    return spans[lo][0], spans[hi][1]


def _pick_claims(question: Question, ranked: list[Evidence], settled: bool) -> list[Evidence]:
    """The best sentence, plus a second one when the model can hardly tell it from the best
    and the best states no confident short answer (`settled`), or when it is likely and
    covers question words the first leaves out (questions that need two facts)."""
    best = ranked[0]
    runner_up = next((ev for ev in ranked[1:] if ev.text != best.text), None)
    if not settled and runner_up is not None and runner_up.probability >= CLOSE_RUNNER_UP * best.probability:
        return [best, runner_up]
    claims = [best]
    total = sum(t.weight for t in question.terms) or 1.0
    missing = {i for i in range(len(question.terms)) if i not in best.covered}
    for ev in ranked[1:]:
        if len(claims) == MAX_CLAIMS or not missing:
            break
        gain = sum(question.terms[i].weight for i in missing & ev.covered) / total
        if gain >= SECOND_CLAIM_MIN_GAIN and ev.probability >= SECOND_CLAIM_MIN_PROBABILITY and ev.text != best.text:
            claims.append(ev)
    return claims


def with_cause(question: Question, ev: Evidence, passages: list[Passage]) -> Evidence:
    """For a why-question whose sentence states no cause (因此并没有列入…: the consequence),
    the sentence before it in its passage as well, where Chinese gives the cause; unchanged
    for other questions, or when the two would not fit one quote."""
    if question.kind != Kind.REASON or CAUSE_MARKERS.search(ev.text):
        return ev
    text = passages[ev.passage_index].text
    before = [start for start, end in sentence_spans(text) if end <= ev.start]
    if not before or ev.end - before[-1] > MAX_JOINED_QUOTE_CHARS:
        return ev
    return _from(ev, before[-1], passages)


def _from(ev: Evidence, start: int, passages: list[Passage]) -> Evidence:
    """The evidence widened to begin earlier in its passage (its short answer kept in place)."""
    shift = ev.start - start
    span = replace(ev.span, start=ev.span.start + shift, end=ev.span.end + shift) if ev.span else None
    return replace(ev, start=start, text=passages[ev.passage_index].text[start : ev.end], span=span)


def neighbour(best: Evidence, ranked: list[Evidence], passages: list[Passage]) -> Evidence | None:
    """The sentence right before or after the best one in its passage, when the model rates it
    at least NEIGHBOUR_SHARE as likely and the two fit one quote (the likelier one of two)."""
    for other in ranked:
        if other.passage_index != best.passage_index or other.text == best.text or other.probability < NEIGHBOUR_SHARE * best.probability:
            continue
        if _adjacent(best, other, passages) and max(other.end, best.end) - min(other.start, best.start) <= MAX_JOINED_QUOTE_CHARS:
            return other
    return None


def _value_beside(question: Question, ranked: list[Evidence], passages: list[Passage]) -> list[Evidence]:
    """A sentence naming a thing is often followed by one stating its amount with a shorter
    reference to it ("X是…示范区。在合作中心5.6平方公里的…"), or preceded by one naming its place
    ("…帕克蒂亚省…。这里出产的松子…"): when the best sentence states no value of the kind asked
    for (an amount, a date for which year, a place of the kind asked for), the sentence right
    before or after it in its article that does (rated at least NEIGHBOUR_SHARE as likely, in
    the same passage or the next) answers first."""
    missing = lambda ev: quantity_missing(question, ev) or named_value_missing(question, ev)  # noqa: E731
    if not ranked or not missing(ranked[0]):
        return ranked
    best = ranked[0]
    for ev in ranked[1:]:
        if ev.probability >= NEIGHBOUR_SHARE * best.probability and _adjacent(best, ev, passages) and not missing(ev):
            return [ev, *(other for other in ranked if other is not ev)]
    return ranked


def _post_first(question: Question, ranked: list[Evidence]) -> list[Evidence]:
    """张百顺担任什么职务: a sentence printing posts before his name (聊城市委副书记、市长张百顺)
    answers before one that only names him, when rated at least NEIGHBOUR_SHARE as likely."""
    if not ranked or not asks_post(question) or posts_printed(question, ranked[0].text):
        return ranked
    for ev in ranked[1:]:
        if ev.probability >= NEIGHBOUR_SHARE * ranked[0].probability and posts_printed(question, ev.text):
            return [ev, *(other for other in ranked if other is not ev)]
    return ranked


def _adjacent(a: Evidence, b: Evidence, passages: list[Passage]) -> bool:
    """Whether two sentences stand next to each other in one article (nothing but white space
    between them), also when retrieval cut them into neighbouring passages."""
    pa, pb = passages[a.passage_index], passages[b.passage_index]
    if pa.source != pb.source:
        return False
    first, second = sorted([(pa.start + a.start, pa.start + a.end), (pb.start + b.start, pb.start + b.end)])
    between = next((p.text[first[1] - p.start : second[0] - p.start] for p in (pa, pb) if p.start <= first[1] and second[0] <= p.end), None)
    return second[0] >= first[1] and (between.strip() == "" if between is not None else second[0] - first[1] <= 2)


def abstention_text(question: Question, best: Evidence | None = None) -> str:
    """What to say when the articles don't answer, in the question's language, naming what
    the best passage sentence failed to mention when that is clear."""
    if question.lang == "en":
        return f"The articles don't say: none of the passages found answers “{question.text}”."
    missing = [question.terms[i] for i in question.focus if best is None or i not in best.covered]
    focus = "".join(t.surface for t in missing)
    return f"文章中没有找到能回答这个问题的内容{f'（没有提到“{focus}”）' if focus else ''}。"


def extract_answer(question: Question, passages: list[Passage], idf: Callable[[str], float], similarity: Similarity | None = None, model: AnswererModel | None = None) -> Draft:
    """Quote the passage sentences that answer the question, headed by the short answer when
    the span model is confident of one; abstain when the best sentence is unlikely to answer."""
    if not passages or not question.terms:
        return Draft(abstention_text(question), {}, True)
    model = model or load_model()
    if model.sentence_semantic is None:
        similarity = None  # the model was fitted without it: its shortlist must be the same
    ranked, confidence = score_evidence(question, passages, model, idf, similarity)
    ranked = _post_first(question, _value_beside(question, ranked, passages))
    key = calibration_key(question.lang, text_language([ev.text for ev in ranked]))
    _, _, threshold = model.stack(similarity is not None, key)
    # A post printed before the name of the person whose post is asked for states it, however
    # unlike the fitting questions the sentence is (市委书记李长萍 for 李长萍的职务是什么).
    stated = bool(ranked) and asks_post(question) and bool(posts_printed(question, ranked[0].text))
    if not ranked or (confidence < threshold and not stated) or quantity_missing(question, ranked[0]) or named_value_missing(question, ranked[0]) or nothing_new(question, ranked[0]):
        return Draft(abstention_text(question, ranked[0] if ranked else None), {}, True, confidence)
    spans: dict[int, tuple[int, int]] = {}  # marker -> the stretch of its passage quoted
    lines: list[str] = []
    span_threshold = model.span_threshold_for(key, question.kind)
    settled = sure_enough(question, ranked[0], span_threshold)
    claims = _pick_claims(question, ranked, settled)
    widened = with_cause(question, claims[0], passages)
    beside = neighbour(claims[0], ranked, passages) if widened is claims[0] else None
    if beside is not None and beside.start < claims[0].start:
        widened = _from(claims[0], beside.start, passages)  # one quote, in the passage's order
        claims = [claims[0], *(ev for ev in claims[1:] if ev.text != beside.text)]  # quoted once
    elif beside is not None:
        claims = [claims[0], beside]  # its own line after the best, one citation for both
    for ev in [widened, *claims[1:]]:
        n = ev.passage_index + 1
        whole = ev is widened and widened is not claims[0]  # a cause and its consequence, quoted whole
        start, end = (0, len(ev.text)) if whole else trim_quote(ev, question)
        while end > start + 1 and ev.text[end - 1] in "，；：,;:、":
            end -= 1
        quote = ev.text[start:end]
        lo, hi = spans.get(n, (ev.start + start, ev.start + end))
        lo, hi = min(lo, ev.start + start), max(hi, ev.start + end)
        if n in spans and hi - lo > MAX_JOINED_QUOTE_CHARS:
            continue  # two claims of one passage share its citation: only when one quote holds both
        spans[n] = (lo, hi)
        # A quote of two sentences may hold the passage's line break: one line per claim.
        quote = re.sub(r"\s*\n\s*", " ", quote)
        shown = _balanced(("……" if start > 0 else "") + quote.rstrip("，；：,;:、") + ("……" if end < len(ev.text) else ""))
        confident = sure_enough(question, ev, span_threshold) and ev.span is not None and fits_headline(question, ev.span, quote)
        value = ev.span.text if confident and ev.span is not None else ""
        lines.append(_claim_line(question.lang, value, shown, n, first=not lines))
    quotes = {n: passages[n - 1].text[lo:hi] for n, (lo, hi) in spans.items()}
    return Draft("\n".join(lines), quotes, False, confidence)


def fits_headline(question: Question, span: Span, quote: str) -> bool:
    """Whether a short answer can head the reply at all: a clause only when it is shorter than
    the quote that follows (else it repeats it), never the question's own words, and only what
    a citation can check (a lone character such as 夏 of 夏巴兹 states nothing)."""
    return (span.type != "clause" or len(span.text) < 0.8 * len(quote)) and not states_nothing(question, span)


def _balanced(text: str) -> str:
    """Drop a closing quote whose opening quote lies outside the quoted words."""
    while text.endswith("”") and text.count("”") > text.count("“"):
        text = text[:-1]
    while text.startswith("“") and text.count("“") > text.count("”"):
        text = text[1:]
    return text


def _quoted(quote: str) -> str:
    """The quote in quotation marks, unless it is one whole quotation already (someone's words,
    “销路打开后，……”): marks around marks (““…””) read as a typo."""
    depth = 0
    for i, ch in enumerate(quote):
        depth += (ch == "“") - (ch == "”")
        if depth <= 0 and i < len(quote) - 1:
            return f"“{quote}”"
    return quote if quote.startswith("“") and depth == 0 else f"“{quote}”"


def _claim_line(lang: str, value: str, quote: str, n: int, first: bool) -> str:
    if lang == "en":
        lead = f"{value} [{n}]\n" if value and first else ""
        return f"{lead}The articles say: {_quoted(quote)} [{n}]"
    if value and first:
        return f"{value}[{n}]\n原文：{_quoted(quote)}[{n}]"
    return f"{quote}[{n}]"
