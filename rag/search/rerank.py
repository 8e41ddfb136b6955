"""Optional cross-encoder reranker (off by default; e.g. BAAI/bge-reranker-v2-m3)."""

from __future__ import annotations

import threading

from rag.model_source import require_model


class CrossEncoderReranker:
    """sentence-transformers CrossEncoder, loaded on first use."""

    def __init__(self, name: str, batch_size: int = 16) -> None:
        self.name = name
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    def _load(self):  # type: ignore[no-untyped-def]
        with self._lock:
            if self._model is None:
                source = require_model(self.name, "reranker")
                from sentence_transformers import CrossEncoder

                self._model = CrossEncoder(source.name, device="cpu", local_files_only=source.local_files_only)
            return self._model

    def score(self, question: str, passages: list[str]) -> list[float]:
        """Relevance of each passage to the question (higher is better)."""
        model = self._load()
        return [float(s) for s in model.predict([(question, p) for p in passages], batch_size=self.batch_size)]
