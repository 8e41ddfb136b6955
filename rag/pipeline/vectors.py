"""The vector stage of a build: passage vectors (FAISS) and passage-sentence vectors added to
a BM25 build, by the first embedder of the chain that works.

The result is a new build folder that shares the BM25 build's chunk and BM25 files (hard
links), committed by replacing the manifest, like any build. Vectors are taken, by content
hash, from the newest earlier build that has them, then from the resume cache of an
interrupted run; only the rest is embedded, and each batch is added to the cache at once.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
from tqdm import tqdm

from rag.answer.topic_chains import evidence_units
from rag.config import Settings
from rag.index.chunk_store import OFFSETS
from rag.index.dense import DenseParams, build_dense, index_kind, save_dense
from rag.index.manifest import IndexCorrupt, read_manifest, write_manifest
from rag.index.store import IndexSnapshot, embed_key, embed_text, load_build, remove_old_builds
from rag.index.vector_files import EmbedCache, StoredVectors, load_vectors, write_keys, write_vectors
from rag.lang import sentence_spans
from rag.pipeline.signature import vector_signature
from rag.search.embed_chain import Candidate
from rag.search.embedders import Embedder, EmbedderUnavailable

log = logging.getLogger(__name__)
SHARED_FILES = ("chunks.jsonl", OFFSETS, "articles.jsonl", "bm25")
FAISS_BATCH = 10_000


@dataclass
class VectorProgress:
    """How far the vector stage is (read by the UI banner from another thread)."""

    label: str = ""
    phase: str = ""
    done: int = 0
    total: int = 0
    show_bar: bool = False
    _bar: Any = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def begin(self, label: str, phase: str, total: int) -> None:
        with self._lock:
            self.label, self.phase, self.done, self.total = label, phase, 0, total
        self.end_bar()
        self._bar = tqdm(total=total, desc=f"vectors ({phase})", unit=phase[:-1] or "text", disable=not self.show_bar)

    def advance(self, n: int) -> None:
        with self._lock:
            self.done += n
        if self._bar is not None:
            self._bar.update(n)

    def end_bar(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def note(self) -> str:
        """'bundled …: passages 40/133' (empty before the stage starts)."""
        with self._lock:
            return f"{self.label}: {self.phase} {self.done}/{self.total}" if self.label else ""


def vectors_pending_note(settings: Settings, candidate: Candidate) -> dict[str, Any]:
    """The manifest's `embedder` for a BM25 build whose vectors are still to come."""
    return {"model": candidate.name, "label": candidate.label, "status": "pending", "error": f"vectors by {candidate.label} not computed yet", "signature": vector_signature(settings)}


def no_vectors_note(settings: Settings, tried: list[dict[str, str]]) -> dict[str, Any]:
    """The manifest's `embedder` when no embedder of the chain could be used."""
    reasons = "; ".join(f"{t['model']}: {t['reason']}" for t in tried) or f"embed_model={settings.embed_model!r} asks for BM25 alone"
    return {"model": None, "status": "unavailable", "error": reasons, "tried": tried, "signature": vector_signature(settings)}


def add_vectors(settings: Settings, base: IndexSnapshot, chain: list[Candidate], get_embedder: Callable[[Candidate], Embedder], progress: VectorProgress | None = None) -> IndexSnapshot:
    """The base build with vectors from the first embedder of `chain` that works, committed;
    or the base build recorded as BM25-alone (with every reason) when none works."""
    progress = progress or VectorProgress()
    tried: list[dict[str, str]] = []
    for candidate in chain:
        reason = candidate.check()
        if reason:
            tried.append({"model": candidate.name, "status": "unavailable", "reason": reason})
            continue
        try:
            return _build_vectors(settings, base, candidate, get_embedder(candidate), tried, progress)
        except EmbedderUnavailable as exc:
            log.warning("%s failed, trying the next embedder: %s", candidate.label, exc)
            tried.append({"model": candidate.name, "status": "failed", "reason": str(exc)})
        finally:
            progress.end_bar()
    log.warning("no embedder could be used, retrieval uses BM25 alone: %s", tried)
    manifest = {**base.manifest, "embedder": no_vectors_note(settings, tried)}
    _commit(Path(settings.index_dir), base.manifest["build_id"], manifest)
    return load_build(Path(settings.index_dir), manifest, settings.hnsw_ef_search)


def _reuse_source(index_dir: Path) -> tuple[StoredVectors | None, StoredVectors | None]:
    """Passage and sentence vectors of the newest committed build that has them."""
    builds = sorted((p for p in index_dir.glob("build-*") if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for folder in builds:
        try:
            passages = load_vectors(folder, "embeddings")
            if passages is not None:
                return passages, load_vectors(folder, "sentences")
        except (OSError, ValueError):
            continue
    return None, None


def _fill(keys: list[str], texts: list[str], out: np.ndarray, embedder: Embedder, cache: EmbedCache, known: dict[str, np.ndarray], reuse: StoredVectors | None, batch: int, progress: VectorProgress) -> tuple[int, int]:
    """Rows of `out` for each key: reused, cached, or embedded now. (embedded, reused)."""
    missing = []
    for i, key in enumerate(keys):
        vector = reuse.get(key) if reuse is not None else None
        vector = vector if vector is not None else known.get(key)
        if vector is None:
            missing.append(i)
        else:
            out[i] = vector
    progress.advance(len(keys) - len(missing))
    for start in range(0, len(missing), batch):
        rows = missing[start : start + batch]
        vectors = embedder.embed_passages([texts[i] for i in rows])
        if vectors.shape != (len(rows), out.shape[1]):
            raise EmbedderUnavailable(f"{embedder.name} returned vectors of shape {vectors.shape} for {len(rows)} texts of dimension {out.shape[1]}")
        out[rows] = vectors
        cache.append([keys[i] for i in rows], vectors)
        progress.advance(len(rows))
    return len(missing), len(keys) - len(missing)


def passage_sentences(texts: list[str]) -> list[str]:
    """Every distinct sentence of the passages, in order of first appearance, and every unit
    the answerer weighs (a sentence pointing back joined to the one before it: "这里出产…"),
    so that answering embeds only the question."""
    seen: dict[str, None] = {}
    for text in texts:
        for start, end in sentence_spans(text) + evidence_units(text):
            seen.setdefault(text[start:end], None)
    return list(seen)


def _build_vectors(settings: Settings, base: IndexSnapshot, candidate: Candidate, embedder: Embedder, tried: list[dict[str, str]], progress: VectorProgress) -> IndexSnapshot:
    index_dir = Path(settings.index_dir)
    build_id = f"build-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    partial = index_dir / f".{build_id}.partial"
    started = time.perf_counter()
    try:
        partial.mkdir()
        for name in SHARED_FILES:
            _link(base.folder / name, partial / name)
        chunks = list(base.chunks)
        texts = [embed_text(c) for c in chunks]
        keys = [embed_key(candidate.name, candidate.passage_prefix, t) for t in texts]
        dim = embedder.dim
        cache, (reuse, reuse_sentences) = EmbedCache(index_dir, candidate.name), _reuse_source(index_dir)
        known = cache.load()
        vectors = np.lib.format.open_memmap(partial / "embeddings.npy", mode="w+", dtype=np.float32, shape=(len(keys), dim))
        progress.begin(candidate.label, "passages", len(keys))
        embedded, reused = _fill(keys, texts, vectors, embedder, cache, known, reuse, settings.embed_batch_size, progress)
        vectors.flush()
        write_keys(partial, "embeddings", keys)
        embed_s = time.perf_counter() - started
        index = build_dense(np.zeros((0, dim), dtype=np.float32), _params(settings), expected_total=len(keys))
        for start in range(0, len(keys), FAISS_BATCH):
            index.add(np.ascontiguousarray(vectors[start : start + FAISS_BATCH]))
        save_dense(index, partial / "dense.faiss")
        sentences_info, sentences_s = None, time.perf_counter()
        if settings.sentence_vectors:
            sentences = passage_sentences([c.text for c in chunks])
            s_keys = [embed_key(candidate.name, candidate.passage_prefix, s) for s in sentences]
            s_vectors = np.zeros((len(s_keys), dim), dtype=np.float32)
            progress.begin(candidate.label, "sentences", len(s_keys))
            s_embedded, _ = _fill(s_keys, sentences, s_vectors, embedder, cache, known, reuse_sentences, settings.embed_batch_size, progress)
            write_vectors(partial, "sentences", s_keys, s_vectors)
            sentences_info = {"file": "sentences.npy", "count": len(s_keys), "embedded": s_embedded}
        timings = {**base.manifest.get("timings", {}), "embed_s": round(embed_s, 3), "sentences_s": round(time.perf_counter() - sentences_s, 3), "vectors_s": round(time.perf_counter() - started, 3)}
        manifest = {
            **base.manifest, "build_id": build_id, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "timings": timings,
            "embedder": {
                "model": candidate.name, "label": candidate.label, "role": candidate.role, "status": "ok", "error": "", "dim": dim,
                "passage_prefix": candidate.passage_prefix, "embedded": embedded, "reused": reused, "tried": tried, "signature": vector_signature(settings),
            },
            "dense": {"kind": index_kind(index), "file": "dense.faiss", "count": int(index.ntotal)},
            "sentences": sentences_info,
        }
        os.rename(partial, index_dir / build_id)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _commit(index_dir, base.manifest["build_id"], manifest)
    cache.clear()
    remove_old_builds(index_dir, keep=build_id)
    log.info("vectors by %s: %d passages embedded, %d reused, in %.1f s", candidate.label, embedded, reused, time.perf_counter() - started)
    return load_build(index_dir, manifest, settings.hnsw_ef_search)


def _commit(index_dir: Path, base_id: str, manifest: dict[str, Any]) -> None:
    """Make `manifest` current, unless a newer build replaced the base meanwhile (its
    vectors would belong to other passages)."""
    try:
        current = read_manifest(index_dir)
    except IndexCorrupt:
        current = None
    if current is not None and current["build_id"] != base_id:
        raise IndexCorrupt(f"build {base_id} was replaced by {current['build_id']} while its vectors were computed")
    write_manifest(index_dir, manifest)


def _params(settings: Settings) -> DenseParams:
    return DenseParams(settings.hnsw_threshold, settings.hnsw_m, settings.hnsw_ef_construction, settings.hnsw_ef_search)


def _link(source: Path, target: Path) -> None:
    """Share a file (or a folder's files) of the BM25 build without copying it."""
    if source.is_dir():
        target.mkdir()
        for child in source.iterdir():
            _link(child, target / child.name)
        return
    try:
        os.link(source, target)
    except OSError:  # file systems without hard links
        shutil.copy2(source, target)
