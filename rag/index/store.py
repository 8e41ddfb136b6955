"""vectorstore/: load the current build as one consistent snapshot.

Layout: `manifest.json` names the current build folder `<build_id>/`, which holds
`chunks.jsonl` with its offset table, `articles.jsonl`, `bm25/` (bm25s .npy + JSON), and,
when an embedding model was available, `dense.faiss` plus `embeddings.npy` and
`sentences.npy` (passage-sentence vectors), each with its `.keys.json`. Building is in
rag.pipeline.build (BM25) and rag.pipeline.vectors (vectors).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rag.index.chunk_store import ChunkStore
from rag.index.dense import load_dense
from rag.index.manifest import IndexCorrupt, read_manifest
from rag.index.partial import remove_abandoned
from rag.index.sparse import SparseIndex
from rag.index.vector_files import StoredVectors, load_vectors
from rag.lang import to_simplified
from rag.schema import Chunk

KEEP_OLD_BUILDS = 1  # the previous build stays for readers that still have it open


@dataclass
class IndexSnapshot:
    """One consistent, immutable view of a build: every part comes from the same folder."""

    manifest: dict[str, Any]
    folder: Path
    chunks: ChunkStore
    sparse: SparseIndex
    dense: Any | None = None  # faiss.Index
    timings: dict[str, float] = field(default_factory=dict)
    _sentences: StoredVectors | None = field(default=None, repr=False)

    @property
    def dense_error(self) -> str:
        return str(self.manifest.get("embedder", {}).get("error", ""))

    @property
    def embedder_name(self) -> str | None:
        """The embedder that built the vectors (None without vectors)."""
        return str(self.manifest["embedder"]["model"]) if self.dense is not None else None

    def sentence_vectors(self) -> StoredVectors | None:
        """The passage-sentence vectors of this build (loaded on first use), if it has them."""
        if self._sentences is None and self.dense is not None and self.manifest.get("sentences"):
            try:
                self._sentences = load_vectors(self.folder, "sentences")
            except (OSError, ValueError) as exc:
                raise IndexCorrupt(f"sentence vectors of {self.folder} are damaged: {exc}") from exc
        return self._sentences


def embed_text(chunk: Chunk) -> str:
    """What is embedded and BM25-indexed for a chunk: its title gives the passage context.

    In simplified script, like the questions the engine embeds (rag.search.similarity), so a
    traditional article and a simplified question meet; simplified text is unchanged by it,
    so its vectors (keyed by this text) are reused."""
    return to_simplified(f"{chunk.title}\n{chunk.text}")


def embed_key(model: str, prefix: str, text: str) -> str:
    return hashlib.sha1(f"{model}\x1f{prefix}\x1f{text}".encode("utf-8")).hexdigest()[:20]


def previous_vectors(index_dir: Path) -> tuple[dict[str, int], np.ndarray]:
    """Rows of the current build's vectors by embed key, so unchanged passages are not
    embedded again (empty when there is no usable previous build)."""
    empty: tuple[dict[str, int], np.ndarray] = ({}, np.zeros((0, 0), dtype=np.float32))
    try:
        manifest = read_manifest(index_dir)
    except IndexCorrupt:
        return empty
    if not manifest or not manifest.get("dense"):
        return empty
    folder = index_dir / manifest["build_id"]
    try:
        stored = load_vectors(folder, "embeddings")
        if stored is not None:
            return stored.rows, stored.vectors
        vectors = np.load(folder / "embeddings.npy", mmap_mode="r")  # builds before the keys file
        keys: dict[str, int] = {}
        with (folder / "chunks.jsonl").open(encoding="utf-8") as handle:
            for row, line in enumerate(handle):
                keys[json.loads(line)["embed_key"]] = row
    except (OSError, KeyError, ValueError, json.JSONDecodeError):
        return empty
    return (keys, vectors) if len(keys) <= len(vectors) else empty


def load_index(index_dir: Path, ef_search: int) -> IndexSnapshot | None:
    """The current build, or None when none exists. Raises IndexCorrupt when it is damaged."""
    manifest = read_manifest(Path(index_dir))
    return None if manifest is None else load_build(index_dir, manifest, ef_search)


def load_build(index_dir: Path, manifest: dict[str, Any], ef_search: int) -> IndexSnapshot:
    """The build a manifest describes. Raises IndexCorrupt when it is damaged."""
    folder = Path(index_dir) / manifest["build_id"]
    try:
        chunks = ChunkStore(folder)
        sparse = SparseIndex.load(folder / "bm25", mmap=len(chunks) > 200_000)
        dense = load_dense(folder / manifest["dense"]["file"], ef_search) if manifest.get("dense") else None
    except (OSError, KeyError, TypeError, ValueError, RuntimeError, json.JSONDecodeError) as exc:
        raise IndexCorrupt(f"index build {folder} is damaged: {exc}") from exc
    expected = manifest.get("counts", {}).get("chunks")
    if len(chunks) != expected or sparse.size != expected or (dense is not None and dense.ntotal != expected):
        raise IndexCorrupt(f"index build {folder} is inconsistent (chunks, BM25 and FAISS counts differ)")
    return IndexSnapshot(manifest, folder, chunks, sparse, dense)


def remove_old_builds(index_dir: Path, keep: str) -> None:
    """Delete builds older than the previous one, and partial builds no live build owns."""
    builds = sorted((p for p in index_dir.iterdir() if p.is_dir() and p.name.startswith("build-") and p.name != keep), key=lambda p: p.stat().st_mtime)
    for old in builds[:-KEEP_OLD_BUILDS] if KEEP_OLD_BUILDS else builds:
        shutil.rmtree(old, ignore_errors=True)
    remove_abandoned(index_dir)
