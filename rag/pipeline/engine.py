"""Engines: one per index configuration in a process, holding the current index snapshot and
the models that search it. Safe from many threads: one snapshot is swapped in whole, so a
rebuild never serves a mixture of old and new files."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

from rag.config import Settings
from rag.index.manifest import IndexCorrupt, read_manifest, stale_reason
from rag.index.store import IndexSnapshot, load_index
from rag.model_source import resolve_model
from rag.pipeline.build import build_index as _build
from rag.pipeline.signature import engine_key, index_signature
from rag.search.embedders import SentenceTransformerEmbedder
from rag.search.rerank import CrossEncoderReranker
from rag.search.retriever import Retriever

log = logging.getLogger(__name__)

STALE_CHECK_SECONDS = 2.0


class Engine:
    """The index snapshot and models for one configuration of the index."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        query_prefix, passage_prefix = settings.prefixes()
        self.embedder = SentenceTransformerEmbedder(settings.embed_model, query_prefix, passage_prefix, settings.embed_batch_size)
        self.reranker = CrossEncoderReranker(settings.reranker_model) if settings.reranker_model else None
        self._snapshot: IndexSnapshot | None = None
        self._checked_at = 0.0
        self._model_probe: bool | None = None
        self._lock = threading.RLock()  # guards the fields above
        self._building = threading.Lock()  # one build at a time

    def _dense_model_appeared(self, manifest: dict[str, Any]) -> bool:
        """An index built without vectors is stale once the embedding model can be loaded."""
        if manifest.get("dense"):
            return False
        if self._model_probe is None:
            self._model_probe = resolve_model(self.settings.embed_model).available
        return self._model_probe

    def snapshot(self, progress: bool = True) -> IndexSnapshot:
        """The current index: loaded, or (re)built when missing, stale or damaged.

        While one thread rebuilds, the others keep answering from the previous snapshot;
        each query uses one snapshot throughout, so none sees a mixture of two builds.
        """
        with self._lock:
            if self._snapshot is not None and time.monotonic() - self._checked_at < STALE_CHECK_SECONDS:
                return self._snapshot
            reason = self._refresh()
            self._checked_at = time.monotonic()
            if reason is None:
                assert self._snapshot is not None
                return self._snapshot
            current = self._snapshot
        if current is not None and not self._building.acquire(blocking=False):
            return current  # another thread is rebuilding: answer from the previous build
        if current is None:
            self._building.acquire()
        try:
            with self._lock:
                if self._snapshot is not current and self._snapshot is not None:
                    return self._snapshot  # built by another thread while we waited
            log.info("building the index: %s", reason)
            fresh = _build(self.settings, self.embedder, progress=progress)
            with self._lock:
                self._snapshot, self._model_probe, self._checked_at = fresh, None, time.monotonic()
            return fresh
        finally:
            self._building.release()

    def _refresh(self) -> str | None:
        """Load a newer build if one was committed; the reason to rebuild, or None."""
        try:
            manifest = read_manifest(self.settings.index_dir)
            reason = stale_reason(manifest, Path(self.settings.seeds_dir), index_signature(self.settings))
            if reason is None and manifest is not None and self._dense_model_appeared(manifest):
                reason = f"the embedding model {self.settings.embed_model} is now available"
        except IndexCorrupt as exc:
            return str(exc)
        current = self._snapshot.manifest["build_id"] if self._snapshot is not None else None
        if reason is None and manifest is not None and current != manifest["build_id"]:
            try:
                self._snapshot = load_index(Path(self.settings.index_dir), self.settings.hnsw_ef_search)
            except IndexCorrupt as exc:
                return str(exc)
        return reason

    def rebuild(self, progress: bool = True) -> IndexSnapshot:
        """Build now (queries meanwhile keep using the current snapshot)."""
        with self._building:
            fresh = _build(self.settings, self.embedder, progress=progress)
            with self._lock:
                self._snapshot, self._checked_at = fresh, time.monotonic()
            return fresh

    def invalidate(self) -> None:
        """Forget the loaded snapshot: the next query looks at the disk again, like a new process."""
        with self._lock:
            self._snapshot, self._checked_at, self._model_probe = None, 0.0, None

    def pin(self, snapshot: IndexSnapshot) -> None:
        """Serve this snapshot and never look at the disk again (benchmarks of a fixed build)."""
        with self._lock:
            self._snapshot, self._checked_at = snapshot, float("inf")

    def recheck(self) -> None:
        """Look at the disk again on the next query (keeps the loaded snapshot meanwhile)."""
        with self._lock:
            self._checked_at = 0.0

    def retriever(self, settings: Settings) -> Retriever:
        """A retriever over the current snapshot with per-call settings (k, fusion...)."""
        return Retriever(self.snapshot(), settings, self.embedder, self.reranker)


_ENGINES: dict[tuple[str, ...], Engine] = {}
_ENGINES_LOCK = threading.Lock()


def engine_for(settings: Settings) -> Engine:
    """The shared Engine for these settings (one per index configuration per process)."""
    key = engine_key(settings)
    with _ENGINES_LOCK:
        if key not in _ENGINES:
            _ENGINES[key] = Engine(settings)
        return _ENGINES[key]
