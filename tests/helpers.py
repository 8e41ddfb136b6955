"""Helpers shared by the tests: free ports, a deterministic embedder for tests that only need vectors."""

from __future__ import annotations

import hashlib
import socket

import numpy as np

from rag.lang import fold


def free_port() -> int:
    """A free TCP port on localhost."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class HashEmbedder:
    """Deterministic vectors by feature hashing of character unigrams and bigrams.

    Texts sharing characters get similar vectors, so retrieval plumbing can be tested
    without fitting or loading a model. Not a model: never used outside the tests.
    """

    name = "hash-embedder"

    def __init__(self, dim: int = 64) -> None:
        self._dim = dim

    @property
    def dim(self) -> int:
        return self._dim

    def _vector(self, text: str) -> np.ndarray:
        text = fold(text)
        grams = list(text) + [text[i : i + 2] for i in range(len(text) - 1)]
        vector = np.zeros(self._dim, dtype=np.float32)
        for gram in grams:
            digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=4).digest()
            vector[int.from_bytes(digest, "little") % self._dim] += 1.0
        norm = np.linalg.norm(vector)
        return vector / norm if norm else vector

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self._dim), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)
