"""Scale benchmark of the Milvus backend (Milvus Lite), beside the local one in the same run.

    python -m rag bench scale --backend milvus --sizes 10000,100000

For each size, after the local build and queries (rag.bench.scale), the same archive and LSA
embedding are built into Milvus Lite and queried, each step in a fresh process: build
throughput, disk (the Milvus Lite folder and the build's term statistics), peak memory of the
build and of serving, hybrid retrieve / BM25 / dense latencies, and recall@10 of Milvus's
dense search against exact search over the local build's stored vectors.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from rag.bench.common import disk_mb, peak_rss_mb, percentiles
from rag.bench.scale import _settings, _time


def worker_build(archive: Path, index_dir: Path, extra: dict[str, Any]) -> dict[str, Any]:
    """Build into Milvus Lite; report timings, disk and peak memory of this process."""
    from rag.bench.lsa import LsaEmbedder
    from rag.pipeline.milvus_build import build_milvus

    embedder = LsaEmbedder.load(Path(extra.pop("lsa")))
    settings = _settings(archive, index_dir, search_backend="milvus", **extra)
    started = time.perf_counter()
    manifest = build_milvus(settings, embedder, progress=False)
    build_s = time.perf_counter() - started
    return {"passages": manifest["counts"]["chunks"], "build_s": build_s, "timings": manifest["timings"],
            "disk_mb": disk_mb(index_dir), "peak_mb": peak_rss_mb(), "dense": "hnsw" if manifest["counts"]["chunks"] >= settings.hnsw_threshold else "flat"}


def worker_query(archive: Path, index_dir: Path, extra: dict[str, Any], local_dir: str) -> dict[str, Any]:
    """Latencies of the Milvus paths and recall@10 of its dense search against exact search."""
    from rag.bench.lsa import LsaEmbedder
    from rag.index.backend import Query
    from rag.index.manifest import read_manifest
    from rag.index.store import load_index
    from rag.pipeline.milvus_engine import load_snapshot
    from rag.search.backend_retriever import BackendRetriever
    from rag.search.retriever import query_tokens

    embedder = LsaEmbedder.load(Path(extra.pop("lsa")))
    settings = _settings(archive, index_dir, search_backend="milvus", **extra)
    started = time.perf_counter()
    snapshot = load_snapshot(settings, read_manifest(index_dir) or {})
    load_s = time.perf_counter() - started
    local = load_index(Path(local_dir), settings.hnsw_ef_search)  # the same archive's local build, for queries and exact truth
    assert local is not None
    from rag.bench.scale import _queries

    queries = _queries(local, random.Random(11))
    retriever = BackendRetriever(snapshot, settings, embedder)
    backend = snapshot.backend
    for q in queries[:5]:
        retriever.search(q, 5)
    out: dict[str, Any] = {"load_s": load_s, "queries": len(queries)}
    out["retrieve_ms"] = _time(lambda q: retriever.search(q, 5), queries)
    out["bm25_ms"] = _time(lambda q: backend.search(Query(q, query_tokens(q)), 50), queries)
    vectors = np.stack([embedder.embed_query(q) for q in queries])
    found: list[list[str]] = []
    samples = []
    for vector in vectors:
        t = time.perf_counter()
        found.append([h.chunk.id for h in backend.search(Query("", [], vector), 10)])
        samples.append(time.perf_counter() - t)
    out["dense_ms"] = percentiles(samples)
    out["peak_mb"] = peak_rss_mb()
    stored = np.load(local.folder / "embeddings.npy", mmap_mode="r")
    truth = np.argsort(-(np.asarray(stored) @ vectors.T), axis=0)[:10].T
    hits = sum(len(set(f) & {local.chunks.row(int(r))["id"] for r in t}) for f, t in zip(found, truth))
    out["recall_at_10"] = hits / (10 * len(queries))
    return out


def run_pair(size: int, archive: Path, work: Path, extra: str, local_row: dict[str, Any]) -> dict[str, Any]:
    """Build and query the Milvus backend on the archive the local row was measured on."""
    import shutil

    index_dir = work / f"milvus-{size}"
    shutil.rmtree(index_dir, ignore_errors=True)
    build = _in_process_milvus("build", str(archive), str(index_dir), extra)
    query = _in_process_milvus("query", str(archive), str(index_dir), extra, str(work / f"index-{size}"))
    return {"size": size, "build": build, "query": query}


def _in_process_milvus(step: str, *args: str) -> dict[str, Any]:
    import subprocess

    result = subprocess.run([sys.executable, "-m", "rag.bench.scale_milvus", step, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"benchmark step milvus {step} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def format_row(row: dict[str, Any], where: str = "milvus lite") -> str:
    """One table row; the build's stages are named as each backend times them."""
    b, q = row["build"], row["query"]
    t = b["timings"]
    stages = ("BM25", "bm25_s", "FAISS", "faiss_s") if where == "local" else ("stats", "stats_s", "Milvus writes", "milvus_write_s")
    return (
        f"| {where} | {b['passages']:,} | {b['dense']} | {b['build_s']:.0f} s (ingest {t.get('ingest_s', 0):.0f}, {stages[0]} {t.get(stages[1], 0):.0f}, "
        f"embed {t.get('embed_s', 0):.0f}, {stages[2]} {t.get(stages[3], 0):.0f}) | {b['passages'] / max(b['build_s'], 1e-9):,.0f}/s | "
        f"{b['disk_mb']:,.0f} MB | {b['peak_mb']:,.0f} / {q['peak_mb']:,.0f} MB | {q['load_s']:.2f} s | "
        f"{q['retrieve_ms'][0]:.1f} / {q['retrieve_ms'][1]:.1f} | {q['bm25_ms'][0]:.1f} / {q['bm25_ms'][1]:.1f} | "
        f"{q['dense_ms'][0]:.2f} / {q['dense_ms'][1]:.2f} | {q['recall_at_10']:.3f} |"
    )


HEADER = (
    "| backend | passages | dense index | build (stages) | throughput | disk | peak memory build / serving | load | "
    "retrieve p50/p95 ms | BM25 p50/p95 ms | dense p50/p95 ms | recall@10 vs exact |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|"
)


def run(sizes: list[int], work: Path, seeds_dir: Path, hnsw_threshold: int) -> list[dict[str, Any]]:
    """Local then Milvus Lite for each size, on the same archive and embedding."""
    from rag.bench import scale

    rows = []
    print(HEADER, flush=True)
    for size in sizes:
        local = scale.run([size], work, seeds_dir, hnsw_threshold)[0]
        print(format_row(local, "local"), flush=True)
        archive = scale.archive_for(size, work, seeds_dir)
        extra = json.dumps({"hnsw_threshold": hnsw_threshold, "lsa": str(work / f"lsa-{size}.npz")})
        milvus = run_pair(size, archive, work, extra, local)
        print(format_row(milvus), flush=True)
        rows.append({"size": size, "local": local, "milvus": milvus})
    return rows


if __name__ == "__main__":
    import logging

    logging.basicConfig(level=logging.WARNING)
    step, archive_arg, index_arg, extra_arg = sys.argv[1:5]
    if step == "build":
        print(json.dumps(worker_build(Path(archive_arg), Path(index_arg), json.loads(extra_arg))))
    else:
        print(json.dumps(worker_query(Path(archive_arg), Path(index_arg), json.loads(extra_arg), sys.argv[5])))
