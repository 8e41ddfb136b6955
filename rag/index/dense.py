"""Dense index: FAISS inner product over normalised vectors; exact when small, HNSW when large."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np


@dataclass(frozen=True)
class DenseParams:
    """When to switch from exact search to HNSW, and the HNSW knobs (see BENCHMARKS.md)."""

    hnsw_threshold: int = 50_000
    hnsw_m: int = 32
    ef_construction: int = 200
    ef_search: int = 1024


def build_dense(vectors: np.ndarray, params: DenseParams, expected_total: int | None = None) -> faiss.Index:
    """An exact (flat) index below the threshold, an HNSW graph at or above it. With
    `expected_total`, the choice is made for that many vectors (more are added later)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n, dim = vectors.shape
    index: faiss.Index
    if (expected_total if expected_total is not None else n) < params.hnsw_threshold:
        index = faiss.IndexFlatIP(dim)
    else:
        hnsw = faiss.IndexHNSWFlat(dim, params.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = params.ef_construction
        hnsw.hnsw.efSearch = params.ef_search
        index = hnsw
    if n:
        index.add(vectors)
    return index


def index_kind(index: faiss.Index) -> str:
    """'hnsw' or 'flat' (what the manifest records)."""
    return "hnsw" if isinstance(index, faiss.IndexHNSW) else "flat"


def save_dense(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def load_dense(path: Path, ef_search: int) -> faiss.Index:
    """Read a FAISS file (raises RuntimeError on a truncated or foreign file)."""
    index = faiss.read_index(str(path))
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efSearch = ef_search
    return index


def search_dense(index: faiss.Index, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(scores, row ids) of the k nearest passages; ids of -1 (fewer than k) are dropped."""
    if index.ntotal == 0:
        return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
    k = min(k, index.ntotal)
    scores, ids = index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)
    keep = ids[0] >= 0
    return scores[0][keep], ids[0][keep]
