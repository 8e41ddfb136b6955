"""What the service adds over `rag.ask`, and how soon a browser shows the first words.

    python -m rag.bench.api [--repeats 3] [--embed-model none] [--no-browser]

Builds an index of the seeds in a temporary folder, starts the real server as its own
process (`python -m rag serve` on a free loopback port), and over the dev questions measures:
`rag.ask` called in this process (the baseline, same index and answerer); `POST /api/ask`
as JSON and as an event stream (first token, done); `POST /v1/chat/completions` with the
official `openai` client, streamed and not; and in headless Chromium (Playwright) the time
from clicking Ask to the first answer text and to the finished answer. Overhead is the
difference of medians. Every API call also saves its turn in the conversations file (an
/api/ask without a conversation starts one), so that cost is included.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

import httpx

from rag.bench.common import free_port, percentiles, table, wait_until_up
from rag.config import Settings
from rag.evaluate.data_files import dev_questions_path
from rag.pipeline import ask, build_index

ROOT = Path(__file__).resolve().parents[2]


def _questions() -> list[str]:
    rows = [json.loads(line) for line in dev_questions_path().read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row["question"] for row in rows]


def _timed(fn: Callable[[str], Any], questions: list[str], repeats: int) -> list[float]:
    fn(questions[0])  # warm-up: first-use loading is not what is measured
    samples = []
    for _ in range(repeats):
        for question in questions:
            started = time.perf_counter()
            fn(question)
            samples.append(time.perf_counter() - started)
    return samples


def _sse_first_and_done(client: httpx.Client, url: str, question: str) -> tuple[float, float]:
    started, first = time.perf_counter(), float("nan")
    with client.stream("POST", url + "/api/ask", json={"question": question}, headers={"Accept": "text/event-stream"}) as response:
        for line in response.iter_lines():
            if line.startswith("event: token") and first != first:
                first = time.perf_counter() - started
    return first, time.perf_counter() - started


def _start_server(settings: Settings, state: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ, "RAG_INDEX_DIR": str(settings.index_dir), "RAG_SEEDS_DIR": str(settings.seeds_dir), "RAG_EMBED_MODEL": settings.embed_model,
        "RAG_CONVERSATIONS_DB": str(state / "conversations.sqlite3"), "RAG_COLLECTIONS_DIR": str(state / "collections"), "GRADIO_ANALYTICS_ENABLED": "False",
    }
    env.pop("RAG_API_KEY", None)
    process = subprocess.Popen([sys.executable, "-m", "rag", "serve", "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(process, url + "/api/collections", 180)
    return process, url


def browser_times(url: str, questions: list[str]) -> tuple[list[float], list[float]]:
    """Seconds from clicking Ask to the first answer text, and to the finished answer, in Chromium."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("RAG_CHROMIUM", "/usr/bin/chromium")
    last = "const m = document.querySelectorAll('#chat .message.bot'); const last = m[m.length - 1];"
    first_s, done_s = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + "/", wait_until="domcontentloaded")
        page.wait_for_selector("#question textarea", timeout=60_000)
        for i, question in enumerate([questions[0], *questions]):
            before = page.locator("#chat .message.bot").count()
            page.fill("#question textarea", question)
            started = time.perf_counter()
            page.click("#ask")
            try:
                page.wait_for_function(f"n => {{ {last} return m.length > n && last.innerText.replace('▍', '').trim().length > 0 }}", arg=before, timeout=60_000)
                first = time.perf_counter() - started
                page.wait_for_function(f"n => {{ {last} return m.length > n && last.querySelector('.generator') !== null }}", arg=before, timeout=60_000)
            except Exception as exc:  # noqa: BLE001 - say where the page stood, then stop
                shot = Path(tempfile.gettempdir()) / "rag-bench-api-failure.png"
                page.screenshot(path=str(shot))
                state = f"answers shown {page.locator('#chat .message.bot').count()} (before {before}), status {page.locator('#status').inner_text()[:200]!r}"
                raise RuntimeError(f"question {i} ({question}) not answered in the browser: {state}; screenshot {shot}") from exc
            if i:  # the first question warms up
                first_s.append(first)
                done_s.append(time.perf_counter() - started)
            if page.locator("#chat .message.bot").count() >= 15:
                # The chat shows at most max_chat_messages (40): start anew before it scrolls
                # old answers away, or "one more answer" could not be seen.
                page.click("#new-conversation")
                page.wait_for_function("() => document.querySelectorAll('#chat .message.bot').length === 0", timeout=60_000)
        browser.close()
    return first_s, done_s


def run(repeats: int, embed_model: str, browser: bool) -> str:
    """Build, serve, measure; the printed table."""
    from openai import OpenAI

    questions = _questions()
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp)
        settings = Settings(seeds_dir=ROOT / "seeds", index_dir=state / "vectorstore", embed_model=embed_model, conversations_db=state / "direct.sqlite3")
        build_index(settings, progress=False)
        base = _timed(lambda q: ask(q, settings=settings), questions, repeats)
        process, url = _start_server(settings, state)
        try:
            with httpx.Client(timeout=120) as client:
                api = _timed(lambda q: client.post(url + "/api/ask", json={"question": q}).raise_for_status(), questions, repeats)
                sse = [_sse_first_and_done(client, url, q) for q in questions * repeats]
            openai = OpenAI(base_url=url + "/v1", api_key="unused", max_retries=0)
            chat = _timed(lambda q: openai.chat.completions.create(model="rag/seeds", messages=[{"role": "user", "content": q}]), questions, repeats)
            streamed = _timed(lambda q: list(openai.chat.completions.create(model="rag/seeds", messages=[{"role": "user", "content": q}], stream=True)), questions, repeats)
            first, done = browser_times(url, questions) if browser else ([], [])
        finally:
            process.terminate()
            process.wait(timeout=30)
    median = statistics.median(base) * 1000

    def row(name: str, samples: list[float], overhead: bool = True) -> tuple[str, str]:
        p50, p95 = percentiles(samples)
        extra = f" · overhead over rag.ask {p50 - median:+.1f} ms" if overhead else ""
        return name, f"p50 {p50:.1f} ms / p95 {p95:.1f} ms (n={len(samples)}){extra}"

    rows = [
        ("setup", f"{len(questions)} dev questions × {repeats}, embed_model={embed_model}, server: `python -m rag serve` on loopback"),
        row("rag.ask (in process)", base, overhead=False),
        row("POST /api/ask (JSON)", api),
        row("POST /api/ask (SSE): first token", [f for f, _ in sse]),
        row("POST /api/ask (SSE): done", [d for _, d in sse]),
        row("/v1/chat/completions (openai client)", chat),
        row("/v1/chat/completions stream=True (all chunks)", streamed),
    ]
    if browser:
        rows += [row("browser: click Ask → first answer text", first), row("browser: click Ask → finished answer", done)]
    return table(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="passes over the dev questions")
    parser.add_argument("--embed-model", default="none", help="RAG_EMBED_MODEL for the index (none: BM25 only; auto: bundled e5-small)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measurement")
    args = parser.parse_args()
    print(run(args.repeats, args.embed_model, not args.no_browser))


if __name__ == "__main__":
    main()
