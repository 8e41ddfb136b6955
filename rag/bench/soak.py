"""Soak the web server: many clients asking for minutes, on loopback; does memory level off?

    python -m rag.bench.soak --clients 16 --minutes 10 [--out soak.json]

Starts `python -m rag serve` on a free 127.0.0.1 port (the offline path over the seeds,
its own index folder), then each client thread asks the dev questions in turn through the
HTTP API (`/gradio_api/call/ask`, a new session per call, as scripts do) until the time
is up. Prints throughput, latency percentiles, errors, and the server's resident memory
sampled every few seconds: at the start (after one warm-up pass), at the end, and its peak.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np

from rag.bench.common import free_port, rss_mb_of
from rag.evaluate.data_files import dev_questions_path


def _start_server(port: int, index_dir: Path) -> subprocess.Popen[bytes]:
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ, "PYTHONPATH": str(root), "RAG_INDEX_DIR": str(index_dir), "RAG_SEEDS_DIR": str(root / "seeds"),
        "RAG_EMBED_MODEL": os.environ.get("RAG_EMBED_MODEL", "not-a-real-org/no-such-model"), "RAG_GENERATOR": "extractive",
        "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1",
    }
    log = open(index_dir.parent / "server.log", "wb")  # noqa: SIM115 - lives as long as the server
    server = subprocess.Popen([sys.executable, "-m", "rag", "serve", "--host", "127.0.0.1", "--port", str(port)], env=env, stdout=log, stderr=log)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.5)
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}; see {log.name}")
    server.kill()
    raise RuntimeError("the server did not start within 180 s")


def ask_once(client: httpx.Client, base: str, question: str) -> bool:
    """One question through the HTTP API; True when a complete answer came back."""
    # question, k, answerer, then null for each of the chat's session states (chat, conversation, collection)
    started = client.post(f"{base}/gradio_api/call/ask", json={"data": [question, 5, "extractive", None, None, None, None]})
    if started.status_code != 200:
        return False
    stream = client.get(f"{base}/gradio_api/call/ask/{started.json()['event_id']}").text
    return "event: complete" in stream and "event: error" not in stream


def soak(clients: int, seconds: float, sample_s: float = 5.0) -> dict[str, object]:
    """Run the soak; returns the figures (also printed)."""
    questions = [json.loads(line)["question"] for line in dev_questions_path().read_text(encoding="utf-8").splitlines() if line.strip()]
    work = Path(tempfile.mkdtemp(prefix="rag-soak-"))
    port = free_port()
    server = _start_server(port, work / "vectorstore")
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(timeout=60) as warm:
            answered = sum(ask_once(warm, base, question) for question in questions)
        if answered < len(questions):  # a broken call would otherwise be timed as fast errors
            raise RuntimeError(f"only {answered} of {len(questions)} warm-up questions were answered; see {work / 'server.log'}")
        memory = [(0.0, rss_mb_of(server.pid))]
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
        start = time.monotonic()
        end = start + seconds

        def client_loop(offset: int) -> None:
            with httpx.Client(timeout=60) as http:
                n = offset
                while time.monotonic() < end:
                    t0 = time.perf_counter()
                    try:
                        ok = ask_once(http, base, questions[n % len(questions)])
                    except httpx.HTTPError:
                        ok = False
                    with lock:
                        latencies.append(time.perf_counter() - t0)
                        errors[0] += 0 if ok else 1
                    n += 1

        threads = [threading.Thread(target=client_loop, args=(i,), daemon=True) for i in range(clients)]
        for thread in threads:
            thread.start()
        while time.monotonic() < end:
            time.sleep(min(sample_s, max(0.0, end - time.monotonic())))
            memory.append((round(time.monotonic() - start, 1), rss_mb_of(server.pid)))
        for thread in threads:
            thread.join(120)
        elapsed = time.monotonic() - start
    finally:
        server.terminate()
        server.wait(30)
    lat = np.array(latencies) * 1000
    figures: dict[str, object] = {
        "clients": clients, "seconds": round(elapsed, 1), "requests": len(latencies), "errors": errors[0],
        "throughput_per_s": round(len(latencies) / elapsed, 2),
        "latency_ms": {f"p{q}": round(float(np.percentile(lat, q)), 1) for q in (50, 95, 99)} if len(lat) else {},
        "server_rss_mb": {"start": memory[0][1], "end": memory[-1][1], "peak": max(m for _, m in memory)},
        "rss_samples": memory,
    }
    print(json.dumps({k: v for k, v in figures.items() if k != "rss_samples"}, indent=2))
    quarter = max(1, len(memory) // 4)
    print("server RSS (MB) by quarter of the run:", [memory[min(i * quarter, len(memory) - 1)][1] for i in range(5)])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--out", type=Path, help="Also write the figures (with every memory sample) as JSON here.")
    args = parser.parse_args()
    if not 1 <= args.clients <= 64 or not 0 < args.minutes <= 30:
        parser.error("keep the soak bounded: 1-64 clients, at most 30 minutes")
    figures = soak(args.clients, args.minutes * 60)
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
