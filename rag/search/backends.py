"""Search backends by setting: `local` (build folders: FAISS + bm25s + chunk store) and
`milvus`; the local backend's search glue (the retriever's own fusion over one build)."""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from rag.config import Settings
from rag.index.backend import Filters, Hit, Query, Record, SearchBackend
from rag.index.chunk_store import ChunkWriter
from rag.index.dense import DenseParams, build_dense, save_dense, search_dense
from rag.index.manifest import FORMAT_VERSION, write_manifest
from rag.index.sparse_build import StreamingBM25
from rag.index.store import IndexSnapshot, embed_text, load_index, remove_old_builds
from rag.schema import Chunk
from rag.search.retriever import CANDIDATES_PER_LIST, rrf, top_rows, weighted
from rag.search.tokens import TOKENIZER_VERSION, tokenize


def dense_params(settings: Settings) -> DenseParams:
    return DenseParams(settings.hnsw_threshold, settings.hnsw_m, settings.hnsw_ef_construction, settings.hnsw_ef_search)


def milvus_uri(settings: Settings) -> str:
    """Where Milvus is: the configured URI, or Milvus Lite's file beside the index."""
    return settings.milvus_uri or str(Path(settings.index_dir) / "milvus.db")


def open_backend(settings: Settings, collection: str | None = None, **options: object) -> SearchBackend:
    """The configured backend for one product collection (default: settings.milvus_collection)."""
    name = collection or settings.milvus_collection
    if settings.search_backend == "local":
        folder = Path(settings.index_dir) if collection is None else Path(settings.index_dir) / "collections" / name
        return LocalBackend(folder, dense_params(settings), settings.fusion, settings.dense_weight, settings.rrf_k)
    from rag.index.milvus import MilvusBackend, connect

    token = settings.milvus_token.get_secret_value() if settings.milvus_token else ""
    client = connect(milvus_uri(settings), token, settings.milvus_timeout)
    return MilvusBackend(client, name, tokenize, sparse=settings.milvus_sparse, dense=dense_params(settings), fusion=settings.fusion,
                         dense_weight=settings.dense_weight, rrf_k=settings.rrf_k, timeout=settings.milvus_timeout, **options)  # type: ignore[arg-type]


class LocalBackend:
    """Today's files as a backend. Builds are immutable folders committed by the manifest, so
    an upsert or delete writes a whole new build (the pipeline's streaming builder is the fast
    way to build a large local index; this is the seam's view of the same files)."""

    name = "local"

    def __init__(self, folder: Path, dense: DenseParams = DenseParams(), fusion: str = "weighted", dense_weight: float = 0.3, rrf_k: int = 60) -> None:
        self.folder, self.dense_params = Path(folder), dense
        self.fusion, self.dense_weight, self.rrf_k = fusion, dense_weight, rrf_k
        self.snapshot: IndexSnapshot | None = load_index(self.folder, dense.ef_search)
        self._meta: tuple[list[str], list[str]] | None = None

    def _current(self) -> tuple[list[dict], np.ndarray | None]:
        snap = self.snapshot
        if snap is None:
            return [], None
        rows = [snap.chunks.row(i) for i in range(len(snap.chunks))]
        vectors = np.load(snap.folder / "embeddings.npy") if snap.dense is not None else None
        return rows, vectors

    def _write(self, rows: list[dict], vectors: np.ndarray | None) -> None:
        """Write a new build folder with these rows and commit it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        build_id = f"build-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"
        out = self.folder / build_id
        out.mkdir()
        writer, sparse = ChunkWriter(out), StreamingBM25()
        for row in rows:
            writer.write(row)
            sparse.add(tokenize(embed_text(Chunk.from_dict(row))))
        writer.close()
        sparse.save(out / "bm25")
        dense = None
        if vectors is not None:
            np.save(out / "embeddings.npy", vectors.astype(np.float32))
            index = build_dense(vectors, self.dense_params)
            save_dense(index, out / "dense.faiss")
            dense = {"kind": "flat" if len(rows) < self.dense_params.hnsw_threshold else "hnsw", "file": "dense.faiss", "count": len(rows)}
        manifest = {"format": FORMAT_VERSION, "build_id": build_id, "counts": {"chunks": len(rows)}, "dense": dense,
                    "embedder": {}, "sparse": {"kind": "bm25s", "folder": "bm25", "tokenizer": TOKENIZER_VERSION}}
        (out / "build.json").write_text(json.dumps(manifest), encoding="utf-8")
        write_manifest(self.folder, manifest)
        remove_old_builds(self.folder, keep=build_id)
        self.snapshot, self._meta = load_index(self.folder, self.dense_params.ef_search), None

    def upsert(self, records: Sequence[Record], vectors: np.ndarray | None = None) -> int:
        """Add or replace passages by id (a new build holding the old rows and these)."""
        if not records:
            return 0
        rows, old = self._current()
        if rows and (old is None) != (vectors is None):
            raise ValueError("every passage of a local index has a vector, or none has")
        by_id = {row["id"]: i for i, row in enumerate(rows)}
        merged_vectors = list(old) if old is not None else []
        for i, record in enumerate(records):
            row = {**record.chunk.to_dict(), "date": record.date}
            if record.chunk.id in by_id:
                rows[by_id[record.chunk.id]] = row
                if vectors is not None:
                    merged_vectors[by_id[record.chunk.id]] = vectors[i]
            else:
                by_id[record.chunk.id] = len(rows)
                rows.append(row)
                if vectors is not None:
                    merged_vectors.append(vectors[i])
        self._write(rows, np.stack(merged_vectors).astype(np.float32) if vectors is not None else None)
        return len(records)

    def delete_documents(self, article_ids: Iterable[str]) -> int:
        """Remove every passage of these articles (a new build without them)."""
        gone = set(article_ids)
        rows, vectors = self._current()
        keep = [i for i, row in enumerate(rows) if row["article_id"] not in gone]
        if len(keep) == len(rows):
            return 0
        self._write([rows[i] for i in keep], vectors[keep] if vectors is not None else None)
        return len(rows) - len(keep)

    def count(self) -> int:
        return len(self.snapshot.chunks) if self.snapshot is not None else 0

    def _allowed(self, filters: Filters) -> np.ndarray:
        """Which rows pass the filters (sources and dates are read once per build)."""
        assert self.snapshot is not None
        if self._meta is None:
            rows = [self.snapshot.chunks.row(i) for i in range(len(self.snapshot.chunks))]
            self._meta = ([r["source"] for r in rows], [r.get("date", "") for r in rows])
        sources, dates = self._meta
        return np.array([filters.allows(s, d) for s, d in zip(sources, dates)], dtype=bool)

    def search(self, query: Query, k: int, filters: Filters | None = None) -> list[Hit]:
        """The k best passages: BM25 and dense lists fused as the product's retriever does."""
        snap = self.snapshot
        if snap is None or k <= 0 or not len(snap.chunks):
            return []
        sparse_scores = snap.sparse.scores(query.tokens)
        allowed = self._allowed(filters) if filters else None
        if allowed is not None:
            sparse_scores = np.where(allowed, sparse_scores, 0.0).astype(np.float32)
        lists = {"bm25": top_rows(sparse_scores, max(k, CANDIDATES_PER_LIST))}
        dense_scores = None
        if query.vector is not None and snap.dense is not None:
            # With a filter, search every vector so the filter can't empty the list.
            n = snap.dense.ntotal if allowed is not None else max(k, CANDIDATES_PER_LIST)
            scores, ids = search_dense(snap.dense, query.vector, n)
            dense_scores = np.full(len(snap.chunks), -1.0, dtype=np.float32)
            dense_scores[ids] = scores
            rows = [int(i) for i in ids if allowed is None or allowed[i]]
            lists["dense"] = rows[: max(k, CANDIDATES_PER_LIST)]
        if self.fusion == "weighted" and dense_scores is not None:
            ranked = weighted(lists, {"bm25": sparse_scores, "dense": dense_scores}, {"bm25": 1.0 - self.dense_weight, "dense": self.dense_weight})
        else:
            ranked = rrf(lists, self.rrf_k)
        hits = []
        for item in ranked[:k]:
            row = snap.chunks.row(item.row)
            hits.append(Hit(Chunk.from_dict(row), item.score, row.get("date", ""), item.ranks))
        return hits

    def close(self) -> None:
        self.snapshot = None
