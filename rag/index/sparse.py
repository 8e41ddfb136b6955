"""Sparse index: BM25 (bm25s) over Chinese-aware tokens, saved as plain .npy and JSON files."""

from __future__ import annotations

import logging
from pathlib import Path

import bm25s
import numpy as np


logging.getLogger("bm25s").setLevel(logging.WARNING)

# In a large archive, query tokens found in more than half the passages (的, 在, 国...) add
# almost nothing to the ranking (IDF below log 2) but cost a pass over posting lists of
# hundreds of thousands of entries. Small collections keep every token: there a frequent
# token can still be a topic word (聊城 in a Liaocheng paper).
MAX_DF_RATIO = 0.5
PRUNE_FROM_PASSAGES = 50_000


class SparseIndex:
    """BM25 scores for every passage given a question."""

    def __init__(self, retriever: bm25s.BM25) -> None:
        self.retriever = retriever
        self.vocab = retriever.vocab_dict

    def save(self, folder: Path) -> None:
        self.retriever.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, mmap: bool = False) -> "SparseIndex":
        return cls(bm25s.BM25.load(str(folder), mmap=mmap, show_progress=False))

    def doc_freq(self, token: str) -> int:
        """In how many passages a token occurs (0 when unknown)."""
        column = self.vocab.get(token)
        if column is None:
            return 0
        indptr = self.retriever.scores["indptr"]
        return int(indptr[column + 1] - indptr[column]) if column + 1 < len(indptr) else 0

    @property
    def size(self) -> int:
        return int(self.retriever.scores["num_docs"])

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every passage (zeros when no query token is in the vocabulary).
        In large collections, tokens in more than MAX_DF_RATIO of the passages are skipped."""
        limit = MAX_DF_RATIO * self.size if self.size >= PRUNE_FROM_PASSAGES else float("inf")
        known = [t for t in query_tokens if t in self.vocab and self.doc_freq(t) <= limit]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self.retriever.get_scores(known), dtype=np.float32)
