"""Speed on the seed articles: index build per stage, disk, retrieve and ask latency, cold
starts of `rag ask` and of the web app, peak memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from rag.bench.common import disk_mb, peak_rss_mb, percentiles, table
from rag.config import Settings
from rag.evaluate.data_files import dev_questions_path


def _cold_ask(settings: Settings, runs: int = 3) -> float:
    """Median wall time of `python -m rag ask` in a fresh process (index already built)."""
    env = {**os.environ, "RAG_INDEX_DIR": str(settings.index_dir), "RAG_SEEDS_DIR": str(settings.seeds_dir), "RAG_EMBED_MODEL": settings.embed_model}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "rag", "ask", "聊城援青管理组实施了多少项新技术？"], env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return float(np.median(times))


def _cold_app(settings: Settings) -> float:
    """Seconds from starting the web app until it answers HTTP (index already built)."""
    import httpx

    from rag.bench.common import free_port

    port = free_port()
    env = {**os.environ, "RAG_INDEX_DIR": str(settings.index_dir), "RAG_SEEDS_DIR": str(settings.seeds_dir), "RAG_EMBED_MODEL": settings.embed_model, "RAG_PORT": str(port)}
    app = Path(__file__).resolve().parents[2] / "app.py"
    command = [sys.executable, str(app)] if app.exists() else [sys.executable, "-m", "rag", "serve"]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - started < 120:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code == 200:
                    return time.perf_counter() - started
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the app did not start within 120 s")
    finally:
        process.terminate()
        process.wait(timeout=30)


def _first_answer(url: str, question: str, started: float, timeout_s: float) -> float:
    """Seconds from `started` until POST /api/ask first returns an answer (asked again while
    the socket is not yet listening)."""
    import httpx

    while time.perf_counter() - started < timeout_s:
        try:
            reply = httpx.post(f"{url}/api/ask", json={"question": question, "k": 5}, timeout=timeout_s)
        except httpx.TransportError:
            time.sleep(0.02)
            continue
        reply.raise_for_status()
        return time.perf_counter() - started
    raise RuntimeError(f"the app did not answer within {timeout_s} s")


def _chat_up(url: str, started: float, timeout_s: float) -> float:
    """Seconds from `started` until the chat page (/) answers 200 (503 while it is starting)."""
    import httpx

    while time.perf_counter() - started < timeout_s:
        try:
            if httpx.get(f"{url}/", timeout=5).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"the chat did not start within {timeout_s} s")


def first_run_app(settings: Settings, timeout_s: float = 600) -> list[tuple[str, str]]:
    """On an empty index folder: seconds from starting `python app.py` to its first answer
    (POST /api/ask), to the chat page, to the first answer through the chat's own API
    (gradio_client), and until the background vectors are committed."""
    from gradio_client import Client

    from rag.bench.common import free_port
    from rag.index.manifest import IndexCorrupt, read_manifest

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    question = "上合示范区累计开行了多少列中欧班列？"
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "vectorstore"
        env = {**os.environ, "RAG_INDEX_DIR": str(index_dir), "RAG_SEEDS_DIR": str(settings.seeds_dir), "RAG_EMBED_MODEL": settings.embed_model, "RAG_PORT": str(port), "RAG_CONVERSATIONS_DB": str(Path(tmp) / "conversations.sqlite3")}
        app = Path(__file__).resolve().parents[2] / "app.py"
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, str(app)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        manifest = None
        try:
            answer_s = _first_answer(url, question, started, timeout_s)
            chat_s = _chat_up(url, started, timeout_s)
            Client(f"{url}/", verbose=False).predict(question, 5, "auto", api_name="/ask")
            chat_answer_s = time.perf_counter() - started
            vectors_s = float("nan")
            while time.perf_counter() - started < timeout_s:
                try:
                    manifest = read_manifest(index_dir)
                except IndexCorrupt:
                    manifest = None
                if manifest and manifest.get("dense"):
                    vectors_s = time.perf_counter() - started
                    break
                time.sleep(0.5)
        finally:
            process.terminate()
            process.wait(timeout=30)
    label = manifest["embedder"]["label"] if manifest and manifest.get("dense") else "none"
    return [
        ("first run: first answer", f"{answer_s:.2f} s after start (POST /api/ask; fresh index: BM25 built first)"),
        ("first run: chat page up", f"{chat_s:.2f} s after start (GET / 200; 503 'starting' page before)"),
        ("first run: first chat answer", f"{chat_answer_s:.2f} s after start (through the chat's API, gradio_client)"),
        ("first run: vectors committed", f"{vectors_s:.1f} s after start, by {label}, in the background"),
    ]


def run(settings: Settings, repeats: int = 20, cold: bool = True) -> str:
    """Build a fresh index of settings.seeds_dir in a temporary folder and time everything."""
    from rag.pipeline import ask
    from rag.pipeline import build_index, engine_for

    questions = [json.loads(line)["question"] for line in dev_questions_path().read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        settings = settings.with_overrides(index_dir=Path(tmp) / "vectorstore")
        started = time.perf_counter()
        snapshot = build_index(settings, progress=False)
        build_s = time.perf_counter() - started
        timings = snapshot.manifest["timings"]
        engine = engine_for(settings)
        retriever = engine.retriever(settings)
        for question in questions:  # warm: dictionary for English questions, jieba
            retriever.search(question, settings.k)
            ask(question, settings=settings)
        samples, ask_samples = [], []
        for _ in range(repeats):
            for question in questions:
                engine.forget_queries()  # each timed query embeds its question
                t = time.perf_counter()
                retriever.search(question, settings.k)
                samples.append(time.perf_counter() - t)
        answerer = ""
        for question in questions:
            engine.forget_queries()
            t = time.perf_counter()
            answerer = ask(question, settings=settings).generator
            ask_samples.append(time.perf_counter() - t)
        p50, p95 = percentiles(samples)
        a50, a95 = percentiles(ask_samples)
        n = snapshot.manifest["counts"]["chunks"]
        rows = [
            ("passages", f"{n} from {snapshot.manifest['counts']['articles']} articles"),
            ("dense index", snapshot.manifest["dense"]["kind"] if snapshot.manifest["dense"] else "none (offline path: BM25 only)"),
            ("build total", f"{build_s:.2f} s"),
            ("  ingest (read, clean, split, link)", f"{timings.get('ingest_s', 0):.2f} s ({n / max(timings.get('ingest_s', 1e-9), 1e-9):.0f} passages/s)"),
            ("  chunk", f"{timings.get('chunk_s', 0):.3f} s"),
            ("  bm25", f"{timings.get('bm25_s', 0):.3f} s"),
            ("  embed", f"{timings['embed_s']:.2f} s ({n / timings['embed_s']:.1f} passages/s)" if timings.get("embed_s") else "-"),
            ("  sentence vectors", f"{timings['sentences_s']:.2f} s ({(snapshot.manifest.get('sentences') or {}).get('count', 0)} sentences)" if "sentences_s" in timings else "-"),
            ("vectors by", snapshot.manifest["embedder"].get("label") or "-"),
            ("  faiss", f"{timings['faiss_s']:.3f} s" if "faiss_s" in timings else "-"),
            ("index on disk", f"{disk_mb(snapshot.folder):.2f} MB"),
            ("retrieve p50 / p95", f"{p50:.2f} / {p95:.2f} ms ({len(samples)} queries, k={settings.k})"),
            ("ask p50 / p95", f"{a50:.2f} / {a95:.2f} ms ({len(ask_samples)} questions, answerer {answerer})"),
            ("peak memory", f"{peak_rss_mb():.0f} MB"),
        ]
        if cold:
            rows += first_run_app(settings)
            rows.append(("cold start: rag ask", f"{_cold_ask(settings):.2f} s (median of 3, fresh process)"))
            rows.append(("cold start: web app", f"{_cold_app(settings):.2f} s (start to first HTTP 200)"))
        return table(rows)
