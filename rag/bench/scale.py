"""Scale benchmark: synthetic archives of growing size, built and queried in fresh processes.

    python -m rag bench scale --sizes 10000,100000,1000000

For each size: the archive is generated (cached under --work), an LSA embedding is fitted
on a sample of it (rag.bench.lsa: deterministic, semantic, fast enough for a million
passages), the index is built with the streaming builder, then queried:
hybrid retrieve, BM25 alone, dense alone, the exact-search baseline and recall@10 of the
approximate index against it, ask() on the offline path. Each step runs in its own process
so peak memory is that step's own.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from rag.bench.common import disk_mb, peak_rss_mb, percentiles
from rag.config import Settings

CHUNKS_PER_ARTICLE = 2.75  # measured on generated articles at the default chunk size
QUERIES = 200
EF_SWEEP = (64, 128, 256, 512, 1024)


def archive_for(size: int, work: Path, seeds_dir: Path) -> Path:
    """A cached synthetic archive of about `size` passages."""
    from rag.bench.synthetic import ArchiveWriter

    folder = work / f"archive-{size}"
    done = folder / ".complete"
    if not done.exists():
        ArchiveWriter(seeds_dir).write(folder, max(1, int(size / CHUNKS_PER_ARTICLE)))
        done.write_text("ok")
    return folder


LSA_SAMPLE = 20_000


def _settings(archive: Path, index_dir: Path, **extra: Any) -> Settings:
    return Settings(seeds_dir=archive, index_dir=index_dir, embed_model="lsa-bigram-384", query_prefix="", passage_prefix="", **extra)


def fit_lsa(archive: Path, path: Path) -> Path:
    """Fit (once, cached) the benchmark's LSA embedding on a sample of the archive's passages."""
    from rag.bench.lsa import LsaEmbedder
    from rag.ingest.chunks import chunk_article
    from rag.index.store import embed_text
    from rag.ingest import iter_pages

    if path.exists():
        return path
    texts: list[str] = []
    for page in iter_pages(archive):
        for article in page:
            texts.extend(embed_text(c) for c in chunk_article(article, 300, 80))
        if len(texts) >= LSA_SAMPLE:
            break
    LsaEmbedder.fit(texts[:LSA_SAMPLE], seed=0).save(path)
    return path


def worker_build(archive: Path, index_dir: Path, extra: dict[str, Any]) -> dict[str, Any]:
    """Build the index; report stage timings, disk and peak memory of this process."""
    from rag.bench.lsa import LsaEmbedder
    from rag.pipeline.build import build_index

    embedder = LsaEmbedder.load(Path(extra.pop("lsa")))
    settings = _settings(archive, index_dir, **extra)
    started = time.perf_counter()
    snapshot = build_index(settings, embedder, progress=False)
    manifest = snapshot.manifest
    return {
        "passages": manifest["counts"]["chunks"],
        "articles": manifest["counts"]["articles"],
        "dense": manifest["dense"]["kind"],
        "build_s": time.perf_counter() - started,
        "timings": manifest["timings"],
        "disk_mb": disk_mb(snapshot.folder),
        "peak_mb": peak_rss_mb(),
    }


def _queries(snapshot, rng: random.Random) -> list[str]:  # type: ignore[no-untyped-def]
    """Real dev questions plus clauses drawn from indexed passages (a query per passage)."""
    from rag.evaluate.data_files import dev_questions_path

    questions = [json.loads(line)["question"] for line in dev_questions_path().read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rng.sample(range(len(snapshot.chunks)), min(QUERIES - len(questions), len(snapshot.chunks)))
    for row in rows:
        text = snapshot.chunks[row].text
        start = rng.randrange(max(len(text) - 30, 1))
        questions.append(text[start : start + 24])
    return questions


def _time(fn, items) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    samples = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        samples.append(time.perf_counter() - t)
    return percentiles(samples)


def worker_query(archive: Path, index_dir: Path, extra: dict[str, Any], sweep: bool) -> dict[str, Any]:
    """Latencies of every retrieval path and recall@10 of the approximate dense index."""
    import faiss

    from rag.pipeline import ask
    from rag.bench.lsa import LsaEmbedder
    from rag.index.dense import search_dense
    from rag.index.store import load_index
    from rag.search.retriever import Retriever, query_tokens, top_rows

    embedder = LsaEmbedder.load(Path(extra.pop("lsa")))
    settings = _settings(archive, index_dir, **extra)
    started = time.perf_counter()
    snapshot = load_index(Path(settings.index_dir), settings.hnsw_ef_search)
    load_s = time.perf_counter() - started
    assert snapshot is not None and snapshot.dense is not None, "build the index first"
    from rag.pipeline import engine_for

    engine = engine_for(settings)  # ask() below serves from this same snapshot
    engine.pin(snapshot)
    queries = _queries(snapshot, random.Random(11))
    retriever = Retriever(snapshot, settings, embedder)
    for q in queries[:5]:
        retriever.search(q, 5)  # warm caches (dictionary for English questions)
    out: dict[str, Any] = {"load_s": load_s, "queries": len(queries)}
    out["retrieve_ms"] = _time(lambda q: retriever.search(q, 5), queries)
    out["bm25_ms"] = _time(lambda q: top_rows(snapshot.sparse.scores(query_tokens(q)), 50), queries)
    vectors = np.stack([embedder.embed_query(q) for q in queries])
    out["dense_ms"] = _time(lambda i: search_dense(snapshot.dense, vectors[i], 10), range(len(queries)))
    ask_settings = settings.with_overrides(generator="extractive")
    dev = queries[:27]
    ask(dev[0], settings=ask_settings)
    out["ask_ms"] = _time(lambda q: ask(q, settings=ask_settings), dev)
    out["peak_mb"] = peak_rss_mb()  # serving: the index loaded and queried, before the baseline
    stored = np.load(snapshot.folder / "embeddings.npy", mmap_mode="r")
    exact = faiss.IndexFlatIP(stored.shape[1])
    for start in range(0, len(stored), 200_000):
        exact.add(np.ascontiguousarray(stored[start : start + 200_000]))
    out["exact_ms"] = _time(lambda i: exact.search(vectors[i : i + 1], 10), range(min(len(queries), 50)))
    _, truth = exact.search(vectors, 10)
    out["recall_at_10"] = _recall(snapshot.dense, vectors, truth)
    if sweep and isinstance(snapshot.dense, faiss.IndexHNSW):
        out["ef_sweep"] = {}
        for ef in EF_SWEEP:
            snapshot.dense.hnsw.efSearch = ef
            out["ef_sweep"][ef] = {"recall_at_10": _recall(snapshot.dense, vectors, truth), "ms": _time(lambda i: search_dense(snapshot.dense, vectors[i], 10), range(len(queries)))}
        snapshot.dense.hnsw.efSearch = settings.hnsw_ef_search
    return out


def _recall(index, vectors: np.ndarray, truth: np.ndarray) -> float:  # type: ignore[no-untyped-def]
    _, found = index.search(vectors, 10)
    hits = sum(len(set(f[f >= 0]) & set(t[t >= 0])) for f, t in zip(found, truth))
    return hits / max(int((truth >= 0).sum()), 1)


def _in_process(step: str, *args: str) -> dict[str, Any]:
    """Run a worker step in a fresh Python process; its last stdout line is JSON."""
    result = subprocess.run([sys.executable, "-m", "rag.bench.scale", step, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"benchmark step {step} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(sizes: list[int], work: Path, seeds_dir: Path, hnsw_threshold: int) -> list[dict[str, Any]]:
    """Build and query each size; returns one row of figures per size."""
    rows = []
    for size in sizes:
        archive = archive_for(size, work, seeds_dir)
        lsa = fit_lsa(archive, work / f"lsa-{size}.npz")
        extra = json.dumps({"hnsw_threshold": hnsw_threshold, "lsa": str(lsa)})
        index_dir = work / f"index-{size}"
        shutil.rmtree(index_dir, ignore_errors=True)  # measure a full build, not a refresh
        build = _in_process("build", str(archive), str(index_dir), extra)
        query = _in_process("query", str(archive), str(index_dir), extra, "sweep" if size == max(sizes) else "")
        rows.append({"size": size, "build": build, "query": query})
        print(format_row(rows[-1]), flush=True)
    return rows


def format_row(row: dict[str, Any]) -> str:
    b, q = row["build"], row["query"]
    t = b["timings"]
    return (
        f"| {b['passages']:,} | {b['dense']} | {b['build_s']:.0f} s (ingest {t.get('ingest_s', 0):.0f}, BM25 {t.get('bm25_s', 0):.0f}, "
        f"embed {t.get('embed_s', 0):.0f}, FAISS {t.get('faiss_s', 0):.0f}) | {b['passages'] / max(b['build_s'], 1e-9):,.0f}/s | "
        f"{b['disk_mb']:,.0f} MB | {b['peak_mb']:,.0f} / {q['peak_mb']:,.0f} MB | {q['load_s']:.2f} s | "
        f"{q['retrieve_ms'][0]:.1f} / {q['retrieve_ms'][1]:.1f} | {q['bm25_ms'][0]:.1f} / {q['bm25_ms'][1]:.1f} | "
        f"{q['dense_ms'][0]:.2f} / {q['dense_ms'][1]:.2f} | {q['exact_ms'][0]:.1f} | {q['recall_at_10']:.3f} | {q['ask_ms'][0]:.1f} / {q['ask_ms'][1]:.1f} |"
    )


HEADER = (
    "| passages | dense index | build (stages) | throughput | disk | peak memory build / query | load | "
    "retrieve p50/p95 ms | BM25 p50/p95 ms | dense p50/p95 ms | exact search p50 ms | recall@10 vs exact | ask p50/p95 ms |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
)


if __name__ == "__main__":
    import logging

    logging.basicConfig(level=logging.WARNING)
    step, archive_arg, index_arg, extra_arg = sys.argv[1:5]
    if step == "build":
        print(json.dumps(worker_build(Path(archive_arg), Path(index_arg), json.loads(extra_arg))))
    else:
        print(json.dumps(worker_query(Path(archive_arg), Path(index_arg), json.loads(extra_arg), sweep=len(sys.argv) > 5 and sys.argv[5] == "sweep")))
