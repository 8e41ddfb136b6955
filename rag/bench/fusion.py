"""Which fusion of BM25 and dense lists retrieves best on the dev questions?

    python -m rag.bench.fusion --model PATH_OR_HUB_ID [--k 5]

Prints hit@k and MRR per language for BM25 alone, dense alone, reciprocal rank fusion and
weighted sums of min-max normalised scores. Needs a loadable sentence-transformers model.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import numpy as np

from rag.config import Settings
from rag.evaluate.data_files import dev_questions_path
from rag.index.dense import search_dense
from rag.pipeline import build_index, engine_for
from rag.search.retriever import query_tokens, rrf, top_rows, weighted
from rag.lang import contains_normalized

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--questions", type=Path, default=dev_questions_path())
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(seeds_dir=ROOT / "seeds", index_dir=Path(tmp) / "vs", embed_model=args.model, query_prefix="", passage_prefix="")
        snapshot = build_index(settings, progress=False)
        if snapshot.dense is None:
            raise SystemExit(f"model did not load: {snapshot.dense_error}")
        embedder = engine_for(settings).embedder
        rows = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows = [r for r in rows if r["answers"]]
        methods = ["bm25", "dense", "rrf", "weighted-0.3", "weighted-0.5", "weighted-0.7"]
        results: dict[tuple[str, str], list[float]] = {}
        for row in rows:
            sparse = snapshot.sparse.scores(query_tokens(row["question"]))
            d_scores, d_ids = search_dense(snapshot.dense, embedder.embed_query(row["question"]), 50)
            dense = np.full(len(snapshot.chunks), -1.0, dtype=np.float32)
            dense[d_ids] = d_scores
            lists = {"bm25": top_rows(sparse, 50), "dense": [int(i) for i in d_ids]}
            for method in methods:
                if method in ("bm25", "dense"):
                    order = lists[method]
                elif method == "rrf":
                    order = [r.row for r in rrf(lists, 60)]
                else:
                    w = float(method.split("-")[1])
                    order = [r.row for r in weighted(lists, {"bm25": sparse, "dense": dense}, {"bm25": 1 - w, "dense": w})]
                ranks = [i for i, r in enumerate(order[: args.k]) if any(contains_normalized(snapshot.chunks[r].text, e) for e in row["evidence"])]
                results.setdefault((method, row["lang"]), []).append(1.0 / (ranks[0] + 1) if ranks else 0.0)
        print(f"model: {args.model}   k={args.k}   ({len(rows)} answerable questions)")
        print(f"{'method':14s} {'lang':4s} {'hit@k':>6s} {'MRR':>6s}  n")
        for (method, lang), rr in sorted(results.items()):
            print(f"{method:14s} {lang:4s} {np.mean([x > 0 for x in rr]):6.3f} {np.mean(rr):6.3f}  {len(rr)}")


if __name__ == "__main__":
    main()
