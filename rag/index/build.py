"""Build vectorstore/ in one streaming pass over the articles, atomically.

Pass 1 parses the pages one at a time, spills the articles to disk and keeps in memory
only those carrying continuation markers, which are linked across pages. Pass 2 reads the
spill back, chunks each article and feeds every chunk to the chunk file, the BM25 builder
and the embedder in batches. Memory is bounded by the index being built (BM25 postings,
FAISS vectors), not by the size of the archive. The build writes a new folder and commits
by replacing the manifest; a build that dies leaves the previous index in use.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from rag.chunking import chunk_article
from rag.config import Settings
from rag.embed import Embedder, EmbedderUnavailable
from rag.index.chunks import ChunkWriter
from rag.index.dense import DenseParams, build_dense, index_kind, save_dense
from rag.index.manifest import FORMAT_VERSION, seed_files, write_manifest
from rag.index.sparse_build import StreamingBM25
from rag.index.store import IndexSnapshot, embed_key, embed_text, expected_settings, load_build, previous_vectors, remove_old_builds
from rag.ingest import IngestError, iter_pages, link_continuations
from rag.schema import Article
from rag.tokenize import TOKENIZER_VERSION, tokenize

log = logging.getLogger(__name__)
EMBED_BATCH = 256


def _versions() -> dict[str, str]:
    import platform

    import bm25s
    import faiss

    return {"python": platform.python_version(), "faiss": faiss.__version__, "bm25s": getattr(bm25s, "__version__", "?")}


def _parse_all(settings: Settings, spill: Path, progress: bool) -> tuple[int, int, dict[str, Article]]:
    """Pass 1: (articles, chunks, linked marker-bearing articles by id); articles spilled to disk."""
    n_articles = n_chunks = 0
    halves: dict[str, Article] = {}
    with spill.open("w", encoding="utf-8") as out:
        for page in iter_pages(settings.seeds_dir, progress=progress):
            for article in page:
                out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
                n_articles += 1
                n_chunks += len(chunk_article(article, settings.chunk_chars, settings.chunk_overlap))
                if article.continued_from or article.continues_on:
                    halves[article.id] = article
    if not n_articles:
        raise IngestError(f"no readable articles in {settings.seeds_dir}")
    link_continuations(list(halves.values()))
    return n_articles, n_chunks, halves


def _articles_from(spill: Path, linked: dict[str, Article]):  # type: ignore[no-untyped-def]
    """Pass 2 input: the spilled articles, with linked halves replaced by their linked version."""
    with spill.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            row.pop("id", None)
            row["headings"] = [tuple(h) for h in row["headings"]]
            article = Article(**row)
            yield linked.get(article.id, article)


class _DenseWriter:
    """Embeds chunks in batches (reusing vectors of unchanged passages) into a memory-mapped
    array and a FAISS index; turns itself off when the model can't be loaded."""

    def __init__(self, settings: Settings, embedder: Embedder | None, total: int, folder: Path) -> None:
        self.info: dict[str, Any] = {"model": settings.embed_model, "status": "unavailable", "error": ""}
        self.folder, self.total = folder, total
        self.index = self.vectors = None
        self.pending: list[tuple[int, str, str]] = []
        self.embedded = self.reused = 0
        self.seconds = {"embed_s": 0.0, "faiss_s": 0.0}
        if embedder is None:
            self.info["error"] = "no embedding model configured"
            return
        self.embedder = embedder
        try:
            dim = embedder.dim
        except EmbedderUnavailable as exc:
            self._off(exc)
            return
        self.reuse_keys, self.reuse_vectors = previous_vectors(Path(settings.index_dir))
        params = DenseParams(settings.hnsw_threshold, settings.hnsw_m, settings.hnsw_ef_construction, settings.hnsw_ef_search)
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
                batch[missing] = self.embedder.embed_passages([self.pending[i][2] for i in missing])
        except EmbedderUnavailable as exc:
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
        self.seconds["faiss_s"] += time.perf_counter() - started
        self.info.update(status="ok", embedded=self.embedded, reused=self.reused)
        summary = {"kind": index_kind(self.index), "file": "dense.faiss", "count": int(self.index.ntotal)}
        self.index = self.vectors = None  # release memory: the build reloads what it serves
        return summary


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
        n_articles, n_chunks, linked = _parse_all(settings, partial / "articles.spill.jsonl", progress)
        timings["ingest_s"] = time.perf_counter() - started
        manifest = _index_chunks(settings, embedder, partial, n_chunks, linked, progress, timings)
        manifest.update(build_id=build_id, counts={"articles": n_articles, "chunks": n_chunks})
        (partial / "articles.spill.jsonl").unlink()
        (partial / "build.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _fsync_dir(partial)
        os.rename(partial, index_dir / build_id)
        write_manifest(index_dir, manifest)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    remove_old_builds(index_dir, keep=build_id)
    dense_kind = manifest["dense"]["kind"] if manifest["dense"] else "none"
    log.info("index built: %d articles, %d chunks, dense=%s", n_articles, n_chunks, dense_kind)
    snapshot = load_build(settings, manifest)  # this build, even if another one lands meanwhile
    snapshot.timings = timings
    return snapshot


def _index_chunks(settings: Settings, embedder: Embedder | None, folder: Path, n_chunks: int, linked: dict[str, Article], progress: bool, timings: dict[str, float]) -> dict[str, Any]:
    """Pass 2: chunk every article into the chunk file, BM25 and the dense index."""
    _, passage_prefix = settings.prefixes()
    chunks, sparse = ChunkWriter(folder), StreamingBM25()
    dense = _DenseWriter(settings, embedder, n_chunks, folder)
    chunk_s = bm25_s = 0.0
    bar = tqdm(total=n_chunks, desc="indexing passages", unit="passage", disable=not progress, leave=False)
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as articles_out:
        for article in _articles_from(folder / "articles.spill.jsonl", linked):
            articles_out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
            t0 = time.perf_counter()
            pieces = chunk_article(article, settings.chunk_chars, settings.chunk_overlap)
            chunk_s += time.perf_counter() - t0
            for chunk in pieces:
                text = embed_text(chunk)
                key = embed_key(settings.embed_model, passage_prefix, text)
                row = sparse.size
                chunks.write({**chunk.to_dict(), "embed_key": key})
                t1 = time.perf_counter()
                sparse.add(tokenize(text))
                bm25_s += time.perf_counter() - t1
                dense.add(row, key, text)
            bar.update(len(pieces))
    bar.close()
    written = chunks.close()
    assert written == n_chunks, (written, n_chunks)
    dense_info = dense.finish()  # first: the FAISS index and vectors leave memory before BM25 is scored
    timings.update({k: v for k, v in dense.seconds.items() if dense_info})
    t2 = time.perf_counter()
    sparse.save(folder / "bm25")
    timings.update(chunk_s=chunk_s, bm25_s=bm25_s + time.perf_counter() - t2)
    return {
        "format": FORMAT_VERSION,
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seeds_dir": str(Path(settings.seeds_dir).resolve()),
        "seeds": seed_files(settings),
        "settings": expected_settings(settings),
        "embedder": dense.info,
        "dense": dense_info,
        "sparse": {"kind": "bm25s", "folder": "bm25", "tokenizer": TOKENIZER_VERSION},
        "timings": {k: round(v, 4) for k, v in timings.items()},
        "versions": _versions(),
    }


def _fsync_dir(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
