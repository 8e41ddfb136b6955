"""BM25 as sparse vectors, for stores that search sparse vectors by inner product (Milvus).

A passage's vector holds the term-frequency part of each of its tokens (bm25s's Lucene
formula, the same k1 and b as the local index) and a query's vector the IDF of each of its
tokens, so their inner product is the passage's BM25 score as bm25s computes it. Token ids are
hashes (no vocabulary to keep in step with the store); document frequencies live in TermStats,
saved beside the manifest and also read by the answerer's IDF.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from pathlib import Path

from rag.index.sparse import MAX_DF_RATIO, PRUNE_FROM_PASSAGES
from rag.index.sparse_build import B, K1

TERMS_FILE = "terms.json"


def token_id(token: str) -> int:
    """A stable 32-bit id for a token (collisions: ~1 in 4,000 pairs at a million tokens, harmless)."""
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=4).digest(), "little")


class TermStats:
    """Document frequency of every token, passage count and average passage length."""

    def __init__(self, df: dict[str, int] | None = None, n: int = 0, total_length: int = 0) -> None:
        self.df: dict[str, int] = df or {}
        self.n = n
        self.total_length = total_length

    def add(self, tokens: list[str]) -> None:
        """Count one passage's tokens."""
        self.n += 1
        self.total_length += len(tokens)
        for token in set(tokens):
            self.df[token] = self.df.get(token, 0) + 1

    @property
    def size(self) -> int:
        return self.n

    @property
    def avg_length(self) -> float:
        return self.total_length / self.n if self.n else 1.0

    def doc_freq(self, token: str) -> int:
        """In how many passages a token occurs (0 when unknown)."""
        return self.df.get(token, 0)

    def idf(self, token: str) -> float:
        """bm25s's Lucene IDF."""
        df = self.df.get(token, 0)
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def save(self, folder: Path) -> None:
        data = {"n": self.n, "total_length": self.total_length, "df": self.df}
        (Path(folder) / TERMS_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> "TermStats":
        data = json.loads((Path(folder) / TERMS_FILE).read_text(encoding="utf-8"))
        return cls({str(k): int(v) for k, v in data["df"].items()}, int(data["n"]), int(data["total_length"]))


def passage_vector(tokens: list[str], avg_length: float) -> dict[int, float]:
    """A passage's sparse vector: the BM25 term-frequency part of each distinct token."""
    length = len(tokens)
    norm = K1 * ((1 - B) + B * length / max(avg_length, 1e-9))
    vector: dict[int, float] = {}
    for token, tf in Counter(tokens).items():
        key = token_id(token)
        vector[key] = vector.get(key, 0.0) + tf / (norm + tf)
    return vector


def query_vector(tokens: list[str], stats: TermStats) -> dict[int, float]:
    """A query's sparse vector: IDF times count of each known token. In large collections,
    tokens found in more than half the passages are skipped, as the local BM25 does."""
    limit = MAX_DF_RATIO * stats.n if stats.n >= PRUNE_FROM_PASSAGES else float("inf")
    vector: dict[int, float] = {}
    for token, count in Counter(tokens).items():
        df = stats.doc_freq(token)
        if 0 < df <= limit:
            key = token_id(token)
            vector[key] = vector.get(key, 0.0) + count * stats.idf(token)
    return vector
