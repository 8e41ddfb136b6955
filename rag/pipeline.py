"""The public entry points: retrieve(), build_index() (and ask() in rag.answer), with shared,
lazily built components. Safe to call from many threads: one index snapshot is swapped in
whole, so a rebuild never serves a mixture of old and new files."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from rag.config import Settings, get_settings
from rag.embed import SentenceTransformerEmbedder
from rag.index.manifest import IndexCorrupt, read_manifest, stale_reason
from rag.index.build import build_index as _build
from rag.index.store import IndexSnapshot, expected_settings, load_index
from rag.models import resolve_model
from rag.rerank import CrossEncoderReranker
from rag.retrieval import Retriever
from rag.schema import Passage

log = logging.getLogger(__name__)

STALE_CHECK_SECONDS = 2.0
_INDEX_FIELDS = (
    "seeds_dir", "index_dir", "embed_model", "query_prefix", "passage_prefix", "embed_batch_size",
    "chunk_chars", "chunk_overlap", "hnsw_threshold", "hnsw_m", "hnsw_ef_construction", "hnsw_ef_search",
    "reranker_model",
)


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
            reason = stale_reason(manifest, self.settings, expected_settings(self.settings))
            if reason is None and manifest is not None and self._dense_model_appeared(manifest):
                reason = f"the embedding model {self.settings.embed_model} is now available"
        except IndexCorrupt as exc:
            return str(exc)
        current = self._snapshot.manifest["build_id"] if self._snapshot is not None else None
        if reason is None and manifest is not None and current != manifest["build_id"]:
            try:
                self._snapshot = load_index(self.settings)
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

    def retriever(self, settings: Settings) -> Retriever:
        """A retriever over the current snapshot with per-call settings (k, fusion...)."""
        return Retriever(self.snapshot(), settings, self.embedder, self.reranker)


_ENGINES: dict[tuple[Any, ...], Engine] = {}
_ENGINES_LOCK = threading.Lock()


def engine_for(settings: Settings) -> Engine:
    """The shared Engine for these settings (one per index configuration per process)."""
    key = tuple(str(getattr(settings, name)) for name in _INDEX_FIELDS)
    with _ENGINES_LOCK:
        if key not in _ENGINES:
            _ENGINES[key] = Engine(settings)
        return _ENGINES[key]


def resolve_settings(settings: Settings | None = None, **overrides: Any) -> Settings:
    """Settings from the environment (or given), with keyword overrides applied."""
    return (settings or get_settings()).with_overrides(**overrides)


def retrieve(question: str, k: int | None = None, settings: Settings | None = None, **overrides: Any) -> list[Passage]:
    """The k passages that best answer `question`, best first (builds the index when needed)."""
    settings = resolve_settings(settings, k=k, **overrides)
    return engine_for(settings).retriever(settings).search(question, settings.k)


def build_index(settings: Settings | None = None, progress: bool = True, **overrides: Any) -> IndexSnapshot:
    """(Re)build vectorstore/ from the seeds now, whatever its state."""
    settings = resolve_settings(settings, **overrides)
    return engine_for(settings).rebuild(progress=progress)
