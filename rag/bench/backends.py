"""Retrieval quality of the search backends side by side: local files against Milvus Lite with
the project's BM25 tokens or Milvus's jieba BM25, BM25 alone and hybrid (weighted, RRF).

    python -m rag.bench.backends [--cmrc ../shared/eval/cmrc2018_trial.json] [--limit N]

Sets: the dev questions over the seed passages (kinds from the question file), and a CMRC
2018 trial file (SQuAD format, CC BY-SA 4.0) whose paragraphs become the passages (kinds read
from the question by the answerer's question analysis; a hit is a passage of the question's
own paragraph holding a gold answer). Every variant goes through the same retriever code
(rag.search.backend_retriever: k=5 after de-duplication). The dense part is the benchmark's
LSA embedding fitted on both corpora (no neural model can be downloaded here).
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from rag.answer.question import question_kind
from rag.bench.lsa import LsaEmbedder
from rag.config import Settings
from rag.evaluate.metrics import has_evidence
from rag.index.backend import Record
from rag.index.store import embed_text
from rag.ingest import load_articles
from rag.ingest.chunks import chunk_article, chunk_articles
from rag.lang import is_english
from rag.schema import Article, Chunk
from rag.search.backend_retriever import BackendRetriever
from rag.search.backends import open_backend

DEFAULT_CMRC = Path(__file__).resolve().parents[3] / "shared" / "eval" / "cmrc2018_trial.json"
VARIANTS = {
    "local": {"search_backend": "local"},
    "milvus tokens": {"search_backend": "milvus", "milvus_sparse": "tokens"},
    "milvus jieba": {"search_backend": "milvus", "milvus_sparse": "jieba"},
}


def dev_set(seeds: Path, questions: Path) -> tuple[list[Chunk], list[dict[str, Any]]]:
    chunks = chunk_articles(load_articles(seeds), 300, 80)
    rows = [json.loads(line) for line in questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    return chunks, [{"question": r["question"], "evidence": r["evidence"], "kind": r["type"], "source": None} for r in rows if r["answers"]]


def cmrc_set(path: Path, limit: int, seed: int = 0) -> tuple[list[Chunk], list[dict[str, Any]]]:
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    chunks: list[Chunk] = []
    rows = []
    for doc in data:
        for para in doc["paragraphs"]:
            context = para["context"].strip()
            article = Article(source=para["id"], position=0, title=doc.get("title", ""), text=context)
            chunks.extend(chunk_article(article, 300, 80))
            for qa in para["qas"]:
                kind = question_kind(qa["question"], "en" if is_english(qa["question"]) else "zh")[0].value
                rows.append({"question": qa["question"], "evidence": [a["text"] for a in qa["answers"]], "kind": kind, "source": para["id"]})
    random.Random(seed).shuffle(rows)
    return chunks, rows[:limit] if limit else rows


def score(retriever: BackendRetriever, rows: list[dict[str, Any]], k: int = 5) -> dict[str, dict[str, float]]:
    """hit@k and MRR per question kind (and "all")."""
    found: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        passages = retriever.search(row["question"], k)
        rank = next((i for i, p in enumerate(passages, 1) if (row["source"] is None or p.source == row["source"]) and has_evidence(p.text, row["evidence"])), None)
        for kind in (row["kind"], "all"):
            found[kind].append(1.0 / rank if rank else 0.0)
    return {kind: {"n": len(v), "hit": sum(x > 0 for x in v) / len(v), "mrr": sum(v) / len(v)} for kind, v in found.items()}


def run(sets: dict[str, tuple[list[Chunk], list[dict[str, Any]]]], embedder: LsaEmbedder, work: Path) -> dict[str, Any]:
    """Every variant on every set, BM25 alone and hybrid (weighted and RRF)."""
    results: dict[str, Any] = {}
    for set_name, (chunks, rows) in sets.items():
        vectors = embedder.embed_passages([embed_text(c) for c in chunks])
        records = [Record(c) for c in chunks]
        for variant, options in VARIANTS.items():
            for dense in (False, True):
                settings = Settings(index_dir=work / f"{set_name}-{variant.replace(' ', '-')}-{dense}", **options)
                backend = open_backend(settings, set_name.replace(" ", "_"))
                backend.upsert(records, vectors if dense else None)
                if hasattr(backend, "flush"):
                    backend.flush()  # Milvus Lite searches sealed segments through cached indexes
                fusions = ("weighted", "rrf") if dense else ("-",)
                for fusion in fusions:
                    backend.fusion = fusion
                    snapshot = SimpleNamespace(backend=backend, dense=dense, dense_error="BM25 alone")
                    retriever = BackendRetriever(snapshot, settings, embedder)
                    started = time.perf_counter()
                    figures = score(retriever, rows)
                    mode = f"hybrid {fusion}" if dense else "BM25 alone"
                    results[f"{set_name} | {variant} | {mode}"] = {"kinds": figures, "ms_per_query": 1000 * (time.perf_counter() - started) / len(rows)}
                    print(f"{set_name:5} {variant:14} {mode:16} hit@5 {figures['all']['hit']:.3f} MRR {figures['all']['mrr']:.3f}", flush=True)
                backend.close()
    return results


def table(results: dict[str, Any]) -> str:
    """Markdown: one row per set, variant and mode; hit@5 / MRR overall and per kind."""
    lines = ["| set | backend | mode | all | by kind (hit@5 / MRR, n) | ms/query |", "|---|---|---|---|---|---|"]
    for key, value in results.items():
        kinds = value["kinds"]
        per_kind = "; ".join(f"{k} {v['hit']:.2f}/{v['mrr']:.2f} ({v['n']})" for k, v in sorted(kinds.items()) if k != "all")
        set_name, variant, mode = key.split(" | ")
        lines.append(f"| {set_name} | {variant} | {mode} | {kinds['all']['hit']:.3f} / {kinds['all']['mrr']:.3f} | {per_kind} | {value['ms_per_query']:.1f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--questions", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "dev_qa.jsonl")
    parser.add_argument("--cmrc", type=Path, default=DEFAULT_CMRC)
    parser.add_argument("--limit", type=int, default=0, help="CMRC questions to use (0 = all)")
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    args = parser.parse_args()
    sets = {"dev": dev_set(args.seeds, args.questions), "cmrc": cmrc_set(args.cmrc, args.limit)}
    embedder = LsaEmbedder.fit([embed_text(c) for chunks, _ in sets.values() for c in chunks], seed=0)
    with tempfile.TemporaryDirectory() as work:
        results = run(sets, embedder, Path(work))
    print(table(results))
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
