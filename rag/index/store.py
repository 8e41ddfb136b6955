"""vectorstore/: build it atomically, load it, reuse vectors of unchanged passages.

Layout: `manifest.json` names the current build folder `<build_id>/`, which holds
`chunks.jsonl`, `articles.jsonl`, `bm25/` (bm25s .npy + JSON), and, when an embedding
model was available, `dense.faiss` plus `embeddings.npy`. A build writes a new folder
and commits by replacing the manifest; a build that dies leaves the previous one in use.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rag.chunking import chunk_articles
from rag.config import Settings
from rag.embed import Embedder, EmbedderUnavailable
from rag.index.dense import DenseParams, build_dense, index_kind, load_dense, save_dense
from rag.index.manifest import FORMAT_VERSION, IndexCorrupt, build_settings, read_manifest, seed_files, write_manifest
from rag.index.sparse import SparseIndex
from rag.ingest import INGEST_VERSION, load_articles
from rag.schema import Chunk
from rag.tokenize import TOKENIZER_VERSION

log = logging.getLogger(__name__)
KEEP_OLD_BUILDS = 1  # the previous build stays for readers that still have it open


@dataclass
class IndexSnapshot:
    """One consistent, immutable view of a build: every part comes from the same folder."""

    manifest: dict[str, Any]
    folder: Path
    chunks: list[Chunk]
    articles: dict[str, dict[str, Any]]
    sparse: SparseIndex
    dense: Any | None = None  # faiss.Index
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def dense_error(self) -> str:
        return str(self.manifest.get("embedder", {}).get("error", ""))


def embed_text(chunk: Chunk) -> str:
    """What is embedded and BM25-indexed for a chunk: its title gives the passage context."""
    return f"{chunk.title}\n{chunk.text}"


def embed_key(model: str, prefix: str, text: str) -> str:
    return hashlib.sha1(f"{model}\x1f{prefix}\x1f{text}".encode("utf-8")).hexdigest()[:20]


def expected_settings(settings: Settings) -> dict[str, Any]:
    return build_settings(settings, INGEST_VERSION, TOKENIZER_VERSION)


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _previous_vectors(index_dir: Path) -> dict[str, np.ndarray]:
    """Vectors of the current build by embed key, so unchanged passages are not re-embedded."""
    try:
        manifest = read_manifest(index_dir)
    except IndexCorrupt:
        return {}
    if not manifest or not manifest.get("dense"):
        return {}
    folder = index_dir / manifest["build_id"]
    try:
        keys = [row["embed_key"] for row in _read_jsonl(folder / "chunks.jsonl")]
        vectors = np.load(folder / "embeddings.npy", mmap_mode="r")
    except (OSError, KeyError, ValueError, json.JSONDecodeError):
        return {}
    if len(keys) != len(vectors):
        return {}
    return dict(zip(keys, vectors))


def _embed_all(chunks: list[Chunk], keys: list[str], embedder: Embedder, reuse: dict[str, np.ndarray], progress: bool) -> tuple[np.ndarray, int]:
    """Vectors for every chunk, computing only those not in `reuse`; returns (vectors, n computed)."""
    missing = [i for i, key in enumerate(keys) if key not in reuse]
    fresh = embedder.embed_passages([embed_text(chunks[i]) for i in missing], progress=progress) if missing else None
    dim = fresh.shape[1] if fresh is not None else len(next(iter(reuse.values())))
    vectors = np.zeros((len(chunks), dim), dtype=np.float32)
    for row, i in enumerate(missing):
        vectors[i] = fresh[row]  # type: ignore[index]
    for i, key in enumerate(keys):
        if key in reuse:
            vectors[i] = reuse[key]
    return vectors, len(missing)


def build_index(settings: Settings, embedder: Embedder | None, progress: bool = True) -> IndexSnapshot:
    """Build a new index from the seeds and make it current. Raises IngestError for bad seeds."""
    index_dir = Path(settings.index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    build_id = f"build-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    partial = index_dir / f".{build_id}.partial"
    timings: dict[str, float] = {}
    try:
        partial.mkdir()
        started = time.perf_counter()
        articles = load_articles(settings.seeds_dir, progress=progress)
        chunks = chunk_articles(articles, settings.chunk_chars, settings.chunk_overlap)
        timings["ingest_s"] = time.perf_counter() - started
        _, passage_prefix = settings.prefixes()
        keys = [embed_key(settings.embed_model, passage_prefix, embed_text(c)) for c in chunks]
        _write_jsonl(partial / "chunks.jsonl", [{**c.to_dict(), "embed_key": k} for c, k in zip(chunks, keys)])
        _write_jsonl(partial / "articles.jsonl", [a.to_dict() for a in articles])

        started = time.perf_counter()
        sparse = SparseIndex.build([embed_text(c) for c in chunks])
        sparse.save(partial / "bm25")
        timings["bm25_s"] = time.perf_counter() - started

        dense, embedder_info, dense_info = _build_dense_part(settings, embedder, chunks, keys, partial, progress, timings)
        manifest = {
            "format": FORMAT_VERSION,
            "build_id": build_id,
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "seeds_dir": str(Path(settings.seeds_dir).resolve()),
            "seeds": seed_files(settings),
            "settings": expected_settings(settings),
            "counts": {"articles": len(articles), "chunks": len(chunks)},
            "embedder": embedder_info,
            "dense": dense_info,
            "sparse": {"kind": "bm25s", "folder": "bm25", "tokenizer": TOKENIZER_VERSION},
            "timings": {k: round(v, 4) for k, v in timings.items()},
            "versions": _versions(),
        }
        (partial / "build.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _fsync_dir(partial)
        final = index_dir / build_id
        os.rename(partial, final)
        write_manifest(index_dir, manifest)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _remove_old_builds(index_dir, keep=build_id)
    log.info("index built: %d articles, %d chunks, dense=%s", len(articles), len(chunks), dense_info["kind"] if dense_info else "none")
    articles_by_id = {a.id: a.to_dict() for a in articles}
    return IndexSnapshot(manifest, final, chunks, articles_by_id, sparse, dense, timings)


def _build_dense_part(settings, embedder, chunks, keys, folder, progress, timings):  # type: ignore[no-untyped-def]
    """Embed (reusing vectors of unchanged passages) and build FAISS; None when no model loads."""
    info: dict[str, Any] = {"model": settings.embed_model, "status": "unavailable", "error": ""}
    if embedder is None:
        info["error"] = "no embedding model configured"
        return None, info, None
    started = time.perf_counter()
    try:
        vectors, computed = _embed_all(chunks, keys, embedder, _previous_vectors(Path(settings.index_dir)), progress)
    except EmbedderUnavailable as exc:
        log.warning("dense index not built, retrieval uses BM25 only: %s", exc)
        info["error"] = str(exc)
        return None, info, None
    timings["embed_s"] = time.perf_counter() - started
    started = time.perf_counter()
    params = DenseParams(settings.hnsw_threshold, settings.hnsw_m, settings.hnsw_ef_construction, settings.hnsw_ef_search)
    dense = build_dense(vectors, params)
    save_dense(dense, folder / "dense.faiss")
    np.save(folder / "embeddings.npy", vectors)
    timings["faiss_s"] = time.perf_counter() - started
    info.update(status="ok", dim=int(vectors.shape[1]) if len(vectors) else embedder.dim, embedded=computed, reused=len(chunks) - computed)
    dense_info = {"kind": index_kind(dense), "file": "dense.faiss", "count": int(dense.ntotal)}
    return dense, info, dense_info


def load_index(settings: Settings) -> IndexSnapshot | None:
    """The current build, or None when none exists. Raises IndexCorrupt when it is damaged."""
    index_dir = Path(settings.index_dir)
    manifest = read_manifest(index_dir)
    if manifest is None:
        return None
    folder = index_dir / manifest["build_id"]
    try:
        chunks = [Chunk.from_dict(row) for row in _read_jsonl(folder / "chunks.jsonl")]
        articles = {row["id"]: row for row in _read_jsonl(folder / "articles.jsonl")}
        sparse = SparseIndex.load(folder / "bm25")
        dense = None
        if manifest.get("dense"):
            dense = load_dense(folder / manifest["dense"]["file"], settings.hnsw_ef_search)
    except (OSError, KeyError, TypeError, ValueError, RuntimeError, json.JSONDecodeError) as exc:
        raise IndexCorrupt(f"index build {folder} is damaged: {exc}") from exc
    expected = manifest.get("counts", {}).get("chunks")
    if len(chunks) != expected or sparse.size != expected or (dense is not None and dense.ntotal != expected):
        raise IndexCorrupt(f"index build {folder} is inconsistent (chunks, BM25 and FAISS counts differ)")
    return IndexSnapshot(manifest, folder, chunks, articles, sparse, dense)


def _remove_old_builds(index_dir: Path, keep: str) -> None:
    builds = sorted((p for p in index_dir.iterdir() if p.is_dir() and p.name.startswith("build-") and p.name != keep), key=lambda p: p.stat().st_mtime)
    for old in builds[:-KEEP_OLD_BUILDS] if KEEP_OLD_BUILDS else builds:
        shutil.rmtree(old, ignore_errors=True)
    for partial in index_dir.glob(".build-*.partial"):
        if time.time() - partial.stat().st_mtime > 3600:  # left by a build that died long ago
            shutil.rmtree(partial, ignore_errors=True)


def _fsync_dir(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())


def _versions() -> dict[str, str]:
    import platform

    import bm25s
    import faiss

    return {"python": platform.python_version(), "faiss": faiss.__version__, "bm25s": getattr(bm25s, "__version__", "?")}
