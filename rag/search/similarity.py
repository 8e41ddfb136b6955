"""Question-to-sentence similarity for the answerer: one query embedding, sentence vectors
from the index (embedded at build time), the rest embedded on first use and kept."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Protocol

import numpy as np

from rag.index.store import embed_key
from rag.lang import to_simplified
from rag.search.embedders import Embedder

QUERY_CACHE = 512
SENTENCE_CACHE = 50_000


class VectorLookup(Protocol):
    """Stored vectors by content key (rag.index.vector_files.StoredVectors)."""

    def get(self, key: str) -> np.ndarray | None: ...


class CachedQueries:
    """An Embedder whose query vectors are remembered (the retriever and the answerer embed
    the same question; the second time is free). Every query the engine embeds passes here,
    so this is where it is put in simplified script, as passages are (rag.index.store.embed_text)."""

    def __init__(self, embedder: Embedder, size: int = QUERY_CACHE) -> None:
        self.inner = embedder
        self.name = embedder.name
        self._size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return self.inner.embed_passages(texts, progress)

    def clear(self) -> None:
        """Forget the remembered query vectors (benchmarks time real embeddings)."""
        with self._lock:
            self._vectors.clear()

    def embed_query(self, text: str) -> np.ndarray:
        text = to_simplified(text)
        with self._lock:
            if text in self._vectors:
                self._vectors.move_to_end(text)
                return self._vectors[text]
        vector = self.inner.embed_query(text)
        with self._lock:
            self._vectors[text] = vector
            while len(self._vectors) > self._size:
                self._vectors.popitem(last=False)
        return vector


class SentenceScorer:
    """Cosine of a question's vector to each sentence's vector, for one build's embedder."""

    def __init__(self, embedder: Embedder, passage_prefix: str, stored: VectorLookup | None) -> None:
        self.embedder = embedder
        self.passage_prefix = passage_prefix
        self.stored = stored
        self._extra: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def _key(self, sentence: str) -> str:
        return embed_key(self.embedder.name, self.passage_prefix, sentence)

    def _lookup(self, key: str) -> np.ndarray | None:
        vector = self.stored.get(key) if self.stored is not None else None
        if vector is None:
            with self._lock:
                vector = self._extra.get(key)
        return vector

    def similarity(self, question: str, sentences: list[str]) -> list[float]:
        """Cosine similarity of `question` to each sentence, in order (-1..1)."""
        if not sentences:
            return []
        query = self.embedder.embed_query(question)
        keys = [self._key(s) for s in sentences]
        found = [self._lookup(k) for k in keys]
        missing = sorted({i for i, v in enumerate(found) if v is None}, key=lambda i: keys[i])
        unique = list(dict.fromkeys(keys[i] for i in missing))
        if unique:
            first = {keys[i]: sentences[i] for i in missing}
            vectors = self.embedder.embed_passages([first[k] for k in unique])
            with self._lock:
                for key, vector in zip(unique, vectors):
                    self._extra[key] = vector
                while len(self._extra) > SENTENCE_CACHE:
                    self._extra.popitem(last=False)
            fresh = dict(zip(unique, vectors))
            found = [v if v is not None else fresh[k] for k, v in zip(keys, found)]
        matrix = np.stack([np.asarray(v, dtype=np.float32) for v in found])
        return [float(x) for x in matrix @ np.asarray(query, dtype=np.float32)]
