"""Score the sentences of retrieved passages as evidence for a question.

A sentence is good evidence when it covers the question's terms (weighted by rarity; the
article title and neighbouring sentences count at a discount), mentions the focus the
question asks about, and states a value of the kind asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from rag.answer.question import Question, Term
from rag.answer.values import Value, find_value, needs_value
from rag.schema import Passage
from rag.lang import fold, sentence_spans

CONTEXT_DISCOUNT = 0.7
VALUE_BONUS = 0.4
RANK_PRIOR = 0.05
# Below this share of the question's (weighted) terms, nothing answers the question. English
# questions are matched through a word-for-word dictionary translation, which loses words.
# When the question asks for a value (a number with the right unit, the name behind a title)
# and the sentence states one, less of the wording needs to match: paraphrases then pass.
MIN_COVERAGE = 0.55
MIN_COVERAGE_EN = 0.4
MIN_COVERAGE_WITH_VALUE = 0.45
MIN_COVERAGE_WITH_VALUE_EN = 0.3
# A "which" question whose wording the sentence matches almost entirely is answered by it
# even when the named thing can't be aligned with the question's gap.
WHICH_STRONG_COVERAGE = 0.85
FOCUS_IN_SENTENCE_BONUS = 0.3
MIN_FOCUS_COVER = 0.5


@dataclass
class Evidence:
    """One sentence of one retrieved passage, with how well it answers the question."""

    passage_index: int
    start: int  # offsets in the passage text
    end: int
    text: str
    coverage: float = 0.0  # of question terms, sentence and context
    sentence_coverage: float = 0.0  # of question terms, sentence alone
    focus_ok: bool = True
    value: Value | None = None
    score: float = 0.0
    covered: frozenset[int] = frozenset()  # indices of terms this evidence covers


def _norm(text: str) -> str:
    return fold(text)


def _subsequence_within(form: str, text: str, window: int) -> bool:
    """The characters of form appear in order within `window` characters ("上合组织" in "上海合作组织")."""
    start = text.find(form[0])
    while start != -1:
        pos = start
        ok = True
        for ch in form[1:]:
            pos = text.find(ch, pos + 1, start + window)
            if pos == -1:
                ok = False
                break
        if ok:
            return True
        start = text.find(form[0], start + 1)
    return False


def cover(term: Term, text: str) -> float:
    """How well text contains a term: 1 exact, 0.8 as an in-order abbreviation, else the share
    of its character bigrams (when at least half are there)."""
    text = _norm(text)
    best = 0.0
    for form in term.forms:
        form = _norm(form)
        if not form:
            continue
        if form in text:
            return 1.0
        if len(form) >= 3 and not form.isascii() and _subsequence_within(form, text, 2 * len(form) + 1):
            best = max(best, 0.8)
        elif len(form) >= 3 and not form.isascii():
            grams = [form[i : i + 2] for i in range(len(form) - 1)]
            share = sum(g in text for g in grams) / len(grams)
            if share >= 0.5:
                best = max(best, share * 0.7)
    return best


def sentences_of(passages: list[Passage]) -> list[Evidence]:
    out = []
    for index, passage in enumerate(passages):
        for start, end in sentence_spans(passage.text):
            out.append(Evidence(index, start, end, passage.text[start:end]))
    return out


def score_evidence(question: Question, passages: list[Passage]) -> list[Evidence]:
    """Every sentence of the passages, scored, best first."""
    candidates = sentences_of(passages)
    total = sum(t.weight for t in question.terms) or 1.0
    for ev in candidates:
        passage = passages[ev.passage_index]
        neighbours = [c.text for c in candidates if c.passage_index == ev.passage_index and c is not ev and abs(c.start - ev.start) <= 200]
        context = passage.title + "\n" + "\n".join(neighbours)
        in_sentence = [cover(t, ev.text) for t in question.terms]
        in_context = [max(s, CONTEXT_DISCOUNT * cover(t, context)) for t, s in zip(question.terms, in_sentence)]
        ev.sentence_coverage = sum(t.weight * s for t, s in zip(question.terms, in_sentence)) / total
        ev.coverage = sum(t.weight * c for t, c in zip(question.terms, in_context)) / total
        ev.covered = frozenset(i for i, c in enumerate(in_context) if c >= 0.5)
        ev.focus_ok = all(in_context[i] >= MIN_FOCUS_COVER * CONTEXT_DISCOUNT for i in question.focus)
        ev.value = find_value(ev.text, question)
        focus_here = sum(in_sentence[i] >= 0.5 for i in question.focus) / len(question.focus) if question.focus else 0.0
        ev.score = ev.coverage + 0.5 * ev.sentence_coverage + (VALUE_BONUS if ev.value else 0.0) + FOCUS_IN_SENTENCE_BONUS * focus_here
        ev.score += RANK_PRIOR / (ev.passage_index + 1)
    return sorted(candidates, key=lambda e: -e.score)


def answers_question(question: Question, evidence: Evidence) -> bool:
    """Whether this evidence is enough to answer rather than abstain.

    Questions asking for a value need the value (of the right unit) and moderate coverage;
    other questions need good coverage and the focus word (the attribute asked about).
    """
    english = question.lang == "en"
    if question.which and evidence.value is None and evidence.coverage >= WHICH_STRONG_COVERAGE and evidence.focus_ok:
        return True
    if needs_value(question):
        threshold = MIN_COVERAGE_WITH_VALUE_EN if english else MIN_COVERAGE_WITH_VALUE
        return evidence.value is not None and evidence.coverage >= threshold
    threshold = MIN_COVERAGE_EN if english else MIN_COVERAGE
    return evidence.coverage >= threshold and evidence.focus_ok
