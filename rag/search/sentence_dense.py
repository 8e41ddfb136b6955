"""A passage's dense score from its sentences: the larger of its own vector's cosine and its
best sentence's (sentence vectors are stored with the index for the answerer).

e5-small's vector of a 300-character passage blurs the one sentence a paraphrase or English
question is about; that sentence's own vector does not. Measured with
`python -m rag.bench.fusion --sentences` (BENCHMARKS.md): chosen on the dev set and the CMRC
fit part, it lifted held-out paraphrase questions over BM25 where passage vectors alone fell
below it. Used on collections small enough to score every sentence exactly (MAX_PASSAGES).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import numpy as np

from rag.index.store import IndexSnapshot, embed_key
from rag.lang import sentence_spans

# Above this, passage vectors alone: every query scores every sentence exactly (about five
# per passage, 1.5 KB each in memory). Measured only up to the seeds' and CMRC samples' size.
MAX_PASSAGES = 20_000
KEPT = 4  # matrices of this many builds (collections) are kept, the least recently used dropped

_CACHE: OrderedDict[str, "SentenceMatrix | None"] = OrderedDict()  # by build folder, built once
_LOCK = threading.Lock()


class SentenceMatrix:
    """Every passage's stored sentence vectors stacked, and the passage row of each."""

    def __init__(self, vectors: np.ndarray, owners: np.ndarray, passages: int) -> None:
        self.vectors, self.owners, self.passages = vectors, owners, passages

    def best(self, query: np.ndarray) -> np.ndarray:
        """Best sentence cosine per passage row (-1 for a passage without sentence vectors)."""
        best = np.full(self.passages, -1.0, dtype=np.float32)
        np.maximum.at(best, self.owners, self.vectors @ np.asarray(query, dtype=np.float32))
        return best


def _build(snapshot: IndexSnapshot) -> SentenceMatrix | None:
    stored = snapshot.sentence_vectors()
    if stored is None or snapshot.dense is None or len(snapshot.chunks) > MAX_PASSAGES:
        return None
    info: dict[str, Any] = snapshot.manifest["embedder"]
    model, prefix = str(info["model"]), str(info.get("passage_prefix", ""))
    vectors, owners = [], []
    for row in range(len(snapshot.chunks)):
        text = snapshot.chunks[row].text
        for start, end in sentence_spans(text):
            vector = stored.get(embed_key(model, prefix, text[start:end]))
            if vector is not None:
                vectors.append(vector)
                owners.append(row)
    if not vectors:
        return None
    return SentenceMatrix(np.asarray(vectors, dtype=np.float32), np.asarray(owners, dtype=np.int64), len(snapshot.chunks))


def sentence_matrix(snapshot: IndexSnapshot) -> SentenceMatrix | None:
    """The snapshot's sentence matrix (built on first use and kept), or None when it has no
    sentence vectors or too many passages."""
    build = str(snapshot.folder)
    with _LOCK:
        if build not in _CACHE:
            _CACHE[build] = _build(snapshot)
            while len(_CACHE) > KEPT:
                _CACHE.popitem(last=False)
        _CACHE.move_to_end(build)
        return _CACHE[build]
