"""Vectors of a build: embedded in batches (reusing vectors of unchanged passages) into a
memory-mapped `embeddings.npy` and a FAISS index; off, with the reason kept, when the
embedding model can't be loaded."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np

from rag.index.dense import DenseParams, build_dense, index_kind, save_dense
from rag.index.store import previous_vectors
from rag.index.vector_files import write_keys

log = logging.getLogger(__name__)
EMBED_BATCH = 256


class EmbeddingUnavailable(RuntimeError):
    """Raised by an embed function when its model can't produce vectors (turns the writer off)."""


class DenseWriter:
    """Writes the vectors of one build, row by row in passage order."""

    def __init__(self, model: str, embed: Callable[[list[str]], np.ndarray] | None, dim: Callable[[], int], params: DenseParams, total: int, folder: Path, index_dir: Path) -> None:
        """`embed` maps passage texts to L2-normalised vectors; `dim` gives their dimension.
        Both raise EmbeddingUnavailable (or a subclass) when the model can't be used."""
        self.info: dict[str, Any] = {"model": model, "status": "unavailable", "error": ""}
        self.folder, self.total = folder, total
        self.index = self.vectors = None
        self.pending: list[tuple[int, str, str]] = []
        self.keys: list[str] = []
        self.embedded = self.reused = 0
        self.seconds = {"embed_s": 0.0, "faiss_s": 0.0}
        if embed is None:
            self.info["error"] = "no embedding model configured"
            return
        self.embed = embed
        try:
            dim = dim()
        except EmbeddingUnavailable as exc:
            self._off(exc)
            return
        self.reuse_keys, self.reuse_vectors = previous_vectors(index_dir)
        self.index = build_dense(np.zeros((0, dim), dtype=np.float32), params, expected_total=total)
        self.vectors = np.lib.format.open_memmap(folder / "embeddings.npy", mode="w+", dtype=np.float32, shape=(total, dim))
        self.info.update(dim=dim)

    def _off(self, exc: Exception) -> None:
        log.warning("dense index not built, retrieval uses BM25 only: %s", exc)
        self.info["error"] = str(exc)
        self.index = self.vectors = None

    def add(self, row: int, key: str, text: str) -> None:
        if self.index is None:
            return
        self.pending.append((row, key, text))
        self.keys.append(key)
        if len(self.pending) >= EMBED_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.index is None or not self.pending:
            return
        started = time.perf_counter()
        rows = [r for r, _, _ in self.pending]
        batch = np.zeros((len(rows), self.vectors.shape[1]), dtype=np.float32)  # type: ignore[union-attr]
        missing = [i for i, (_, key, _) in enumerate(self.pending) if key not in self.reuse_keys]
        for i, (_, key, _) in enumerate(self.pending):
            if key in self.reuse_keys:
                batch[i] = self.reuse_vectors[self.reuse_keys[key]]
        try:
            if missing:
                batch[missing] = self.embed([self.pending[i][2] for i in missing])
        except EmbeddingUnavailable as exc:
            self._off(exc)
            return
        self.embedded += len(missing)
        self.reused += len(rows) - len(missing)
        self.vectors[rows[0] : rows[-1] + 1] = batch  # type: ignore[index]
        middle = time.perf_counter()
        self.index.add(batch)
        self.seconds["embed_s"] += middle - started
        self.seconds["faiss_s"] += time.perf_counter() - middle
        self.pending = []

    def finish(self) -> dict[str, Any] | None:
        self.flush()
        if self.index is None:
            (self.folder / "embeddings.npy").unlink(missing_ok=True)
            return None
        started = time.perf_counter()
        self.vectors.flush()  # type: ignore[union-attr]
        save_dense(self.index, self.folder / "dense.faiss")
        write_keys(self.folder, "embeddings", self.keys)
        self.seconds["faiss_s"] += time.perf_counter() - started
        self.info.update(status="ok", embedded=self.embedded, reused=self.reused)
        summary = {"kind": index_kind(self.index), "file": "dense.faiss", "count": int(self.index.ntotal)}
        self.index = self.vectors = None  # release memory: the build reloads what it serves
        return summary
