"""Build the index into Milvus: stream the articles in, idempotently, then commit a manifest.

Pass 1 is the local build's (pages parsed one at a time, spilled, continuations linked).
Pass 2 counts the BM25 term statistics of every passage. Pass 3 asks Milvus which passages
it already holds and with what content key (model, prefix, title, text), and upserts only
the new or changed ones, in batches with progress; then it deletes passages whose article is
gone or changed. A build killed halfway leaves what it wrote; the re-run skips it (upserts by
passage id, so nothing is ever stored twice). The manifest (local, as for the local backend)
is written last: the staleness check and signature are the same.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Any, Callable

import numpy as np
from tqdm import tqdm

from rag.config import Settings
from rag.index.backend import Record
from rag.index.bm25_weights import TermStats
from rag.index.manifest import FORMAT_VERSION, IndexCorrupt, read_manifest, seed_files, write_manifest
from rag.index.store import embed_key, embed_text, remove_old_builds
from rag.pipeline.build import SPILL, _articles_from, _parse_all
from rag.pipeline.signature import index_signature, vector_signature
from rag.schema import Article
from rag.search.backends import milvus_uri, open_backend
from rag.search.embedders import Embedder, EmbedderUnavailable
from rag.search.tokens import TOKENIZER_VERSION, tokenize

log = logging.getLogger(__name__)
BATCH = 256
_FULL_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def article_date(article: Article) -> str:
    """The article's date when its dateline or opening prints a full one (2024年7月4日), else ""."""
    match = _FULL_DATE.search(article.dateline) or _FULL_DATE.search(article.text[:200])
    return f"{match[1]}-{int(match[2]):02d}-{int(match[3]):02d}" if match else ""


def _shown(uri: str) -> str:
    """A URI without any user or password in it (fit for the manifest and logs)."""
    from urllib.parse import urlsplit

    parts = urlsplit(uri)
    if not parts.username and not parts.password:
        return uri
    return parts._replace(netloc=f"{parts.hostname}{f':{parts.port}' if parts.port else ''}").geturl()


def _dimension(embedder: Embedder | None) -> tuple[int | None, str]:
    if embedder is None:
        return None, "no embedding model configured"
    try:
        return embedder.dim, ""
    except EmbedderUnavailable as exc:
        log.warning("dense index not built, retrieval uses BM25 only: %s", exc)
        return None, str(exc)


def _previous_avg_length(index_dir: Path, params: dict[str, Any]) -> float | None:
    """Keep the length normalisation the stored passages were written with, when the
    collection is the one the current manifest describes (so unchanged rows stay valid)."""
    try:
        manifest = read_manifest(index_dir)
    except IndexCorrupt:
        return None
    old = (manifest or {}).get("backend") or {}
    same = all(old.get(k) == v for k, v in params.items())
    return float(old["avg_length"]) if same and "avg_length" in old else None


def build_milvus(settings: Settings, embedder: Embedder | None, progress: bool = True,
                 on_batch: Callable[[int, int], None] | None = None, embedder_info: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build or refresh the Milvus collection from the seeds and commit the manifest; returns it.
    `on_batch(done, todo)` is called after each batch is stored; `embedder_info` (which
    embedder of the chain, why) goes into the manifest."""
    index_dir = Path(settings.index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    build_id = f"build-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
    partial = index_dir / f".{build_id}.partial"
    timings: dict[str, float] = {}
    info = dict(embedder_info or {"model": getattr(embedder, "name", None), "signature": vector_signature(settings)})
    model = embedder.name if embedder is not None else settings.embed_model
    passage_prefix = str(info.get("passage_prefix", settings.prefixes(model)[1]))
    try:
        partial.mkdir()
        started = time.perf_counter()
        n_articles, n_chunks, linked = _parse_all(settings, partial / SPILL, progress)
        timings["ingest_s"] = time.perf_counter() - started
        t = time.perf_counter()
        stats, wanted = TermStats(), {}
        for _, pieces in _articles_from(partial / SPILL, linked, settings):
            for chunk in pieces:
                text = embed_text(chunk)
                stats.add(tokenize(text))
                wanted[chunk.id] = embed_key(model, passage_prefix, text)
        timings["stats_s"] = time.perf_counter() - t
        dim, dense_error = _dimension(embedder)
        if embedder is not None and dim is None:  # listed as failed, so the engine doesn't retry it on every check
            info.update(model=None, tried=[*info.get("tried", []), {"model": model, "status": "failed", "reason": dense_error}])
        params = {"kind": "milvus", "collection": settings.milvus_collection, "sparse": settings.milvus_sparse, "dim": dim, "tokenizer": TOKENIZER_VERSION}
        avg_length = _previous_avg_length(index_dir, params) or stats.avg_length
        backend = open_backend(settings, stats=stats, frozen_stats=True, expected_total=n_chunks, avg_length=avg_length)
        try:
            done = _store(backend, settings, embedder if dim else None, partial, linked, wanted, dim, progress, on_batch, timings)
            backend.flush()
            stored = backend.count()
        finally:
            backend.close()
        if stored != len(wanted):
            raise IndexCorrupt(f"Milvus collection holds {stored} passages, the build expected {len(wanted)}")
        stats.save(partial)
        manifest = {
            "format": FORMAT_VERSION, "build_id": build_id, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "seeds_dir": str(Path(settings.seeds_dir).resolve()), "seeds": seed_files(Path(settings.seeds_dir)),
            "settings": index_signature(settings), "counts": {"articles": n_articles, "chunks": len(wanted)},
            "embedder": {**info, "status": "ok" if dim else "unavailable", "error": info.get("error") or dense_error, "dim": dim, **done},
            "dense": {"kind": "milvus", "count": len(wanted)} if dim else None,
            "sparse": {"kind": f"milvus-{settings.milvus_sparse}", "tokenizer": TOKENIZER_VERSION},
            # The URI names where the data is; a token is never written here.
            "backend": {**params, "uri": _shown(milvus_uri(settings)), "avg_length": avg_length},
            "timings": {k: round(v, 4) for k, v in timings.items()},
        }
        (partial / SPILL).unlink()
        (partial / "build.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        os.rename(partial, index_dir / build_id)
        write_manifest(index_dir, manifest)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    remove_old_builds(index_dir, keep=build_id)
    log.info("Milvus index built: %d articles, %d passages (%d written, %d deleted)", n_articles, len(wanted), done["written"], done["deleted"])
    return manifest


def _store(backend: Any, settings: Settings, embedder: Embedder | None, partial: Path, linked: dict[str, Article], wanted: dict[str, str],
           dim: int | None, progress: bool, on_batch: Callable[[int, int], None] | None, timings: dict[str, float]) -> dict[str, int]:
    """Upsert new and changed passages in batches, delete the ones no longer wanted."""
    if backend.exists() and backend.dim != dim:
        log.info("Milvus collection %s has dense dimension %s, now %s: recreating it", backend.collection, backend.dim, dim)
        backend.drop()
    stored = backend.keys()
    todo = {pid for pid, key in wanted.items() if stored.get(pid) != key}
    batch: list[Record] = []
    counts = {"written": 0, "skipped": len(wanted) - len(todo), "deleted": 0}
    embed_s = write_s = 0.0
    bar = tqdm(total=len(todo), desc="storing passages in Milvus", unit="passage", disable=not progress, leave=False)

    def flush() -> None:
        nonlocal embed_s, write_s
        t = time.perf_counter()
        vectors = embedder.embed_passages([embed_text(r.chunk) for r in batch]) if embedder is not None else None
        t2 = time.perf_counter()
        backend.upsert(batch, None if vectors is None else np.asarray(vectors, dtype=np.float32), [wanted[r.chunk.id] for r in batch])
        embed_s, write_s = embed_s + t2 - t, write_s + time.perf_counter() - t2
        counts["written"] += len(batch)
        bar.update(len(batch))
        if on_batch is not None:
            on_batch(counts["written"], len(todo))
        batch.clear()

    if todo:
        for article, pieces in _articles_from(partial / SPILL, linked, settings):
            date = article.published[:10] if getattr(article, "published", "") else article_date(article)
            for chunk in pieces:
                if chunk.id in todo:
                    batch.append(Record(chunk, date))
                    if len(batch) >= BATCH:
                        flush()
        if batch:
            flush()
    bar.close()
    gone = [pid for pid in stored if pid not in wanted]
    counts["deleted"] = backend.delete_ids(gone)
    timings.update(embed_s=embed_s, milvus_write_s=write_s)
    return counts
