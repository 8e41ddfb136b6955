"""Build vectorstore/ in one streaming pass over the articles, atomically.

Pass 1 parses the pages one at a time, chunks each article and spills articles and chunks
to disk, keeping in memory only the articles carrying continuation markers, which are
linked across pages. Pass 2 reads the spill back (re-chunking only the linked halves,
whose titles changed) and feeds every chunk to the chunk file, the BM25 builder and the
embedder in batches. Memory is bounded by the index being built, not by the size of the
archive. The build writes a new folder and commits by replacing the manifest; a build
that dies leaves the previous index in use.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

import numpy as np
from tqdm import tqdm

from rag.config import Settings
from rag.index.chunk_store import ChunkWriter
from rag.index.dense import DenseParams
from rag.index.dense_writer import DenseWriter, EmbeddingUnavailable
from rag.index.manifest import FORMAT_VERSION, seed_files, write_manifest
from rag.index.partial import PartialBuild, install_signal_cleanup, remove_abandoned
from rag.index.sparse_build import StreamingBM25
from rag.index.store import IndexSnapshot, embed_key, embed_text, load_build, remove_old_builds
from rag.ingest import IngestError, iter_pages, link_continuations
from rag.ingest.chunks import chunk_article
from rag.pipeline.signature import index_signature
from rag.schema import Article, Chunk
from rag.search.embedders import Embedder, EmbedderUnavailable
from rag.search.tokens import TOKENIZER_VERSION, tokenize

log = logging.getLogger(__name__)
SPILL = "articles.spill.jsonl"


def _versions() -> dict[str, str]:
    import platform

    import bm25s
    import faiss

    return {"python": platform.python_version(), "faiss": faiss.__version__, "bm25s": getattr(bm25s, "__version__", "?")}


def parse_cache_dir(settings: Settings) -> Path:
    """Where a collection keeps each document's parse results (by content hash), so a build
    reads only new or changed documents."""
    return Path(settings.index_dir) / "parsed"


def _parse_all(settings: Settings, spill: Path, progress: bool, pages: Iterable[list[Article]] | None = None) -> tuple[int, int, dict[str, Article]]:
    """Pass 1: (articles, chunks, articles that linking changed, by id); each article is
    spilled to disk with its chunks. `pages` replaces reading the articles folder."""
    n_articles = n_chunks = 0
    halves: dict[str, Article] = {}
    with spill.open("w", encoding="utf-8") as out:
        read = pages if pages is not None else iter_pages(settings.seeds_dir, progress=progress, cache_dir=parse_cache_dir(settings))
        for page in read:
            for article in page:
                pieces = chunk_article(article, settings.chunk_chars, settings.chunk_overlap)
                row = {"article": article.to_dict(), "chunks": [c.to_dict() for c in pieces]}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
                n_articles += 1
                n_chunks += len(pieces)
                if article.continued_from or article.continues_on:
                    halves[article.id] = article
    if not n_articles:
        raise IngestError(f"no readable articles in {settings.seeds_dir}")
    before = {key: article.to_dict() for key, article in halves.items()}
    link_continuations(list(halves.values()))
    changed = {key: article for key, article in halves.items() if article.to_dict() != before[key]}
    return n_articles, n_chunks, changed


def _articles_from(spill: Path, linked: dict[str, Article], settings: Settings) -> Iterator[tuple[Article, list[Chunk]]]:
    """Pass 2 input: each spilled article with its chunks; linked halves are re-chunked
    (linking gives a continuation its story's title)."""
    with spill.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            data = row["article"]
            data.pop("id", None)
            data["headings"] = [tuple(h) for h in data["headings"]]
            article = Article(**data)
            if article.id in linked:
                article = linked[article.id]
                yield article, chunk_article(article, settings.chunk_chars, settings.chunk_overlap)
            else:
                yield article, [Chunk.from_dict(c) for c in row["chunks"]]


def _dense_writer(settings: Settings, embedder: Embedder | None, total: int, folder: Path) -> DenseWriter:
    params = DenseParams(settings.hnsw_threshold, settings.hnsw_m, settings.hnsw_ef_construction, settings.hnsw_ef_search)
    if embedder is None:
        return DenseWriter(settings.embed_model, None, lambda: 0, params, total, folder, Path(settings.index_dir))

    def embed(texts: list[str]) -> np.ndarray:
        try:
            return embedder.embed_passages(texts)
        except EmbedderUnavailable as exc:
            raise EmbeddingUnavailable(str(exc)) from exc

    def dim() -> int:
        try:
            return embedder.dim
        except EmbedderUnavailable as exc:
            raise EmbeddingUnavailable(str(exc)) from exc

    return DenseWriter(embedder.name, embed, dim, params, total, folder, Path(settings.index_dir))


def build_index(
    settings: Settings, embedder: Embedder | None, progress: bool = True, pages: Iterable[list[Article]] | None = None,
    vectors_note: dict[str, Any] | None = None,
) -> IndexSnapshot:
    """Build a new index from the seeds (or from `pages` of articles given directly) and make
    it current. Raises IngestError for bad seeds.

    Without an embedder the build holds BM25 alone; `vectors_note` is then recorded as the
    manifest's `embedder` (why there are no vectors, or that rag.pipeline.vectors adds them)."""
    index_dir = Path(settings.index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    install_signal_cleanup()
    remove_abandoned(index_dir)  # left by builds that were killed
    build_id = f"build-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    owner = PartialBuild(index_dir / f".{build_id}.partial")
    partial = owner.folder
    timings: dict[str, float] = {}
    try:
        started = time.perf_counter()
        n_articles, n_chunks, linked = _parse_all(settings, partial / SPILL, progress, pages)
        timings["ingest_s"] = time.perf_counter() - started
        manifest = _index_chunks(settings, embedder, partial, n_chunks, linked, progress, timings)
        if embedder is None and vectors_note is not None:
            manifest["embedder"] = vectors_note
        manifest.update(build_id=build_id, counts={"articles": n_articles, "chunks": n_chunks})
        (partial / SPILL).unlink()
        (partial / "build.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _fsync_dir(partial)
        os.rename(partial, index_dir / build_id)
        owner.release()
        write_manifest(index_dir, manifest)
    except BaseException:
        owner.discard()
        raise
    remove_old_builds(index_dir, keep=build_id)
    dense_kind = manifest["dense"]["kind"] if manifest["dense"] else "none"
    log.info("index built: %d articles, %d chunks, dense=%s", n_articles, n_chunks, dense_kind)
    snapshot = load_build(index_dir, manifest, settings.hnsw_ef_search)  # this build, even if another one lands meanwhile
    snapshot.timings = timings
    return snapshot


def _index_chunks(settings: Settings, embedder: Embedder | None, folder: Path, n_chunks: int, linked: dict[str, Article], progress: bool, timings: dict[str, float]) -> dict[str, Any]:
    """Pass 2: every chunk into the chunk file, BM25 and the dense index."""
    _, passage_prefix = settings.prefixes()
    model = embedder.name if embedder is not None else settings.embed_model
    chunks, sparse = ChunkWriter(folder), StreamingBM25()
    dense = _dense_writer(settings, embedder, n_chunks, folder)
    chunk_s = bm25_s = 0.0
    bar = tqdm(total=n_chunks, desc="indexing passages", unit="passage", disable=not progress, leave=False)
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as articles_out:
        t0 = time.perf_counter()
        for article, pieces in _articles_from(folder / SPILL, linked, settings):
            articles_out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
            chunk_s += time.perf_counter() - t0
            for chunk in pieces:
                text = embed_text(chunk)
                key = embed_key(model, passage_prefix, text)
                row = sparse.size
                chunks.write({**chunk.to_dict(), "embed_key": key})
                t1 = time.perf_counter()
                sparse.add(tokenize(text))
                bm25_s += time.perf_counter() - t1
                dense.add(row, key, text)
            bar.update(len(pieces))
            t0 = time.perf_counter()
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
        "seeds": seed_files(Path(settings.seeds_dir)),
        "settings": index_signature(settings),
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
