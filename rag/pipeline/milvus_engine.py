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
from rag.pipeline.milvus_build import build_milvus
from rag.pipeline.notes import vector_notes
from rag.pipeline.signature import index_signature, vector_signature
from rag.pipeline.vectors import no_vectors_note
from rag.search.backend_retriever import BackendRetriever
from rag.search.backends import open_backend
from rag.search.embed_chain import Candidate, embedder_chain, first_usable
from rag.search.embedders import Embedder
from rag.search.similarity import CachedQueries

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
    """Index snapshot and models for one configuration, served from Milvus. Thread-safe.

    The same interface as rag.pipeline.engine.Engine. Builds run in the foreground (passages
    and vectors in one streaming pass into Milvus); queries wait for them."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.chain = embedder_chain(settings)
        self._embedders: dict[str, CachedQueries] = {}
        self._snapshot: BackendSnapshot | None = None
        self._checked_at = 0.0
        self._lock = threading.RLock()

    # --- embedders -----------------------------------------------------------------------

    def get_embedder(self, candidate: Candidate) -> Embedder:
        with self._lock:
            if candidate.name not in self._embedders:
                self._embedders[candidate.name] = CachedQueries(candidate.make())
            return self._embedders[candidate.name]

    @property
    def embedder(self) -> Embedder | None:
        """The embedder the chain resolves to now (None: BM25 alone)."""
        wanted, _ = first_usable(self.chain)
        return self.get_embedder(wanted) if wanted is not None else None

    def embedder_for(self, snapshot: BackendSnapshot) -> Embedder | None:
        """The embedder that built a snapshot's vectors (queries must use the same one)."""
        name = snapshot.manifest.get("embedder", {}).get("model") if snapshot.dense else None
        candidate = next((c for c in self.chain if c.name == name), None)
        return self.get_embedder(candidate) if candidate is not None else None

    def forget_queries(self) -> None:
        with self._lock:
            for embedder in self._embedders.values():
                embedder.clear()

    # --- snapshots -----------------------------------------------------------------------

    def _reason(self) -> str | None:
        """Why a (re)build is needed, or None; loads a newer committed build."""
        try:
            manifest = read_manifest(self.settings.index_dir)
            reason = stale_reason(manifest, Path(self.settings.seeds_dir), index_signature(self.settings))
            if reason is None and manifest is not None:
                reason = self._vectors_reason(manifest)
            if reason is None and manifest is not None and (self._snapshot is None or self._snapshot.manifest["build_id"] != manifest["build_id"]):
                old, self._snapshot = self._snapshot, load_snapshot(self.settings, manifest)
                if old is not None:
                    old.backend.close()
            return reason
        except IndexCorrupt as exc:
            return str(exc)

    def _vectors_reason(self, manifest: dict[str, Any]) -> str | None:
        info = manifest.get("embedder") or {}
        if info.get("signature") != vector_signature(self.settings):
            return "the embedding settings changed"
        failed = frozenset(t["model"] for t in info.get("tried", []) if t.get("status") == "failed")
        wanted, _ = first_usable(self.chain, skip=failed)
        used = info.get("model") if manifest.get("dense") else None
        if (wanted.name if wanted else None) != used:
            return f"{wanted.label} can now be used" if wanted else "no embedder can be used any more"
        return None

    def snapshot(self, progress: bool = True, background: bool = False) -> BackendSnapshot:
        """The current build: loaded, or (re)built when missing, stale or damaged
        (`background` is accepted for the Engine's interface; Milvus builds run now)."""
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
        wanted, passed = first_usable(self.chain)
        embedder = self.get_embedder(wanted) if wanted is not None else None
        if wanted is not None:
            info = {"model": wanted.name, "label": wanted.label, "role": wanted.role, "tried": passed, "passage_prefix": wanted.passage_prefix}
        else:
            info = no_vectors_note(self.settings, passed)
        info["signature"] = vector_signature(self.settings)
        manifest = build_milvus(self.settings, embedder, progress=progress, embedder_info=info)
        self._snapshot = load_snapshot(self.settings, manifest)
        self._snapshot.timings = dict(manifest.get("timings", {}))
        self._checked_at = time.monotonic()
        return self._snapshot

    def rebuild(self, progress: bool = True) -> BackendSnapshot:
        """Build now (unchanged passages already in Milvus are kept, not rewritten)."""
        with self._lock:
            return self._build(progress)

    def wait_for_vectors(self, timeout: float | None = None) -> bool:
        return True  # vectors are written with their passages

    @property
    def stale_note(self) -> str:
        """Why the index is out of date and could not be rebuilt ("": Milvus builds run in the
        foreground and raise, so there is no out-of-date state to report)."""
        return ""

    def vector_note(self) -> str:
        return ""

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

    def describe(self, snapshot: BackendSnapshot) -> list[str]:
        """Which embedder built the vectors and why, or why there are none."""
        return vector_notes(snapshot.manifest)

    def retriever(self, settings: Settings, filters: Filters | None = None) -> BackendRetriever:
        """A retriever over the current build with per-call settings (k, filters)."""
        snapshot = self.snapshot()
        retriever = BackendRetriever(snapshot, settings, self.embedder_for(snapshot), filters)
        retriever.notes = self.describe(snapshot)
        return retriever

    def sentence_similarity(self, question: str, sentences: list[str], snapshot: BackendSnapshot | None = None) -> list[float]:
        """Cosine of the question's vector to each sentence's (embedded now: a Milvus build
        stores no sentence vectors). Raises ValueError without vectors."""
        embedder = self.embedder_for(snapshot or self.snapshot())
        if embedder is None:
            raise ValueError("the index has no vectors: similarity needs an embedding model")
        if not sentences:
            return []
        vectors = embedder.embed_passages(sentences)
        return [float(x) for x in vectors @ embedder.embed_query(question)]
