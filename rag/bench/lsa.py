"""A deterministic semantic embedding for scale benchmarks: latent semantic analysis.

No neural model can embed a million passages on two CPU cores in a benchmark's time, and
random or hashed vectors are a misleading test for approximate search (every point ends up
about equally far from every other). LSA is a real, if classic, semantic embedding:
character-bigram TF-IDF (hashed into 2^17 buckets), projected onto the 384 leading
singular directions of a sample of the archive (randomised SVD, fixed seed), then
L2-normalised. Passages about the same things land close together, so neighbourhoods have
the clustered, anisotropic structure of neural embeddings. It is only used to benchmark
the index; it implements the Embedder protocol.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy import sparse

BUCKETS = 1 << 17
DIM = 384
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


def _bigram_buckets(text: str) -> np.ndarray:
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < 2:
        return codes % np.uint64(BUCKETS)
    grams = codes[:-1] * np.uint64(1_114_112) + codes[1:]
    return ((grams * _MULTIPLIER) >> np.uint64(40)) % np.uint64(BUCKETS)


def _tf_matrix(texts: list[str]) -> sparse.csr_matrix:
    rows, cols, vals = [], [], []
    for i, text in enumerate(texts):
        buckets, counts = np.unique(_bigram_buckets(text), return_counts=True)
        rows.append(np.full(len(buckets), i))
        cols.append(buckets)
        vals.append(1.0 + np.log(counts))  # sublinear term frequency
    return sparse.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(len(texts), BUCKETS), dtype=np.float32)


class LsaEmbedder:
    """TF-IDF over hashed character bigrams -> 384-d LSA space -> unit vectors."""

    name = "lsa-bigram-384"

    def __init__(self, idf: np.ndarray, components: np.ndarray) -> None:
        self.idf = idf.astype(np.float32)
        self.components = np.ascontiguousarray(components, dtype=np.float32)  # (BUCKETS, DIM)

    @property
    def dim(self) -> int:
        return DIM

    @classmethod
    def fit(cls, texts: list[str], seed: int = 0, power_iterations: int = 2) -> "LsaEmbedder":
        """Fit IDF and the SVD projection on a sample of passages (randomised SVD, Halko et al.)."""
        tf = _tf_matrix(texts)
        df = np.bincount(tf.indices, minlength=BUCKETS)
        idf = np.log((1 + len(texts)) / (1 + df)).astype(np.float32) + 1.0
        matrix = tf.multiply(idf[None, :]).tocsr()
        rng = np.random.default_rng(seed)
        probe = rng.standard_normal((BUCKETS, DIM + 32)).astype(np.float32)
        basis = matrix @ probe
        for _ in range(power_iterations):
            basis, _ = np.linalg.qr(basis)
            basis = matrix @ (matrix.T @ basis)
        basis, _ = np.linalg.qr(basis)
        small = np.asarray(matrix.T @ basis).T  # (DIM + 32, BUCKETS)
        _, _, vt = np.linalg.svd(small, full_matrices=False)
        components = np.zeros((BUCKETS, DIM), dtype=np.float32)
        rank = min(DIM, vt.shape[0])  # a sample smaller than DIM has fewer directions
        components[:, :rank] = vt[:rank].T
        return cls(idf, components)

    def save(self, path: Path) -> None:
        np.savez(path, idf=self.idf, components=self.components)

    @classmethod
    def load(cls, path: Path) -> "LsaEmbedder":
        data = np.load(path)
        return cls(data["idf"], data["components"])

    def _one(self, text: str) -> np.ndarray:
        buckets, counts = np.unique(_bigram_buckets(text), return_counts=True)
        if buckets.size == 0:
            vector = np.zeros(DIM, dtype=np.float32)
            vector[0] = 1.0
            return vector
        weights = (1.0 + np.log(counts)).astype(np.float32) * self.idf[buckets]
        vector = weights @ self.components[buckets]
        norm = float(np.linalg.norm(vector)) or 1.0
        return vector / norm

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return np.stack([self._one(t) for t in texts]) if texts else np.zeros((0, DIM), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._one(text)
