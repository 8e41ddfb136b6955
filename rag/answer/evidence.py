"""Choose the evidence: every sentence of the retrieved passages is measured, the most
promising ones get their candidate short answers scored by the span model, and the
sentence model gives each the probability that it answers the question.

Used the same way at answer time and by the trainer (rag/evaluate/training.py), so the
model is fitted on exactly the features it is applied to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from rag.answer.align import asked_dimension, dimension_before, question_candidates
from rag.answer.asked import apposition, name_endings
from rag.answer.exclusion import holds_set_aside, set_aside
from rag.answer.offices import asks_post, holding_office, posts_printed
from rag.answer.change import asked_change, changed_by
from rag.answer.enumeration import enumeration_features, in_list_items
from rag.answer.features import SPAN_FEATURES, SentenceInfo, question_row, sentence_rows, span_rows, span_stats
from rag.answer.instructions import instruction_spans
from rag.answer.lexicon import CLAUSE_ANSWERED, KIND_FALLBACK_SPAN_TYPES, KIND_SPAN_TYPES, Kind
from rag.answer.matching import bigram_overlap, cjk_bigrams, cover_folded, same_length_fold, term_positions
from rag.answer.model import AnswererModel, calibration_key
from rag.answer.overlap import make_pool, pool_scores
from rag.answer.places import asked_by_kind, wrong_level
from rag.answer.refine import counted_noun, from_name_start, named_in_full, states_nothing, without_question_lead
from rag.answer.respectively import respective_values
from rag.answer.question import Question
from rag.answer.spans import Span, counts_years
from rag.answer.topic_chains import evidence_units
from rag.lang import fold, is_latin_text
from rag.schema import Passage

CONTEXT_DISCOUNT = 0.7  # a question word found only in the title or a neighbour counts less
NEIGHBOUR_CHARS = 200
# Values a list's items each state one of (甲国总统张三、乙国总统李四): a question about one
# item's words asks for that item's value. (A list of things may be the answer itself.)
_ITEM_VALUES = frozenset({Kind.PERSON, Kind.PLACE, Kind.TIME, Kind.NUMBER, Kind.PERCENT})
SHORTLIST = 8  # sentences whose candidate answers are scored (tagging words costs ~1 ms each)

Similarity = Callable[[list[str]], Sequence[float]]


@dataclass
class Candidate:
    """A shortlisted sentence with its candidate short answers and their features."""

    info: SentenceInfo
    spans: list[Span]
    span_x: np.ndarray
    similarity: float | None = None


@dataclass
class Evidence:
    """A sentence of a retrieved passage, with the probability that it answers the question
    and its best short answer (when one is likely enough to show)."""

    passage_index: int
    start: int  # offsets in the passage text
    end: int
    text: str
    probability: float
    span: Span | None = None
    span_probability: float = 0.0
    covered: frozenset[int] = frozenset()  # indices of question terms it covers
    partial: bool = False  # its short answer is one item of several asked for: no headline


def question_bigrams(question: Question) -> set[str]:
    """The matching units (rag.answer.matching.cjk_bigrams) of the question's content words."""
    grams: set[str] = set()
    for term in question.terms:
        for form in term.wording:
            grams |= cjk_bigrams(form)
    return grams



def measure(question: Question, passages: list[Passage], idf: Callable[[str], float]) -> list[SentenceInfo]:
    """Every sentence of the passages with how well it and its context cover the question."""
    grams = question_bigrams(question)
    infos: list[SentenceInfo] = []
    sentences: list[tuple[int, int, int, list[tuple[int, int]]]] = []
    for index, passage in enumerate(passages):
        spans = evidence_units(passage.text)
        skipped = instruction_spans(passage.text)  # instructions printed in an article are not evidence
        for start, end in spans:
            if any(start <= s and e <= end for s, e in skipped):
                continue
            sentences.append((index, start, end, spans))
    pool = make_pool(question, list(dict.fromkeys(passages[i].text[s:e] for i, s, e, _ in sentences)), [p.title for p in passages])
    title_covers = [[cover_folded(t, fold(p.title)) for t in question.terms] for p in passages]
    for index, start, end, spans in sentences:
        passage = passages[index]
        text = passage.text[start:end]
        neighbours = [passage.text[s:e] for s, e in spans if (s, e) != (start, end) and abs(s - start) <= NEIGHBOUR_CHARS]
        context = passage.title + "\n" + "\n".join(neighbours)
        info = SentenceInfo(index, start, end, text, context, lead=passage.start == 0 and (start, end) == spans[0])
        folded, folded_context = fold(text), fold(context)
        info.covers_sentence = [cover_folded(t, folded) for t in question.terms]
        info.covers_title = title_covers[index]
        info.covers_context = [max(s, CONTEXT_DISCOUNT * cover_folded(t, folded_context)) for t, s in zip(question.terms, info.covers_sentence)]
        info.bigrams = bigram_overlap(grams, text, idf)
        info.pool = pool_scores(pool, text, passage.title)
        at = spans.index((start, end))
        info.lists = enumeration_features(question, text, passage.text[slice(*spans[at - 1])] if at else "")
        infos.append(info)
    return infos


def shortlist(question: Question, passages: list[Passage], idf: Callable[[str], float], similarity: Similarity | None = None) -> list[Candidate]:
    """The sentences worth a closer look (by coverage, bigrams and meaning), with their spans."""
    infos = measure(question, passages, idf)
    if not infos:
        return []
    sims = [float(s) for s in similarity([i.text for i in infos])] if similarity is not None else None
    total = sum(t.weight for t in question.terms) or 1.0
    prior = [
        sum(t.weight * c for t, c in zip(question.terms, info.covers_context)) / total + 0.5 * info.bigrams + (sims[i] if sims else 0.0)
        for i, info in enumerate(infos)
    ]
    # Overlapping passages repeat sentences: each sentence is looked at once. Walking from the
    # last passage to the first, a later (better-ranked) copy overwrites an earlier one.
    unique = list({infos[i].text: i for i in sorted(range(len(infos)), key=lambda i: -infos[i].passage_index)}.values())
    chosen = sorted(unique, key=lambda i: -prior[i])[:SHORTLIST]
    out = []
    for i in chosen:
        info = infos[i]
        spans = question_candidates(question, info.text)
        x = span_rows(question, info.text, spans, term_positions(question, info.text))
        out.append(Candidate(info, spans, x, sims[i] if sims else None))
    return out


def sentence_matrix(question: Question, shortlisted: list[Candidate], span_probabilities: list[np.ndarray]) -> np.ndarray:
    """Sentence features of the shortlisted candidates (semantic ones when similarities exist),
    given the span model's probabilities for each one's candidate answers."""
    semantic = bool(shortlisted) and all(c.similarity is not None for c in shortlisted)
    ranks = [c.info.passage_index + 1 for c in shortlisted]
    sims = [float(c.similarity) for c in shortlisted] if semantic else None  # type: ignore[arg-type]
    stats = [span_stats(question, c.info.text, c.spans, c.span_x, p) for c, p in zip(shortlisted, span_probabilities)]
    return sentence_rows(question, [c.info for c in shortlisted], stats, ranks, sims)


def best_span(question: Question, candidate: Candidate, probabilities: np.ndarray) -> int:
    """Index of the most likely short answer of the allowed type (or, in a sentence with none,
    of a type that may stand in for it: a role for 谁) that is no piece of a question word and,
    when the question names a time, not in a clause about another time; -1 when there is none."""
    allowed = _allowed(question, candidate)
    if not allowed:
        return -1
    best = counted_noun(question, candidate, max(allowed, key=lambda i: probabilities[i]), allowed, probabilities)
    best = without_question_lead(question, candidate.spans, from_name_start(candidate.spans, best), allowed)
    return named_in_full(question, candidate.spans, best)


def one_of_several(question: Question, candidate: Candidate, index: int) -> bool:
    """Whether candidate answer `index` is one item where the question asks for several things
    (哪些, "which cities") and the sentence names others of its type: one item of a set is
    half the answer, so it heads no reply (the quote names them all)."""
    if index < 0 or not question.plural or candidate.span_x[index, SPAN_FEATURES.index("list_items")]:
        return False
    spans, one = candidate.spans, candidate.spans[index]
    return any(spans[i].type == one.type and (spans[i].end <= one.start or one.end <= spans[i].start) for i in _allowed(question, candidate) if i != index)


def allowed_spans(question: Question, spans: list[Span]) -> list[int]:
    """Indices of the candidates that may be the short answer: those of the type the question
    word asks for (a person's name for 谁, a date for 何时, an amount of money for a price);
    a clause for why and how; every candidate for questions whose answer has no fixed type (什么)."""
    if question.kind in CLAUSE_ANSWERED:
        return [i for i, span in enumerate(spans) if span.type == "clause"]
    wanted = KIND_SPAN_TYPES.get(question.kind)
    # An amount in the units asked for; a date naming a day for 哪天 (2024年 names none).
    units = re.compile(f"(?:{question.value_units})$") if question.value_units and question.kind in (Kind.NUMBER, Kind.PERCENT, Kind.TIME) else None
    typed = [i for i, span in enumerate(spans) if wanted and (span.type in wanted or (units is not None and counts_years(span))) and (units is None or units.search(span.text))]
    return typed if typed else ([] if wanted else list(range(len(spans))))



def _allowed(question: Question, candidate: Candidate) -> list[int]:
    inside = candidate.span_x[:, SPAN_FEATURES.index("inside_term")] if len(candidate.spans) else []
    allowed = [i for i in allowed_spans(question, candidate.spans) if not inside[i] and not states_nothing(question, candidate.spans[i])]
    if asks_post(question):
        # 张百顺担任什么职务: the titles the sentence prints before his name answer it.
        posts = set(posts_printed(question, candidate.info.text))
        held = [i for i, span in enumerate(candidate.spans) if (span.start, span.end) in posts]
        if held:
            return held
    # "除了X，还有哪些…" asks for something besides X: no candidate holding X answers it.
    aside = set_aside(question.text) if question.lang == "zh" else ()
    allowed = [i for i in allowed if not holds_set_aside(aside, candidate.spans[i].text)] or allowed
    named = candidate.span_x[:, SPAN_FEATURES.index("names_asked")] if len(candidate.spans) else []
    if (question.which or question.asks_name or any(named[i] for i in allowed)) and not question.plural:
        # 哪条高铁, 叫什么名字, or 什么勋章 where the sentence prints a name ending in 勋章, asks for
        # one thing by its name: a clause names none ("…济郑高铁顺利通车").
        allowed = [i for i in allowed if candidate.spans[i].type != "clause"] or allowed
        # Where the sentence prints a name of the kind 哪 asks for (雄商高铁 for 哪条高铁), the
        # answer is such a name, not a phrase beside it ("聊城正式迈入"). (什么 asks for a kind of
        # thing too, often a described one: 以什么方式 is answered 浪漫喜剧, not 喜剧的方式.)
        if question.which:
            allowed = [i for i in allowed if named[i]] or allowed
        # A name printed in apposition to the noun asked for (最高荣誉“王冠勋章” for 什么荣誉) is
        # the answer; the phrase before it ("国家最高") only describes the thing.
        endings = name_endings(question.category)
        allowed = [i for i in allowed if apposition(endings, candidate.info.text, candidate.spans[i]) is not None] or allowed
    elif question.plural and any(named[i] and "、" in candidate.spans[i].text for i in allowed):
        # 哪些货物 where the sentence lists them ("日用百货、汽车及配件等货物"): the list names them,
        # the clause around it says more. (Names in clauses of their own are answered by those.)
        allowed = [i for i in allowed if candidate.spans[i].type != "clause"]
    if allowed:
        # A question naming a time asks about that time: where the sentence gives values for
        # several times ("2023年关停5台,未来两年还将关停13台"), not the one for another time.
        other_time = candidate.span_x[:, SPAN_FEATURES.index("other_time")]
        allowed = [i for i in allowed if not other_time[i]] or allowed
        # Likewise a dimension asked for (多高): where the sentence prints values along several
        # ("直径约为9米，…长29米、高13米"), the one printed after that dimension.
        dimension = asked_dimension(question)
        if dimension:
            folded = same_length_fold(candidate.info.text)
            allowed = [i for i in allowed if dimension_before(folded, candidate.spans[i].start) == dimension] or allowed
        # Of a list, the item naming the question's words (伊朗代理总统穆赫贝尔 for 伊朗派谁; 传统医学论坛
        # for 跟医学有关的是哪个论坛).
        if not question.plural and (question.kind in _ITEM_VALUES or question.which):
            item = candidate.span_x[:, SPAN_FEATURES.index("item_term")]
            if any(item[i] for i in allowed):  # the other items drop out, and runs of several; a value outside the list stays
                listed = in_list_items(candidate.info.text, [(s.start, s.end) for s in candidate.spans])
                allowed = [i for i in allowed if item[i] or not (listed[i] or "、" in candidate.spans[i].text)]
        # Of values listed after 分别, the one in the place of the thing the question names.
        allowed = respective_values(question, candidate.info.text, candidate.spans, allowed) or allowed
        if question.kind in (Kind.NUMBER, Kind.PERCENT):  # how much it rose: the amount after 增长
            allowed = changed_by(asked_change(question.text), candidate.info.text, candidate.spans, allowed)
        allowed = [i for i in allowed if not wrong_level(question.text, candidate.spans[i].text)]
        return _holding_office(question, candidate, allowed)
    fallback = KIND_FALLBACK_SPAN_TYPES.get(question.kind, frozenset()) if not asked_by_kind(question.text) else frozenset()
    return _holding_office(question, candidate, [i for i, span in enumerate(candidate.spans) if span.type in fallback and not inside[i] and not states_nothing(question, span)])


def _holding_office(question: Question, candidate: Candidate, indices: list[int]) -> list[int]:
    """Who holds an office: the sentence may name no holder at all (rag.answer.asked)."""
    return holding_office(question.office, candidate.info.text, candidate.spans, indices) if question.office else indices


def span_probabilities(model: AnswererModel, shortlisted: list[Candidate]) -> list[np.ndarray]:
    """The span model's probability for every candidate answer, scored in one batch."""
    sizes = [len(c.spans) for c in shortlisted]
    if not sum(sizes):
        return [np.zeros(0) for _ in shortlisted]
    scores = model.span.probability(np.vstack([c.span_x for c in shortlisted if len(c.spans)]))
    return list(np.split(scores, np.cumsum(sizes)[:-1]))


def text_language(sentences: list[str]) -> str:
    """"en" when most of the sentences found are English, else "zh" (rag.answer.model.calibration_key)."""
    return "en" if 2 * sum(map(is_latin_text, sentences)) > len(sentences) else "zh"


def score_evidence(question: Question, passages: list[Passage], model: AnswererModel, idf: Callable[[str], float], similarity: Similarity | None = None) -> tuple[list[Evidence], float]:
    """The shortlisted sentences with their probabilities, most likely answer first, and the
    probability that the passages answer the question at all."""
    shortlisted = shortlist(question, passages, idf, similarity)
    if not shortlisted:
        return [], 0.0
    span_probs = span_probabilities(model, shortlisted)
    best = [best_span(question, c, p) for c, p in zip(shortlisted, span_probs)]
    semantic = all(c.similarity is not None for c in shortlisted)
    key = calibration_key(question.lang, text_language([c.info.text for c in shortlisted]))
    sentence_model, question_model, _ = model.stack(semantic, key)
    rows = sentence_matrix(question, shortlisted, span_probs)
    rows = rows[:, : len(sentence_model.features)]
    probabilities = sentence_model.probability(rows)
    answerable = float(question_model.probability(question_row(probabilities, rows)[None])[0])
    evidence = []
    for c, p, b, sp in zip(shortlisted, probabilities, best, span_probs):
        covered = frozenset(i for i, v in enumerate(c.info.covers_context) if v >= 0.5)
        span = c.spans[b] if b >= 0 else None
        evidence.append(Evidence(c.info.passage_index, c.info.start, c.info.end, c.info.text, float(p), span, float(sp[b]) if b >= 0 else 0.0, covered, one_of_several(question, c, b)))
    return sorted(evidence, key=lambda e: -e.probability), answerable
