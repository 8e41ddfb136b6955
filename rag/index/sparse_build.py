"""Build a BM25 index one passage at a time, in memory proportional to the index.

bm25s builds from the whole tokenised corpus held in memory; an archive of a million
passages doesn't fit that way. This builder keeps only the postings (token id and count
per passage) as compact arrays, then computes scores with bm25s's own scoring functions and
writes the same files bm25s writes, so `bm25s.BM25.load` serves it (tests check the scores
match bm25s's to float precision).
"""

from __future__ import annotations

import json
from array import array
from collections import Counter
from pathlib import Path

import bm25s
import numpy as np
from bm25s import scoring

K1, B, DELTA = 1.5, 0.75, 0.5  # bm25s defaults (method and idf "lucene")
BLOCK = 1 << 24  # postings scored per step, to bound temporary arrays


class StreamingBM25:
    """add() passages' tokens one by one; save() writes a bm25s index folder."""

    def __init__(self) -> None:
        self.vocab: dict[str, int] = {}
        self._tokens = array("i")  # token id of each posting, passage after passage
        self._counts = array("H")  # term frequency of each posting (capped at 65535)
        self._postings = array("I")  # postings per passage
        self._lengths = array("I")  # tokens per passage

    @property
    def size(self) -> int:
        return len(self._lengths)

    def add(self, tokens: list[str]) -> None:
        vocab = self.vocab
        counts = Counter(vocab.setdefault(t, len(vocab)) for t in tokens)
        self._tokens.extend(counts.keys())
        self._counts.extend(min(c, 65535) for c in counts.values())
        self._postings.append(len(counts))
        self._lengths.append(len(tokens))

    def _scores(self, tokens: np.ndarray, docs: np.ndarray, n_vocab: int) -> np.ndarray:
        """BM25 weight of every posting (Lucene variant, computed by bm25s's functions)."""
        n_docs = self.size
        lengths = np.frombuffer(self._lengths, dtype=np.uint32).astype(np.float32)
        counts = np.frombuffer(self._counts, dtype=np.uint16)
        avg_len = float(lengths.mean()) if n_docs else 1.0
        df = np.bincount(tokens, minlength=n_vocab)
        # bm25s's idf function is scalar: apply it once per distinct document frequency.
        distinct, where = np.unique(df, return_inverse=True)
        idf_fn = scoring._select_idf_scorer("lucene")
        idf = np.array([idf_fn(int(d), n_docs) for d in distinct], dtype=np.float32)[where]
        tfc_fn = scoring._select_tfc_scorer("lucene")
        scores = np.empty(len(tokens), dtype=np.float32)
        for start in range(0, len(tokens), BLOCK):
            end = start + BLOCK
            tfc = tfc_fn(counts[start:end].astype(np.float32), lengths[docs[start:end]], avg_len, K1, B)
            scores[start:end] = idf[tokens[start:end]] * tfc
        return scores

    def save(self, folder: Path) -> None:
        """Compute BM25 scores and write the index files in bm25s's format."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        empty = self.vocab.setdefault("", len(self.vocab))  # bm25s scores empty queries with it
        n_vocab = len(self.vocab)
        tokens = np.frombuffer(self._tokens, dtype=np.int32)
        docs = np.repeat(np.arange(self.size, dtype=np.int32), np.frombuffer(self._postings, dtype=np.uint32))
        scores = self._scores(tokens, docs, n_vocab)
        # Column-major order: by token, then passage (postings were added passage by passage,
        # so a stable sort by token keeps passages ascending within each column).
        order = np.argsort(tokens, kind="stable")
        np.save(folder / "data.csc.index.npy", scores[order])
        del scores
        np.save(folder / "indices.csc.index.npy", docs[order])
        del order, docs
        indptr = np.zeros(n_vocab + 1, dtype=np.int64)
        np.cumsum(np.bincount(tokens, minlength=n_vocab), out=indptr[1:])
        np.save(folder / "indptr.csc.index.npy", indptr.astype(np.int32) if indptr[-1] < 2**31 else indptr)
        (folder / "vocab.index.json").write_text(json.dumps(self.vocab, ensure_ascii=False), encoding="utf-8")
        params = {"k1": K1, "b": B, "delta": DELTA, "method": "lucene", "idf_method": "lucene", "dtype": "float32",
                  "int_dtype": "int32", "num_docs": self.size, "version": bm25s.__version__, "backend": "numpy"}
        (folder / "params.index.json").write_text(json.dumps(params, indent=4), encoding="utf-8")
        assert empty == n_vocab - 1
