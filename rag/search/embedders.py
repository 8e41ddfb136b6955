"""Embedders: the swap point for dense vectors, and its sentence-transformers implementation.

The other implementations: the bundled e5-small (rag.search.bundled) and OpenAI-compatible
embedding servers (rag.search.openai_embed); rag.search.embed_chain picks one.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

import numpy as np

from rag.model_source import ModelUnavailable, require_model

log = logging.getLogger(__name__)


class EmbedderUnavailable(ModelUnavailable):
    """The configured embedding model cannot be loaded here (message says which and how to fix)."""


class Embedder(Protocol):
    """Turns passages and queries into L2-normalised float32 vectors of one dimension.

    Every method raises EmbedderUnavailable (or a subclass) when the model can't be used,
    so callers can fall back to the next embedder or to BM25.
    """

    name: str

    @property
    def dim(self) -> int: ...

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as contiguous float32."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return np.ascontiguousarray(vectors / np.where(norms > 0, norms, 1.0), dtype=np.float32)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model (hub id or local folder), loaded on first use.

    e5 models need "query: " / "passage: " prefixes; they come from the settings.
    """

    def __init__(self, name: str, query_prefix: str = "", passage_prefix: str = "", batch_size: int = 32) -> None:
        self.name = name
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    def load(self):  # type: ignore[no-untyped-def]
        """Load the model now (raises EmbedderUnavailable with a useful message)."""
        with self._lock:
            if self._model is None:
                source = require_model(self.name, "embedding model", EmbedderUnavailable)
                try:
                    from sentence_transformers import SentenceTransformer

                    self._model = SentenceTransformer(source.name, device="cpu", local_files_only=source.local_files_only)
                except Exception as exc:  # noqa: BLE001 - any load failure means: offline path
                    raise EmbedderUnavailable(f"embedding model {self.name} failed to load: {exc}") from exc
                log.info("loaded embedding model %s (dim %d)", self.name, self.dim_of(self._model))
            return self._model

    @staticmethod
    def dim_of(model) -> int:  # type: ignore[no-untyped-def]
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    @property
    def dim(self) -> int:
        return self.dim_of(self.load())

    def _encode(self, texts: list[str], progress: bool) -> np.ndarray:
        model = self.load()
        vectors = model.encode(
            texts,
            batch_size=self.batch_size,
            show_progress_bar=progress,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Vectors for passages, batched, with a progress bar when asked."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode([self.passage_prefix + t for t in texts], progress)

    def embed_query(self, text: str) -> np.ndarray:
        """Vector for one query."""
        return self._encode([self.query_prefix + text], False)[0]
