"""Which fusion of BM25 and dense lists retrieves best, per question kind?

    python -m rag.bench.fusion [--model bundled] [--questions FILE ...] [--cmrc FILE --cmrc-articles 60 --cmrc-parts fit test]

Builds an index of the seeds (and, with --cmrc, one per part of a SQuAD-format set such as
CMRC 2018: the articles of that part of the seeded title split rag.evaluate.squad uses,
each written as an article file whose first line is its title) with the chosen embedder,
then prints hit@1, hit@5 and MRR@50 per question set and kind for BM25 alone, dense alone,
reciprocal rank fusion and weighted sums of min-max normalised scores at several dense
weights. Seed questions are labelled by their file (`dev_qa`, `heldout_qa`), CMRC ones by
part (`cmrc-fit`, `cmrc-test`): choose on dev and cmrc-fit, report on the others. A
question counts as found when a passage contains one of its evidence strings (for SQuAD
sets: the answer, in a passage of the question's own article).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from rag.config import Settings
from rag.evaluate.data_files import dev_questions_path
from rag.index.dense import search_dense
from rag.lang import contains_normalized
from rag.pipeline import build_index, engine_for
from rag.search.retriever import query_tokens, rrf, top_rows, weighted

ROOT = Path(__file__).resolve().parents[2]
DEPTH = 50
WEIGHTS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def method_names() -> list[str]:
    names = ["bm25", "dense", "rrf"] + [f"weighted-{w}" for w in WEIGHTS]
    return names + ["sentence", "rrf-sentence"] + [f"weighted-sentence-{w}" for w in WEIGHTS] + [f"weighted-both-{w}" for w in WEIGHTS]


def sentence_matrix(snapshot: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """Each passage's sentence vectors stacked (from the index), and the passage row of each."""
    from rag.index.store import embed_key
    from rag.lang import sentence_spans

    stored = snapshot.sentence_vectors()
    if stored is None:
        return None
    info = snapshot.manifest["embedder"]
    vectors, owners = [], []
    for row, chunk in enumerate(snapshot.chunks):
        for start, end in sentence_spans(chunk.text):
            vector = stored.get(embed_key(info["model"], info.get("passage_prefix", ""), chunk.text[start:end]))
            if vector is not None:
                vectors.append(np.asarray(vector, dtype=np.float32))
                owners.append(row)
    return np.stack(vectors), np.asarray(owners)


def _fuse(found: dict[str, list[int]], name: str, lists: dict[str, list[int]], scores: dict[str, np.ndarray]) -> None:
    """Weighted fusions of BM25 with the dense list `name` at every weight."""
    for w in WEIGHTS:
        found[f"weighted-{'' if name == 'dense' else name + '-'}{w}"] = [
            r.row for r in weighted({"bm25": lists["bm25"], name: lists[name]}, scores, {"bm25": 1 - w, name: w})
        ]


def orders(snapshot: Any, embedder: Any, question: str, sentences: tuple[np.ndarray, np.ndarray] | None = None) -> dict[str, list[int]]:
    """Row order of each method for one question. With the passages' sentence vectors, a
    passage's "sentence" score is its best sentence's cosine, "both" the larger of that and
    the passage's own cosine."""
    sparse = snapshot.sparse.scores(query_tokens(question))
    query = embedder.embed_query(question)
    d_scores, d_ids = search_dense(snapshot.dense, query, DEPTH)
    dense = np.full(len(snapshot.chunks), -1.0, dtype=np.float32)
    dense[d_ids] = d_scores
    lists = {"bm25": top_rows(sparse, DEPTH), "dense": [int(i) for i in d_ids]}
    scores = {"bm25": sparse, "dense": dense}
    found = {"bm25": lists["bm25"], "dense": lists["dense"], "rrf": [r.row for r in rrf(lists, 60)]}
    _fuse(found, "dense", lists, scores)
    if sentences is not None:
        best = np.full(len(snapshot.chunks), -1.0, dtype=np.float32)
        np.maximum.at(best, sentences[1], sentences[0] @ np.asarray(query, dtype=np.float32))
        full = np.asarray(snapshot.dense.reconstruct_n(0, len(snapshot.chunks))) @ np.asarray(query, dtype=np.float32) if hasattr(snapshot.dense, "reconstruct_n") else dense
        scores["sentence"], scores["both"] = best, np.maximum(best, full)
        lists["sentence"], lists["both"] = top_rows(best + 2, DEPTH), top_rows(scores["both"] + 2, DEPTH)  # +2: cosines may be negative
        found["sentence"] = lists["sentence"]
        found["rrf-sentence"] = [r.row for r in rrf({"bm25": lists["bm25"], "sentence": lists["sentence"]}, 60)]
        _fuse(found, "sentence", lists, scores)
        _fuse(found, "both", lists, scores)
    return found


def score(snapshot: Any, embedder: Any, rows: list[dict[str, Any]], label: str) -> dict[tuple[str, str], list[int]]:
    """Rank (1-based, 0 = not in the top 50) of the first evidence passage, per (method, kind)."""
    ranks: dict[tuple[str, str], list[int]] = {}
    sentences = sentence_matrix(snapshot)
    for row in rows:
        kind = f"{row.get('set', label)}:{row.get('type', 'all')}"
        for method, order in orders(snapshot, embedder, row["question"], sentences).items():
            rank = 0
            for position, r in enumerate(order[:DEPTH], start=1):
                chunk = snapshot.chunks[r]
                if row.get("sources") and chunk.source not in row["sources"]:
                    continue
                if any(contains_normalized(chunk.text, e) for e in row["evidence"]):
                    rank = position
                    break
            ranks.setdefault((method, kind), []).append(rank)
    return ranks


def write_squad_sample(path: Path, part: str, n_articles: int, folder: Path, seed: int = 0) -> list[dict[str, Any]]:
    """The first n articles of one part (fit or test) of a SQuAD-format file as article
    files (title on the first line), and their questions in the dev-set format."""
    from rag.evaluate.squad import load_documents, part_of

    documents = [d for d in load_documents(path) if part_of(d.title, seed) == part and d.questions][:n_articles]
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, doc in enumerate(documents):
        name = f"{i:03d}.txt"
        (folder / name).write_text(f"{doc.title}\n\n{doc.text}\n", encoding="utf-8")
        for qa in doc.questions:
            answers = [a for a in qa["answers"] if a.strip()]
            if answers:
                rows.append({"question": qa["question"], "evidence": answers, "sources": [name], "type": "squad", "set": f"cmrc-{part}"})
    return rows


def run(model: str, seeds_rows: list[dict[str, Any]], squad: tuple[Path, int, list[str]] | None, index_root: Path, sentence_vectors: bool = False) -> dict[tuple[str, str], list[int]]:
    """Ranks per (method, kind) over the seeds questions and each part's SQuAD sample."""
    results: dict[tuple[str, str], list[int]] = {}
    collections: list[tuple[str, Path, list[dict[str, Any]]]] = [("seeds", ROOT / "seeds", seeds_rows)]
    if squad is not None:
        for part in squad[2]:
            folder = index_root / f"squad_articles_{part}"
            collections.append((f"cmrc-{part}", folder, write_squad_sample(squad[0], part, squad[1], folder)))
    for label, seeds_dir, rows in collections:
        settings = Settings(seeds_dir=seeds_dir, index_dir=index_root / f"vs-{label}", embed_model=model, sentence_vectors=sentence_vectors)
        snapshot = build_index(settings, progress=True)
        if snapshot.dense is None:
            raise SystemExit(f"no vectors: {snapshot.dense_error}")
        embedder = engine_for(settings).embedder_for(snapshot)
        print(f"{label}: {len(snapshot.chunks)} passages, {len(rows)} questions, vectors by {snapshot.manifest['embedder']['label']}", flush=True)
        results.update(score(snapshot, embedder, rows, label))
    return results


def table(results: dict[tuple[str, str], list[int]]) -> str:
    """Markdown table: one row per kind and method."""
    lines = ["| questions | method | hit@1 | hit@5 | MRR | n |", "|---|---|---|---|---|---|"]
    kinds = sorted({kind for _, kind in results})
    for kind in kinds:
        for method in method_names():
            ranks = np.asarray(results.get((method, kind), []))
            if not ranks.size:
                continue
            hit1, hit5 = np.mean((ranks >= 1) & (ranks <= 1)), np.mean((ranks >= 1) & (ranks <= 5))
            mrr = np.mean([1 / r if r else 0.0 for r in ranks])
            lines.append(f"| {kind} | {method} | {hit1:.3f} | {hit5:.3f} | {mrr:.3f} | {ranks.size} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="bundled", help="embed_model setting: bundled, auto, openai:<m>, or a sentence-transformers model")
    parser.add_argument("--questions", type=Path, nargs="*", default=[dev_questions_path()])
    parser.add_argument("--cmrc", type=Path, default=None, help="a SQuAD-format file (e.g. ../shared/eval/cmrc2018_trial.json)")
    parser.add_argument("--cmrc-articles", type=int, default=60, help="articles of each part")
    parser.add_argument("--cmrc-parts", nargs="+", default=["fit", "test"], choices=["fit", "test"])
    parser.add_argument("--sentences", action="store_true", help="also embed the passages' sentences and try their best cosine as the dense score")
    parser.add_argument("--work", type=Path, default=None, help="keep the indexes here (reused across runs) instead of a temporary folder")
    args = parser.parse_args()

    rows = []
    for path in args.questions:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else None
            if row and row["answers"]:
                row.pop("sources", None)  # seed questions: any passage holding the evidence counts
                rows.append({**row, "set": path.stem})
    with tempfile.TemporaryDirectory() as tmp:
        root = args.work or Path(tmp)
        results = run(args.model, rows, (args.cmrc, args.cmrc_articles, args.cmrc_parts) if args.cmrc else None, root, args.sentences)
    print(table(results))


if __name__ == "__main__":
    main()
