"""Features of candidate sentences and candidate short answers, the same in any article.

Each feature means one thing a reader would check: how much of the question a sentence
covers (alone, and with its title and neighbours), whether the rarest question words are
missing, how similar it is in meaning, how well it ranked in retrieval, whether it holds
a value of the kind asked for; and for a short answer, whether it is of that kind, sits
where the question's gap is (the words around the question word frame it in the
sentence), stays clear of the question's own words and is a whole phrase. The weights
are learned (rag/evaluate/training.py), not set by hand.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from rag.answer.align import FRAME_CHARS, after_focus, asked_dimension, before_term, char_share, dimension_before, frame_match, frames, preposition_class
from rag.answer.gap import question_gap
from rag.answer.asked import name_endings, names_asked
from rag.answer.asked_year import YEAR_FEATURES, year_features
from rag.answer.clauses import CLAUSE_FEATURES, clause_rows
from rag.answer.definition import DEFINITION_FEATURES, definition_features
from rag.answer.enumeration import ENUMERATION_FEATURES, items_holding_terms
from rag.answer.lexicon import CAUSE_MARKERS, KIND_SPAN_TYPES, NAMING_COPULAS, Kind
from rag.answer.matching import same_length_fold
from rag.answer.nesting import NESTING_FEATURES, nesting_rows
from rag.answer.offices import holding_office
from rag.answer.overlap import POOL_FEATURES, longest_common, question_characters
from rag.answer.predicates import ARGUMENT_FEATURES, argument_features, before_verb, verb_starts
from rag.answer.question import Question
from rag.answer.spans import SPAN_TYPES, Span, counts_years
from rag.answer.words import tag_words
from rag.lang import fold, is_latin_text, to_simplified

GROUPS = ("person", "place", "time", "number", "entity", "other")
_GROUP_OF = {Kind.PERSON: "person", Kind.PLACE: "place", Kind.TIME: "time", Kind.NUMBER: "number", Kind.PERCENT: "number", Kind.ORDINAL: "number", Kind.ENTITY: "entity"}
SPAN_FEATURES = tuple(f"{g}:{t}" for g in GROUPS for t in SPAN_TYPES) + (
    "question_overlap", "has_question_term", "left_frame", "right_frame", "near_term", "log_chars", "words",
    "left_edge", "right_edge", "after_copula", "unit_match", "is_whole_sentence", "left_context", "right_context",
    "preposition_slot",
) + tuple(f"{name}_vs_best" for name in ("left_frame", "right_frame", "near_term", "left_context", "right_context")) + ("aligned", "inside_term", "list_items", "plural_question") + CLAUSE_FEATURES + ("names_asked", "item_term", "after_focus", "before_term", "type_fits", "before_verb") + NESTING_FEATURES
# Features also given relative to the sentence's best candidate: the answer is the candidate
# that fits the question's frame best, whatever the absolute level in that sentence.
_RELATIVE = ("left_frame", "right_frame", "near_term", "left_context", "right_context")
# Measurements of a sentence's best candidate answers that the sentence model also reads.
SPAN_STATS = ("span_best", "short_span_best", "left_frame", "right_frame", "unit_match", "kind_match", "kind_match_near", "kind_match_framed", "kind_match_preposition", "kind_match_before")
SENTENCE_FEATURES = tuple(f"kind:{g}" for g in GROUPS) + (
    "cover_sentence", "cover_context", "focus_sentence", "focus_context", "bigrams", "missing_rare",
    "cover_gap", "rank_inverse", "rank_discount", "log_length", "terms", "longest_common",
    "uncovered_terms", "focus_missing", "unseen_share", "lead", "translated",
) + SPAN_STATS + POOL_FEATURES + ("pool_bigrams_vs_best", "longest_common_vs_best", "bigrams_vs_best") + (
    "beyond_title", "beyond_title_vs_best", "all_in_title", "unseen_name",
) + ENUMERATION_FEATURES + DEFINITION_FEATURES + YEAR_FEATURES + ARGUMENT_FEATURES
SEMANTIC_FEATURES = SENTENCE_FEATURES + ("semantic", "semantic_gap")
_COPULA = re.compile(f"(?:{NAMING_COPULAS}|：|:)$")
# A phrase also ends where a function word begins: a preposition, conjunction or particle.
_BOUNDARY_TAGS = {"p", "c", "u", "y", "x"}
_EDGE = re.compile(r"[，。；：！？、,;:!?（）()“”《》「」\s]")
_LIST_MARK = re.compile(r"、|和|与|及|或")
_CLAUSE_BREAK = re.compile(r"[，。；！？;!?]|(?<!\d),|,(?!\d)")  # where a clause ends (not inside 1,000)
_COUNT_TYPES = ("quantity", "number", "percent")  # counts and amounts, framed inside their clause
CONTEXT_CHARS = 8  # how much of the question on each side of its question word is compared


def kind_group(kind: Kind) -> str:
    """The coarse kind of value asked for (what the feature interactions are keyed by)."""
    return _GROUP_OF.get(kind, "other")


@dataclass
class SentenceInfo:
    """A candidate sentence with the measurements its features are made of."""

    passage_index: int
    start: int  # offsets in the passage text
    end: int
    text: str
    context: str = ""  # the passage title and the neighbouring sentences
    covers_sentence: list[float] = field(default_factory=list)
    covers_context: list[float] = field(default_factory=list)
    bigrams: float = 0.0
    lead: bool = False  # the first sentence of its article (a lede or a definition)
    pool: list[float] = field(default_factory=lambda: [0.0] * len(POOL_FEATURES))  # rag.answer.overlap
    covers_title: list[float] = field(default_factory=list)  # each question term in the passage title
    lists: list[float] = field(default_factory=lambda: [0.0] * len(ENUMERATION_FEATURES))  # rag.answer.enumeration


def span_rows(question: Question, sentence: str, spans: list[Span], term_spans: list[tuple[int, int]]) -> np.ndarray:
    """One row of SPAN_FEATURES per candidate span of a sentence."""
    rows = np.zeros((len(spans), len(SPAN_FEATURES)))
    if not spans:
        return rows
    group = kind_group(question.kind)
    base = GROUPS.index(group) * len(SPAN_TYPES)
    left, right = frames(question, sentence=sentence)
    left_wide, right_wide = frames(question, CONTEXT_CHARS, sentence)
    dimension = asked_dimension(question)  # one character, but it frames the value as two do
    folded = same_length_fold(sentence)
    question_chars = question_characters(question, folded)
    printed = [dimension_before(folded, span.start) if dimension else "" for span in spans]
    units = re.compile(f"(?:{question.value_units})$") if question.value_units else None
    forms = question.word_forms
    offset = len(SPAN_TYPES) * len(GROUPS)
    words = tag_words(sentence)
    prepositions = preposition_class(question)
    starts, ends = {w.start: w.tag[:1] for w in words}, {w.end: w.tag[:1] for w in words}  # words beginning, ending at an offset
    # A personal name begins a phrase of its own, also after a title in apposition (总统|普京).
    names = {w.start for w in words if w.tag.startswith("nr")} - {w.end for w in words if w.tag.startswith("nr")}
    for i, span in enumerate(spans):
        row = rows[i]
        row[base + SPAN_TYPES.index(span.type)] = 1.0
        text = folded[span.start : span.end]
        chars = [ch for ch in text if ch.isalnum()]
        row[offset + 0] = sum(ch in question_chars for ch in chars) / max(len(chars), 1)
        row[offset + 1] = float(any(f in text for f in forms))
        # The question's words frame a count or amount inside its clause: in "家访273人次，组织教研
        # 活动597次" 教研活动 after the comma frames 597次, not 273人次. (A name may be described
        # after a comma: "阿斯塔纳，哈萨克斯坦的首都".)
        before, after = folded[max(0, span.start - FRAME_CHARS - 3) : span.start], folded[span.end : span.end + FRAME_CHARS + 3]
        if span.type in _COUNT_TYPES:
            before, after = _CLAUSE_BREAK.split(before)[-1], _CLAUSE_BREAK.split(after)[0]
        row[offset + 2] = frame_match(left, before, True) if left else 0.0
        if printed[i]:  # 高13米 for 多高, not 长29米
            row[offset + 2] = max(row[offset + 2], 2 / FRAME_CHARS) if printed[i] == dimension else 0.0
        row[offset + 3] = frame_match(right, after, False) if right else 0.0
        gaps = [max(s - span.end, span.start - e, 0) for s, e in term_spans if e <= span.start or s >= span.end]
        row[offset + 4] = 1.0 / (1.0 + min(gaps) / 4.0) if gaps else 0.0
        row[offset + 5] = math.log1p(len(span.text))
        row[offset + 6] = min(span.words, 6) / 6.0
        row[offset + 7] = float(span.start == 0 or bool(_EDGE.match(sentence[span.start - 1])) or ends.get(span.start, "") in _BOUNDARY_TAGS or span.start in names)
        row[offset + 8] = float(span.end >= len(sentence) or bool(_EDGE.match(sentence[span.end])) or starts.get(span.end, "") in _BOUNDARY_TAGS)
        row[offset + 9] = float(bool(_COPULA.search(sentence[: span.start].rstrip())))
        row[offset + 10] = float(bool(units and units.search(span.text)))
        row[offset + 11] = float(len(span.text) >= len(sentence.rstrip("。！？!?")) - 1)
        row[offset + 12] = char_share(left_wide, folded[max(0, span.start - CONTEXT_CHARS - 4) : span.start])
        row[offset + 13] = char_share(right_wide, folded[span.end : span.end + CONTEXT_CHARS + 4])
        row[offset + 14] = float(bool(prepositions) and span.start > 0 and sentence[span.start - 1] in prepositions)
    for k, name in enumerate(_RELATIVE):
        column = SPAN_FEATURES.index(name)
        rows[:, offset + 15 + k] = rows[:, column] - rows[:, column].max()
    gap = question_gap(question, sentence)
    # The gap itself (1), or a phrase inside it at one of its ends (0.5: 托卡耶夫 of "托卡耶夫主持会议").
    inside = [bool(gap) and gap[0] <= s.start < s.end <= gap[1] and (s.start == gap[0] or s.end == gap[1]) for s in spans]
    rows[:, SPAN_FEATURES.index("aligned")] = [1.0 if (s.start, s.end) == gap else 0.5 * within for s, within in zip(spans, inside)]
    # The sentence's match of a question word, a piece of it (上海合作组织 or 上海 of it for
    # 上合) or several together (2025年第二届中国 for "第二届中国…将于2025年"): the question's own
    # words, never its answer.
    matched_at = {k for s, e in term_spans for k in range(s, e)}
    rows[:, SPAN_FEATURES.index("inside_term")] = [float(all(k in matched_at for k in range(span.start, span.end) if folded[k].isalnum())) for span in spans]
    # A list answers a question asking for several things (哪些): how many items a candidate
    # enumerates, and whether the question is such a one.
    rows[:, SPAN_FEATURES.index("list_items")] = [min(len(_LIST_MARK.findall(to_simplified(span.text))), 4) / 4 for span in spans]
    rows[:, SPAN_FEATURES.index("plural_question")] = float(question.plural)
    verbs = verb_starts(question, folded)  # before a verb is its subject, before a noun its modifier
    clause = SPAN_FEATURES.index(CLAUSE_FEATURES[0])
    rows[:, clause : clause + len(CLAUSE_FEATURES)] = clause_rows(question, sentence, folded, spans, term_spans, words)
    # A question asking for a kind of thing (哪所大学, 什么会议) is answered by a name ending in
    # that noun (阿富汗卡丹大学), not by the noun alone or a phrase running past it (雄商高铁全线).
    rows[:, SPAN_FEATURES.index("names_asked")] = names_asked(name_endings(question.category), sentence, spans)
    # The dimension asked for (高 of 多高) is a question word too: the list item printing it (高13米) holds one.
    dimensions = [(span.start - 1, span.start) for span, at in zip(spans, printed) if at and at == dimension]
    rows[:, SPAN_FEATURES.index("item_term")] = items_holding_terms(folded, [(span.start, span.end) for span in spans], term_spans + dimensions, words)
    rows[:, SPAN_FEATURES.index("after_focus")] = after_focus(question, folded, spans)
    rows[:, SPAN_FEATURES.index("before_term")] = before_term(folded, spans, [s for s in term_spans if s[0] not in verbs])
    rows[:, SPAN_FEATURES.index("type_fits")] = [float(span.type in KIND_SPAN_TYPES.get(question.kind, ())) for span in spans]  # any kind's
    rows[:, SPAN_FEATURES.index("before_verb")] = before_verb(spans, verbs)
    own_words = (rows[:, offset + 1] > 0) | (rows[:, SPAN_FEATURES.index("inside_term")] > 0)
    nest = SPAN_FEATURES.index(NESTING_FEATURES[0])
    rows[:, nest : nest + len(NESTING_FEATURES)] = nesting_rows(question.kind, spans, rows[:, offset + 2] + rows[:, offset + 3], own_words)
    return rows


def span_stats(question: Question, sentence: str, spans: list[Span], rows: np.ndarray, probabilities: np.ndarray) -> list[float]:
    """SPAN_STATS of one sentence from its candidates' features and span-model probabilities:
    the best scores and frame matches, whether it states a value of the kind asked for
    (anywhere, next to the question's words, modifying one), or for a why-question a cause."""
    if not spans:
        return [0.0] * len(SPAN_STATS)
    offset = len(SPAN_TYPES) * len(GROUPS)
    short = [p for span, p in zip(spans, probabilities) if span.type != "clause"]
    wanted = KIND_SPAN_TYPES.get(question.kind)
    units = question.value_units and question.kind in (Kind.NUMBER, Kind.PERCENT)
    inside = SPAN_FEATURES.index("inside_term")  # a piece of a question word states nothing new
    typed = [i for i, span in enumerate(spans) if wanted and (span.type in wanted or (units and counts_years(span))) and rows[i, offset + 1] == 0 and not rows[i, inside] and (not units or rows[i, offset + 10])]
    typed = holding_office(question.office, sentence, spans, typed)  # printed with no other office
    if question.kind == Kind.REASON:  # a why-question is answered by a cause
        kind_match = float(bool(CAUSE_MARKERS.search(sentence)))
    else:
        kind_match = float(bool(typed)) if wanted else 0.5
    return [
        float(probabilities.max()), max(short, default=0.0),
        float(rows[:, offset + 2].max()), float(rows[:, offset + 3].max()), float(rows[:, offset + 10].max()),
        kind_match, max((float(rows[i, offset + 4]) for i in typed), default=0.0),
        max((float(rows[i, offset + 2] + rows[i, offset + 3]) for i in typed), default=0.0),
        max((float(rows[i, offset + 14]) for i in typed), default=0.0),
        max((float(rows[i, SPAN_FEATURES.index("before_term")]) for i in typed), default=0.0),
    ]


def sentence_rows(question: Question, infos: list[SentenceInfo], stats: list[list[float]], ranks: list[int], similarities: list[float] | None) -> np.ndarray:
    """One row of SENTENCE_FEATURES (plus SEMANTIC_FEATURES' two when `similarities` is
    given) per candidate sentence. `stats` are each sentence's span_stats, `ranks` the
    1-based ranks of their passages. Retrieval scores are not read: their scale depends on
    the search backend (fused ranks locally, raw BM25 in Milvus), ranks do not."""
    names = SEMANTIC_FEATURES if similarities is not None else SENTENCE_FEATURES
    rows = np.zeros((len(infos), len(names)))
    if not infos:
        return rows
    weights = [t.weight for t in question.terms]
    total = sum(weights) or 1.0
    top_weight = max(weights, default=1.0) or 1.0
    covers = [sum(w * c for w, c in zip(weights, info.covers_context)) / total for info in infos]
    best_cover = max(covers, default=0.0)
    group = GROUPS.index(kind_group(question.kind))
    n = len(GROUPS)
    for i, info in enumerate(infos):
        row = rows[i]
        row[group] = 1.0
        row[n + 0] = sum(w * c for w, c in zip(weights, info.covers_sentence)) / total
        row[n + 1] = covers[i]
        focus = question.focus
        row[n + 2] = sum(info.covers_sentence[j] >= 0.5 for j in focus) / len(focus) if focus else 0.0
        row[n + 3] = sum(info.covers_context[j] >= 0.5 for j in focus) / len(focus) if focus else 0.0
        row[n + 4] = info.bigrams
        missing = [w for w, c in zip(weights, info.covers_context) if c < 0.5]
        row[n + 5] = max(missing, default=0.0) / top_weight
        row[n + 6] = covers[i] - best_cover
        row[n + 7] = 1.0 / ranks[i]
        row[n + 8] = 1.0 / math.log2(1.0 + ranks[i])  # the gentler discount of ranking measures (DCG)
        row[n + 9] = math.log1p(len(info.text))
        row[n + 10] = min(len(question.terms), 10) / 10.0
        row[n + 11] = longest_common(question, info.text)
        row[n + 12] = sum(c < 0.5 for c in info.covers_context) / max(len(question.terms), 1)
        row[n + 13] = float(any(info.covers_sentence[j] < 0.5 for j in focus))
        row[n + 14] = sum(t.weight for t in question.terms if not t.seen) / total
        row[n + 15] = float(info.lead)
        # An English question read against Chinese text is matched through the dictionary (noisy);
        # against English text, word for word, as a Chinese question against Chinese.
        row[n + 16] = float(question.lang == "en" and not is_latin_text(info.text))
        row[n + 17 : n + 17 + len(SPAN_STATS)] = stats[i]
        m = n + 17 + len(SPAN_STATS)
        row[m : m + len(POOL_FEATURES)] = info.pool
        if similarities is not None:
            m = len(SENTENCE_FEATURES)
            row[m] = similarities[i]
            row[m + 1] = similarities[i] - max(similarities)
    # The question's words that the passage title does not already name, covered by the
    # sentence itself: an article's sentences are all about its title (Chinese often leaves
    # that subject unsaid), so what tells them apart is the rest of the question (特征, 成分).
    beyond = SENTENCE_FEATURES.index("beyond_title")
    lists = SENTENCE_FEATURES.index(ENUMERATION_FEATURES[0])
    defines, other_year = SENTENCE_FEATURES.index(DEFINITION_FEATURES[0]), SENTENCE_FEATURES.index(YEAR_FEATURES[0])
    for i, info in enumerate(infos):
        rows[i, lists : lists + len(ENUMERATION_FEATURES)] = info.lists
        rows[i, defines : defines + len(DEFINITION_FEATURES)] = definition_features(question.text, question.lang, info.text)
        rows[i, other_year : other_year + len(YEAR_FEATURES)] = year_features(question.text, info.text)
        rest = [w * (1.0 - t) for w, t in zip(weights, info.covers_title or [0.0] * len(weights))]
        rows[i, beyond] = sum(r * c for r, c in zip(rest, info.covers_sentence)) / (sum(rest) or 1.0)
        rows[i, beyond + 2] = float(sum(rest) == 0)
    rows[:, beyond + 1] = rows[:, beyond] - rows[:, beyond].max()
    arguments = SENTENCE_FEATURES.index(ARGUMENT_FEATURES[0])
    rows[:, arguments : arguments + len(ARGUMENT_FEATURES)] = argument_features(question, [i.covers_sentence for i in infos], [i.covers_title for i in infos], [fold(i.text) for i in infos])
    # A name the collection never prints (符泳, of an article left out): the question is about
    # something else, however well a sentence matches its other words ("中学就读于").
    rows[:, SENTENCE_FEATURES.index("unseen_name")] = float(question.unseen_name)
    # Relative to the best candidate: which sentence answers is decided among those retrieved.
    pool = n + 17 + len(SPAN_STATS)
    bm25 = pool + POOL_FEATURES.index("pool_bm25")
    rows[:, bm25] /= rows[:, bm25].max() or 1.0
    for k, column in enumerate((pool, n + 11, n + 4)):  # pool_bigrams, longest_common, bigrams
        rows[:, pool + len(POOL_FEATURES) + k] = rows[:, column] - rows[:, column].max()
    return rows


def question_features(sentence_names: tuple[str, ...]) -> tuple[str, ...]:
    """Names of the question-level features built on sentences described by `sentence_names`."""
    return ("best", "second", "share_likely") + tuple(f"best:{n}" for n in sentence_names) + tuple(f"max:{n}" for n in sentence_names)


def question_row(probabilities: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Whether the question is answered at all, judged from all its candidate sentences: the
    two best sentence probabilities, how many look likely, the best sentence's features and
    the strongest value of each feature over the candidates."""
    order = np.argsort(-probabilities)
    best = order[0]
    second = probabilities[order[1]] if len(order) > 1 else 0.0
    head = [probabilities[best], second, float((probabilities > 0.5).mean())]
    return np.concatenate([head, rows[best], rows.max(axis=0)])
