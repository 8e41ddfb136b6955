"""Engines: one per index configuration in a process, holding the current index snapshot and
the models that search it. Safe from many threads: one snapshot is swapped in whole, so a
rebuild (or vectors landing from the background) never serves a mixture of two builds.

A build has two stages: passages + BM25 (about a second on the seeds), then vectors by the
first usable embedder of the chain (rag.search.embed_chain): from a background thread on
serving paths, at once in `rebuild` (also for articles given directly, as evaluations do)."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Any

from rag.config import Settings
from rag.index.manifest import IndexCorrupt, read_manifest, stale_reason
from rag.index.partial import install_signal_cleanup, remove_abandoned
from rag.index.store import IndexSnapshot, load_index
from rag.pipeline.background import VectorJob
from rag.pipeline.build import build_index as _build
from rag.pipeline.health import BuildHealth, describe_build_error
from rag.pipeline.notes import vector_notes
from rag.pipeline.signature import index_signature, vector_signature
from rag.pipeline.vectors import VectorProgress, add_vectors, no_vectors_note, vectors_pending_note
from rag.schema import Article
from rag.search.embed_chain import Candidate, embedder_chain, first_usable
from rag.search.embedders import Embedder
from rag.search.rerank import CrossEncoderReranker
from rag.search.retriever import Retriever
from rag.search.similarity import CachedQueries, SentenceScorer

log = logging.getLogger(__name__)

STALE_CHECK_SECONDS = 2.0
ALL, VECTORS = "all", "vectors"


class Engine:
    """The index snapshot and models for one configuration of the index."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.chain = embedder_chain(settings)
        self.reranker = CrossEncoderReranker(settings.reranker_model) if settings.reranker_model else None
        self._embedders: dict[str, CachedQueries] = {}
        self._scorers: dict[str, SentenceScorer] = {}
        self._snapshot: IndexSnapshot | None = None
        self._checked_at = 0.0
        self._wanted: dict[frozenset[str], tuple[Candidate | None, list[dict[str, str]]]] = {}  # cheap resolution by failed set
        self._job: VectorJob | None = None
        self._lock = threading.RLock()  # guards the fields above
        self._building = threading.Lock()  # one build (either stage) at a time
        self.health = BuildHealth(settings)  # failed rebuilds: the last good build answers meanwhile
        install_signal_cleanup()  # a signal during a build removes its partial folder
        remove_abandoned(Path(settings.index_dir))  # every start: partial builds whose build died

    def get_embedder(self, candidate: Candidate) -> Embedder:
        """The (shared, lazily loaded) embedder of a chain candidate."""
        with self._lock:
            if candidate.name not in self._embedders:
                self._embedders[candidate.name] = CachedQueries(candidate.make())
            return self._embedders[candidate.name]

    def embedder_for(self, snapshot: IndexSnapshot) -> Embedder | None:
        """The embedder that built a snapshot's vectors (queries must use the same one)."""
        name = snapshot.embedder_name
        candidate = next((c for c in self.chain if c.name == name), None)
        return self.get_embedder(candidate) if candidate is not None else None

    def _resolution(self, failed: frozenset[str] = frozenset()) -> tuple[Candidate | None, list[dict[str, str]]]:
        """The first usable embedder, skipping those that failed when used (cached until a
        rebuild or recheck: the checks are cheap, not free)."""
        with self._lock:
            if failed not in self._wanted:
                self._wanted[failed] = first_usable(self.chain, skip=failed)
            return self._wanted[failed]

    def snapshot(self, progress: bool = True, background: bool = False) -> IndexSnapshot:
        """The current index: loaded, or (re)built when missing, stale or damaged.

        With `background`, a missing or stale index is served from its BM25 stage at once
        and its vectors are computed in a background thread, then swapped in whole. While
        one thread rebuilds, the others keep answering from the previous snapshot; each
        query uses one snapshot throughout, so none sees a mixture of two builds.
        """
        with self._lock:
            if self._snapshot is not None and time.monotonic() - self._checked_at < STALE_CHECK_SECONDS:
                return self._snapshot
            reason, scope = self._refresh()
            self._checked_at = time.monotonic()
            current = self._snapshot
            if reason is None:
                assert current is not None
                self.health.succeeded()  # current again (the articles came back, or another process rebuilt)
                return current
        if scope == VECTORS and current is not None:
            return self._vectors(current, reason, progress, background)
        if self.health.failures:
            current = current or self.health.last_good()  # a fresh process: the stale build on disk answers
            if current is not None and not self.health.due():
                return current  # the last rebuild failed: serve the last good build until the retry
        if current is not None and not self._building.acquire(blocking=False):
            return current  # another thread is rebuilding: answer from the previous build
        if current is None:
            self._building.acquire()
        try:
            with self._lock:
                if self._snapshot is not current and self._snapshot is not None:
                    return self._snapshot  # built by another thread while we waited
            log.info("building the index: %s", reason)
            try:
                fresh = self._build_bm25(progress)
            except Exception as exc:  # noqa: BLE001 - any failed build falls back to the last good one
                fallback = self.health.failed(exc, reason, current)  # raises when there is none
                self._swap(fallback)
                return fallback
            self.health.succeeded()
        finally:
            self._building.release()
        if fresh.manifest["embedder"].get("status") == "pending":
            return self._vectors(fresh, "new passages", progress, background)
        return fresh

    def _build_bm25(self, progress: bool, pages: list[list[Article]] | None = None) -> IndexSnapshot:
        """Stage 1 (caller holds _building): passages and BM25, vectors marked as to come."""
        with self._lock:
            self._wanted = {}
        wanted, passed = self._resolution()
        note = vectors_pending_note(self.settings, wanted) if wanted else no_vectors_note(self.settings, passed)
        fresh = _build(self.settings, None, progress=progress, pages=pages, vectors_note=note)
        self._swap(fresh)
        return fresh

    def _vectors(self, base: IndexSnapshot, reason: str, progress: bool, background: bool) -> IndexSnapshot:
        """Stage 2 for `base`: in a background thread (returns base at once) or now."""
        if not background:
            with self._building:
                return self._add_vectors(base, reason, VectorProgress(show_bar=progress))
        with self._lock:
            if self._job is None or not self._job.running:
                log.info("computing vectors in the background: %s", reason)
                self._job = VectorJob(Path(self.settings.index_dir), lambda p: self._background(base, reason, p), progress).start()
        return base

    def _background(self, base: IndexSnapshot, reason: str, progress: VectorProgress) -> None:
        with self._building:
            self._add_vectors(base, reason, progress)

    def _add_vectors(self, base: IndexSnapshot, reason: str, progress: VectorProgress) -> IndexSnapshot:
        log.info("computing vectors: %s", reason)
        fresh = add_vectors(self.settings, base, self.chain, self.get_embedder, progress)
        with self._lock:
            if self._snapshot is None or self._snapshot.manifest["build_id"] == base.manifest["build_id"]:
                self._snapshot, self._checked_at = fresh, time.monotonic()
        return fresh

    def _swap(self, fresh: IndexSnapshot) -> None:
        with self._lock:
            self._snapshot, self._checked_at = fresh, time.monotonic()

    def _refresh(self) -> tuple[str | None, str]:
        """Load a newer build if one was committed; (why to rebuild, what: all or vectors)."""
        try:
            manifest = read_manifest(self.settings.index_dir)
            reason = stale_reason(manifest, Path(self.settings.seeds_dir), index_signature(self.settings))
        except IndexCorrupt as exc:
            return str(exc), ALL
        if reason is not None or manifest is None:
            return reason, ALL
        current = self._snapshot.manifest["build_id"] if self._snapshot is not None else None
        if current != manifest["build_id"]:
            try:
                self._snapshot = load_index(Path(self.settings.index_dir), self.settings.hnsw_ef_search)
            except IndexCorrupt as exc:
                return str(exc), ALL
        vectors = self._vectors_reason(manifest)
        if vectors is not None and self._job is not None and (self._job.running or self._job.error or self._job.elsewhere):
            vectors = None  # under way (here or elsewhere), or failed: BM25 answers; the note says why
        return vectors, VECTORS

    def _vectors_reason(self, manifest: dict[str, Any]) -> str | None:
        """Why this build's vectors must be (re)computed, or None."""
        info = manifest.get("embedder") or {}
        if info.get("signature") != vector_signature(self.settings):
            return "the embedding settings changed"
        if info.get("status") == "pending":
            return "the vectors were not finished"
        failed = frozenset(t["model"] for t in info.get("tried", []) if t.get("status") == "failed")
        wanted, _ = self._resolution(failed)
        used = info.get("model") if manifest.get("dense") else None
        if (wanted.name if wanted else None) != used:
            return f"{wanted.label} can now be used" if wanted else "no embedder can be used any more"
        return None

    def build_bm25(self, progress: bool = True) -> IndexSnapshot:
        """Stage 1 alone, now: passages and BM25, vectors left pending (rag.pipeline.first_stage)."""
        with self._building:
            return self._build_bm25(progress)

    def rebuild(self, progress: bool = True, pages: list[list[Article]] | None = None) -> IndexSnapshot:
        """Build both stages now, of the seeds or of `pages` given (queries keep the current snapshot)."""
        with self._building:
            try:
                fresh = self._build_bm25(progress, pages)
            except OSError as exc:  # asked for explicitly: fail, but in words
                raise OSError(describe_build_error(exc, self.settings)) from exc
            self.health.succeeded()
        if fresh.manifest["embedder"].get("status") == "pending":
            fresh = self._vectors(fresh, "rebuild", progress, background=False)
        return fresh

    @property
    def stale_note(self) -> str:
        """Why answers come from an out-of-date index ("" when the index is current)."""
        return self.health.note(self._snapshot)

    def forget_queries(self) -> None:
        """Forget remembered query vectors (so a benchmark times the query embedding)."""
        with self._lock:
            for embedder in self._embedders.values():
                embedder.clear()

    def wait_for_vectors(self, timeout: float | None = None) -> bool:
        """Block until a background vector job has finished (True) or `timeout` passed."""
        job = self._job
        return job is None or job.wait(timeout)

    def vector_note(self) -> str:
        """What the background vector job is doing ('' when there is none)."""
        job = self._job
        return job.note() if job is not None else ""

    def invalidate(self) -> None:
        """Forget the loaded snapshot: the next query looks at the disk again, like a new process."""
        with self._lock:
            self._snapshot, self._checked_at, self._wanted = None, 0.0, {}

    def pin(self, snapshot: IndexSnapshot) -> None:
        """Serve this snapshot and never look at the disk again (benchmarks of a fixed build)."""
        with self._lock:
            self._snapshot, self._checked_at = snapshot, float("inf")

    def recheck(self) -> None:
        """Look at the disk again on the next query (keeps the loaded snapshot meanwhile)."""
        with self._lock:
            self._checked_at, self._wanted = 0.0, {}

    def retriever(self, settings: Settings) -> Retriever:
        """A retriever over the current snapshot with per-call settings (k, fusion...);
        on a first run it answers from BM25 while vectors are computed in the background."""
        snapshot = self.snapshot(background=True)
        retriever = Retriever(snapshot, settings, self.embedder_for(snapshot), self.reranker)
        retriever.notes = self.describe(snapshot)  # replaces the retriever's generic offline note
        return retriever

    def describe(self, snapshot: IndexSnapshot) -> list[str]:
        """Which embedder built the snapshot's vectors and why, or why there are none."""
        return vector_notes(snapshot.manifest, self.vector_note())

    def sentence_similarity(self, question: str, sentences: list[str], snapshot: IndexSnapshot | None = None) -> list[float]:
        """Cosine of the question's vector to each sentence's vector (stored at index time;
        others embedded on first use and kept). Raises ValueError without vectors."""
        snapshot = snapshot or self.snapshot(background=True)
        embedder = self.embedder_for(snapshot)
        if embedder is None:
            raise ValueError("the index has no vectors: similarity needs an embedding model")
        build = snapshot.manifest["build_id"]
        with self._lock:
            if build not in self._scorers:  # one build's sentence vectors at a time
                self._scorers = {build: SentenceScorer(embedder, snapshot.manifest["embedder"].get("passage_prefix", ""), snapshot.sentence_vectors())}
            scorer = self._scorers[build]
        return scorer.similarity(question, sentences)


_ENGINES: dict[tuple[str, ...], Engine] = {}
_ENGINES_LOCK = threading.Lock()


def engine_for(settings: Settings) -> Engine:
    """The shared Engine for these settings (one per index configuration per process); a
    MilvusEngine (same interface) when `search_backend` is milvus."""
    from rag.pipeline.signature import engine_key

    key = engine_key(settings)
    with _ENGINES_LOCK:
        if key not in _ENGINES:
            if settings.search_backend == "milvus":
                from rag.pipeline.milvus_engine import MilvusEngine  # imports pymilvus only when used
            _ENGINES[key] = MilvusEngine(settings) if settings.search_backend == "milvus" else Engine(settings)  # type: ignore[assignment]
        return _ENGINES[key]
