"""Hybrid retrieval: BM25 and dense lists fused, near-duplicates dropped, optional reranking."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Callable, Iterable, Protocol

import numpy as np

from rag.config import Settings
from rag.search.embedders import Embedder, EmbedderUnavailable
from rag.search.sentence_dense import sentence_matrix
from rag.index.dense import search_dense
from rag.index.store import IndexSnapshot, embed_text
from rag.schema import Chunk, Passage
from rag.search.tokens import tokenize
from rag.lang import alnum_fold, fold, is_english, sentence_spans
from rag.search.cedict import expand_abbreviations
from rag.search.translate import translate_query

log = logging.getLogger(__name__)

CANDIDATES_PER_LIST = 50
SHINGLE = 4
# A clause stating a fact runs to a dozen characters or more; a photo credit or a byline
# (新华社照片, 新华社记者谢环驰摄, 记者 李怀磊 闫修晨) is shorter, and is no sentence of a caption's own.
OWN_SENTENCE = 12


class Reranker(Protocol):
    """Scores (question, passage) pairs; higher is more relevant."""

    def score(self, question: str, passages: list[str]) -> list[float]: ...


@dataclass
class Ranked:
    """A candidate row with its fused score and the ranks it had in each list."""

    row: int
    score: float
    ranks: dict[str, int] = field(default_factory=dict)


def query_expansion(question: str, seen: Callable[[str], bool] | None = None) -> str:
    """What a question is also searched by: an English question's dictionary translation (and
    its pinyin names read back into characters, given `seen`: whether the collection holds a
    character bigram); the full form of an abbreviation in a Chinese one, and the reverse
    (上合 <-> 上海合作组织)."""
    return " ".join(translate_query(question, seen)) if is_english(question) else " ".join(expand_abbreviations(fold(question)))


def query_tokens(question: str, seen: Callable[[str], bool] | None = None) -> list[str]:
    """BM25 tokens for a question and its expansion (query_expansion)."""
    return tokenize(question) + tokenize(query_expansion(question, seen))


def top_rows(scores: np.ndarray, n: int) -> list[int]:
    """Indices of the n highest positive scores, best first."""
    if scores.size == 0:
        return []
    n = min(n, scores.size)
    idx = np.argpartition(-scores, n - 1)[:n]
    idx = idx[np.argsort(-scores[idx], kind="stable")]
    return [int(i) for i in idx if scores[i] > 0]


def rrf(lists: dict[str, list[int]], k: int) -> list[Ranked]:
    """Reciprocal rank fusion: sum of 1 / (k + rank) over the lists a row appears in."""
    fused: dict[int, Ranked] = {}
    for name, rows in lists.items():
        for rank, row in enumerate(rows, start=1):
            item = fused.setdefault(row, Ranked(row, 0.0))
            item.score += 1.0 / (k + rank)
            item.ranks[name] = rank
    return sorted(fused.values(), key=lambda r: (-r.score, r.row))


def weighted(lists: dict[str, list[int]], scores: dict[str, np.ndarray], weights: dict[str, float]) -> list[Ranked]:
    """Weighted sum of min-max normalised scores over the union of the candidate lists."""
    fused: dict[int, Ranked] = {}
    for name, rows in lists.items():
        if not rows:
            continue
        values = np.array([scores[name][r] for r in rows], dtype=np.float64)
        low, high = float(values.min()), float(values.max())
        span = high - low or 1.0
        for rank, (row, value) in enumerate(zip(rows, values), start=1):
            item = fused.setdefault(row, Ranked(row, 0.0))
            item.score += weights.get(name, 1.0) * (value - low) / span
            item.ranks[name] = rank
    return sorted(fused.values(), key=lambda r: (-r.score, r.row))


def _shingles(text: str) -> set[str]:
    norm = alnum_fold(text)
    return {norm[i : i + SHINGLE] for i in range(max(len(norm) - SHINGLE + 1, 1))}


def is_near_duplicate(a: set[str], b: set[str], threshold: float) -> bool:
    """Containment of the smaller passage's 4-character shingles in the other's."""
    small = min(len(a), len(b)) or 1
    return len(a & b) / small >= threshold


def adds_a_sentence(text: str, other: set[str], threshold: float) -> bool:
    """Whether `text` holds a sentence of its own, not copied in the passage of shingles `other`
    (credits and bylines, shorter than OWN_SENTENCE characters, are not sentences of their own)."""
    for start, end in sentence_spans(text):
        mine = _shingles(text[start:end])
        if len(alnum_fold(text[start:end])) >= OWN_SENTENCE and len(mine & other) / len(mine) < threshold:
            return True
    return False


def is_copy(a: tuple[str, set[str]], b: tuple[str, set[str]], threshold: float) -> bool:
    """Near-copies: the smaller passage's shingles lie in the other's and it adds no sentence."""
    (small_text, _), (_, large) = sorted((a, b), key=lambda t: len(t[1]))
    return is_near_duplicate(a[1], b[1], threshold) and not adds_a_sentence(small_text, large, threshold)


def distinct_passages(ranked: Iterable[tuple[Chunk, float]], k: int, threshold: float) -> list[Passage]:
    """The first k passages of a ranking, no two near-copies of each other. Of two, the one
    that holds the other is kept, in the better place: a newspaper prints a story's lead
    again as a photo caption, and the caption alone would hide the rest of the story. A
    caption that adds a sentence of its own (who hosted the banquet it shows) is kept."""
    chosen: list[tuple[Chunk, float, set[str]]] = []
    for chunk, score in ranked:
        shingles = _shingles(chunk.text)
        copies = [i for i, (kept, _, other) in enumerate(chosen) if is_copy((chunk.text, shingles), (kept.text, other), threshold)]
        if any(len(chosen[i][2]) >= len(shingles) for i in copies):
            continue  # a copy of (a part of) a passage already chosen
        if copies:  # holds the passages it copies: it takes the first one's place
            first = copies[0]
            chosen[first] = (chunk, max(score, chosen[first][1]), shingles)
            chosen = [c for i, c in enumerate(chosen) if i not in copies[1:]]
            continue
        if len(chosen) == k:
            break
        chosen.append((chunk, score, shingles))
    return [Passage.from_chunk(chunk, score) for chunk, score, _ in chosen]


def embed_or_note(embedder: Embedder, question: str, notes: list[str]) -> np.ndarray | None:
    """The question's vector, or None (with a note and a log line) when the embedding model
    fails: retrieval then goes on with BM25 alone instead of failing the question."""
    try:
        return embedder.embed_query(question)
    except EmbedderUnavailable as exc:
        log.warning("dense retrieval disabled: %s", exc)
        notes.append(f"offline path: BM25 retrieval only ({exc})")
        return None


class Retriever:
    """Searches one index snapshot. Dense search is used when the index has vectors and the
    embedding model loads; otherwise BM25 alone, with a note saying so."""

    def __init__(self, snapshot: IndexSnapshot, settings: Settings, embedder: Embedder | None = None, reranker: Reranker | None = None) -> None:
        self.snapshot = snapshot
        self.settings = settings
        self.embedder = embedder if snapshot.dense is not None else None
        self.reranker = reranker
        self.notes: list[str] = []
        self._sentences_used = False  # the last dense list scored passages by their best sentence
        if snapshot.dense is None:
            reason = snapshot.dense_error or "the index has no dense part"
            self.notes.append(f"offline path: BM25 retrieval only ({reason})")

    def _dense_rows(self, question: str, n: int) -> tuple[list[int], np.ndarray | None]:
        if self.embedder is None:
            return [], None
        query = embed_or_note(self.embedder, question, self.notes)
        if query is None:
            self.embedder = None
            return [], None
        assert self.snapshot.dense is not None  # no embedder is kept without a dense index
        sentences = sentence_matrix(self.snapshot) if self.settings.sentence_dense else None
        self._sentences_used = sentences is not None
        scores, ids = search_dense(self.snapshot.dense, query, len(self.snapshot.chunks) if sentences else n)
        full = np.full(len(self.snapshot.chunks), -1.0, dtype=np.float32)
        full[ids] = scores
        if sentences is None:
            return [int(i) for i in ids], full
        full = np.maximum(full, sentences.best(query))
        return top_rows(full + 2.0, n), full  # +2: top_rows keeps positive scores; cosines may be negative

    def rank(self, question: str) -> list[Ranked]:
        """Fused candidates for a question, best first (before de-duplication)."""
        sparse = self.snapshot.sparse
        sparse_scores = sparse.scores(query_tokens(question, lambda gram: sparse.doc_freq(gram) > 0))
        lists = {"bm25": top_rows(sparse_scores, CANDIDATES_PER_LIST)}
        dense_rows, dense_scores = self._dense_rows(question, CANDIDATES_PER_LIST)
        if dense_rows:
            lists["dense"] = dense_rows
        if self.settings.fusion == "weighted" and dense_scores is not None:
            weight = self.settings.dense_weight_sentences if self._sentences_used else self.settings.dense_weight
            weights = {"bm25": 1.0 - weight, "dense": weight}
            return weighted(lists, {"bm25": sparse_scores, "dense": dense_scores}, weights)
        return rrf(lists, self.settings.rrf_k)

    def search(self, question: str, k: int) -> list[Passage]:
        """The k best passages, no two of them near-copies of each other."""
        ranked = self.rank(question)
        if self.reranker is not None and ranked:
            ranked = self._rerank(question, ranked[: max(4 * k, 20)])
        return distinct_passages(((self.snapshot.chunks[item.row], item.score) for item in ranked), k, self.settings.dedup_threshold)

    def _rerank(self, question: str, ranked: list[Ranked]) -> list[Ranked]:
        texts = [embed_text(self.snapshot.chunks[r.row]) for r in ranked]
        try:
            scores = self.reranker.score(question, texts)  # type: ignore[union-attr]
        except Exception as exc:  # noqa: BLE001 - a failing optional reranker must not break search
            log.warning("reranker failed, keeping fused order: %s", exc)
            self.notes.append(f"reranker unavailable ({exc})")
            self.reranker = None
            return ranked
        for item, score in zip(ranked, scores):
            item.score = float(score)
        return sorted(ranked, key=lambda r: -r.score)
