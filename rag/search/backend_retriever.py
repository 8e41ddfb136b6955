"""Retrieval over a search backend (Milvus): query tokens, translation and vector in, fused
hits out, near-duplicates dropped, as the local Retriever does over its files."""

from __future__ import annotations

from typing import Any

from rag.config import Settings
from rag.index.backend import Filters, Query, SearchBackend
from rag.schema import Passage
from rag.search.embedders import Embedder
from rag.search.retriever import CANDIDATES_PER_LIST, distinct_passages, embed_or_note, query_expansion
from rag.search.tokens import tokenize


class BackendRetriever:
    """Searches one backend snapshot; same interface as rag.search.retriever.Retriever."""

    def __init__(self, snapshot: Any, settings: Settings, embedder: Embedder | None = None, filters: Filters | None = None) -> None:
        self.snapshot = snapshot  # .backend, .dense (truthy when vectors are stored), .dense_error, .sparse (term statistics)
        self.backend: SearchBackend = snapshot.backend
        self.settings, self.filters = settings, filters
        self.embedder = embedder if snapshot.dense else None
        self.notes: list[str] = []
        if not snapshot.dense:
            self.notes.append(f"offline path: BM25 retrieval only ({snapshot.dense_error or 'the index has no dense part'})")

    def query(self, question: str) -> Query:
        """What the backend is asked: the words with their expansion (an English question's
        translation, the other form of a Chinese abbreviation), the project's tokens, and the
        query vector when there is a dense part."""
        stats = self.snapshot.sparse
        seen = (lambda gram: stats.doc_freq(gram) > 0) if stats is not None else None
        expansion = query_expansion(question, seen)  # translated once, for the text and the tokens
        vector = embed_or_note(self.embedder, question, self.notes) if self.embedder is not None else None
        if vector is None:
            self.embedder = None
        return Query(f"{question} {expansion}".strip(), tokenize(question) + tokenize(expansion), vector)

    def search(self, question: str, k: int) -> list[Passage]:
        """The k best passages, no two of them near-copies of each other."""
        hits = self.backend.search(self.query(question), max(CANDIDATES_PER_LIST, 4 * k), self.filters)
        return distinct_passages(((hit.chunk, hit.score) for hit in hits), k, self.settings.dedup_threshold)
