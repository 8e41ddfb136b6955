"""Speed on the seed articles: index build per stage, disk, query latency, peak memory."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from rag.bench.common import disk_mb, peak_rss_mb, percentiles, table
from rag.config import Settings
from rag.data_files import dev_questions_path


def run(settings: Settings, repeats: int = 20) -> str:
    """Build a fresh index of settings.seeds_dir in a temporary folder and time everything."""
    from rag.pipeline import build_index, engine_for

    questions = [json.loads(line)["question"] for line in dev_questions_path().read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        settings = settings.with_overrides(index_dir=Path(tmp) / "vectorstore")
        started = time.perf_counter()
        snapshot = build_index(settings, progress=False)
        build_s = time.perf_counter() - started
        timings = snapshot.manifest["timings"]
        retriever = engine_for(settings).retriever(settings)
        retriever.search(questions[0], settings.k)  # warm: first English question loads the dictionary
        for question in questions:
            retriever.search(question, settings.k)
        samples = []
        for _ in range(repeats):
            for question in questions:
                t = time.perf_counter()
                retriever.search(question, settings.k)
                samples.append(time.perf_counter() - t)
        p50, p95 = percentiles(samples)
        n = snapshot.manifest["counts"]["chunks"]
        rows = [
            ("passages", f"{n} from {snapshot.manifest['counts']['articles']} articles"),
            ("dense index", snapshot.manifest["dense"]["kind"] if snapshot.manifest["dense"] else "none (offline path: BM25 only)"),
            ("build total", f"{build_s:.2f} s"),
            ("  ingest+chunk", f"{timings.get('ingest_s', 0):.2f} s ({n / max(timings.get('ingest_s', 1e-9), 1e-9):.0f} passages/s)"),
            ("  bm25", f"{timings.get('bm25_s', 0):.3f} s"),
            ("  embed", f"{timings['embed_s']:.2f} s" if "embed_s" in timings else "-"),
            ("  faiss", f"{timings['faiss_s']:.3f} s" if "faiss_s" in timings else "-"),
            ("index on disk", f"{disk_mb(snapshot.folder):.2f} MB"),
            ("retrieve p50 / p95", f"{p50:.2f} / {p95:.2f} ms ({len(samples)} queries, k={settings.k})"),
            ("peak memory", f"{peak_rss_mb():.0f} MB"),
        ]
        return table(rows)
