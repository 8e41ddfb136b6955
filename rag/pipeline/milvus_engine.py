"""The engine for `RAG_SEARCH_BACKEND=milvus`: the same staleness and manifest logic as the
local Engine, with the passages, vectors and search in Milvus and only the manifest and the
BM25 term statistics (for query weights and the answerer's IDF) on local disk."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.config import Settings
from rag.index.backend import Filters
from rag.index.bm25_weights import TermStats
from rag.index.manifest import IndexCorrupt, read_manifest, stale_reason
from rag.model_source import resolve_model
from rag.pipeline.milvus_build import build_milvus
from rag.pipeline.signature import index_signature
from rag.search.backend_retriever import BackendRetriever
from rag.search.backends import open_backend
from rag.search.embedders import SentenceTransformerEmbedder

log = logging.getLogger(__name__)
STALE_CHECK_SECONDS = 2.0


@dataclass
class BackendSnapshot:
    """One committed Milvus build: its manifest, term statistics and an open backend."""

    manifest: dict[str, Any]
    folder: Path
    backend: Any  # MilvusBackend
    sparse: TermStats  # doc_freq and size, as the answerer's IDF needs
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def dense(self) -> bool | None:
        """True when the build stored vectors, else None (as a local snapshot without FAISS)."""
        return True if self.manifest.get("dense") else None

    @property
    def dense_error(self) -> str:
        return str(self.manifest.get("embedder", {}).get("error", ""))


def load_snapshot(settings: Settings, manifest: dict[str, Any]) -> BackendSnapshot:
    """Open the build a manifest describes. Raises IndexCorrupt when it doesn't match Milvus."""
    folder = Path(settings.index_dir) / manifest["build_id"]
    try:
        stats = TermStats.load(folder)
    except (OSError, KeyError, ValueError) as exc:
        raise IndexCorrupt(f"term statistics of {folder} are unreadable: {exc}") from exc
    info = manifest.get("backend", {})
    backend = open_backend(settings, stats=stats, frozen_stats=True, avg_length=info.get("avg_length"))
    expected = manifest.get("counts", {}).get("chunks")
    held = backend.count()
    if held != expected:
        backend.close()
        raise IndexCorrupt(f"Milvus collection {backend.collection} holds {held} passages, the manifest says {expected}")
    return BackendSnapshot(manifest, folder, backend, stats)


class MilvusEngine:
    """Index snapshot and models for one configuration, served from Milvus. Thread-safe."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        query_prefix, passage_prefix = settings.prefixes()
        self.embedder = SentenceTransformerEmbedder(settings.embed_model, query_prefix, passage_prefix, settings.embed_batch_size)
        self._snapshot: BackendSnapshot | None = None
        self._checked_at = 0.0
        self._lock = threading.RLock()

    def _reason(self) -> str | None:
        """Why a (re)build is needed, or None; loads a newer committed build."""
        try:
            manifest = read_manifest(self.settings.index_dir)
            reason = stale_reason(manifest, Path(self.settings.seeds_dir), index_signature(self.settings))
            if reason is None and manifest is not None and not manifest.get("dense") and resolve_model(self.settings.embed_model).available:
                reason = f"the embedding model {self.settings.embed_model} is now available"
            if reason is None and manifest is not None and (self._snapshot is None or self._snapshot.manifest["build_id"] != manifest["build_id"]):
                old, self._snapshot = self._snapshot, load_snapshot(self.settings, manifest)
                if old is not None:
                    old.backend.close()
            return reason
        except IndexCorrupt as exc:
            return str(exc)

    def snapshot(self, progress: bool = True) -> BackendSnapshot:
        """The current build: loaded, or (re)built when missing, stale or damaged. Queries
        during a build wait for it (Milvus Lite serves one process from one file)."""
        with self._lock:
            if self._snapshot is not None and time.monotonic() - self._checked_at < STALE_CHECK_SECONDS:
                return self._snapshot
            reason = self._reason()
            if reason is not None:
                log.info("building the Milvus index: %s", reason)
                self._build(progress)
            self._checked_at = time.monotonic()
            assert self._snapshot is not None
            return self._snapshot

    def _build(self, progress: bool) -> BackendSnapshot:
        if self._snapshot is not None:
            self._snapshot.backend.close()  # Milvus Lite: the builder opens the same file
            self._snapshot = None
        manifest = build_milvus(self.settings, self.embedder, progress=progress)
        self._snapshot = load_snapshot(self.settings, manifest)
        self._snapshot.timings = dict(manifest.get("timings", {}))
        self._checked_at = time.monotonic()
        return self._snapshot

    def rebuild(self, progress: bool = True) -> BackendSnapshot:
        """Build now (unchanged passages already in Milvus are kept, not rewritten)."""
        with self._lock:
            return self._build(progress)

    def invalidate(self) -> None:
        """Forget the loaded snapshot: the next query looks at the manifest again."""
        with self._lock:
            if self._snapshot is not None:
                self._snapshot.backend.close()
            self._snapshot, self._checked_at = None, 0.0

    def pin(self, snapshot: BackendSnapshot) -> None:
        """Serve this snapshot and never look at the manifest again (benchmarks)."""
        with self._lock:
            self._snapshot, self._checked_at = snapshot, float("inf")

    def recheck(self) -> None:
        with self._lock:
            self._checked_at = 0.0

    def retriever(self, settings: Settings, filters: Filters | None = None) -> BackendRetriever:
        """A retriever over the current build with per-call settings (k, filters)."""
        return BackendRetriever(self.snapshot(), settings, self.embedder, filters)
