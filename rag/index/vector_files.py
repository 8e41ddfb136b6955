"""Vectors on disk, keyed by content hash: plain `.npy` + JSON, no pickles.

- `<stem>.npy` with `<stem>.keys.json` (one embed key per row) in a build folder: passage
  vectors (`embeddings`) and passage-sentence vectors (`sentences`).
- `EmbedCache`: the vectors a build has computed so far, appended batch by batch outside
  the build folder, so a build that is interrupted resumes where it stopped.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CACHE_DIR = ".embed-cache"


def write_keys(folder: Path, stem: str, keys: list[str]) -> None:
    """The keys of `<stem>.npy`, row by row."""
    (Path(folder) / f"{stem}.keys.json").write_text(json.dumps(keys), encoding="utf-8")


def write_vectors(folder: Path, stem: str, keys: list[str], vectors: np.ndarray) -> None:
    """Save vectors with their keys."""
    np.save(Path(folder) / f"{stem}.npy", np.ascontiguousarray(vectors, dtype=np.float32))
    write_keys(folder, stem, keys)


@dataclass
class StoredVectors:
    """Read-only vectors by key (memory-mapped)."""

    rows: dict[str, int]
    vectors: np.ndarray

    def get(self, key: str) -> np.ndarray | None:
        row = self.rows.get(key)
        return None if row is None else self.vectors[row]

    def __len__(self) -> int:
        return len(self.rows)


def load_vectors(folder: Path, stem: str) -> StoredVectors | None:
    """`<stem>.npy` and its keys, or None when absent. Raises ValueError when they disagree."""
    path, keys_path = Path(folder) / f"{stem}.npy", Path(folder) / f"{stem}.keys.json"
    if not path.exists() or not keys_path.exists():
        return None
    vectors = np.load(path, mmap_mode="r")
    keys = json.loads(keys_path.read_text(encoding="utf-8"))
    if not isinstance(keys, list) or len(keys) != len(vectors):
        raise ValueError(f"{keys_path} lists {len(keys) if isinstance(keys, list) else '?'} keys for {len(vectors)} vectors")
    return StoredVectors({key: row for row, key in enumerate(keys)}, vectors)


class EmbedCache:
    """Vectors computed by unfinished builds, by key, one folder per embedding model.

    Each batch is one `part-N.npy` + `part-N.json`; the JSON is written last and atomically,
    so a part counts only once it is whole."""

    def __init__(self, index_dir: Path, model: str) -> None:
        slug = hashlib.sha1(model.encode("utf-8")).hexdigest()[:12]
        self.folder = Path(index_dir) / CACHE_DIR / slug
        self._parts = 0

    def load(self) -> dict[str, np.ndarray]:
        """Every whole part written so far."""
        found: dict[str, np.ndarray] = {}
        if not self.folder.is_dir():
            return found
        for keys_path in sorted(self.folder.glob("part-*.json")):
            try:
                keys = json.loads(keys_path.read_text(encoding="utf-8"))
                vectors = np.load(keys_path.with_suffix(".npy"))
            except (OSError, ValueError):
                continue  # a part cut short by the interruption: embedded again
            if isinstance(keys, list) and len(keys) == len(vectors):
                found.update(zip(keys, vectors))
            self._parts = max(self._parts, int(keys_path.stem.split("-")[1]) + 1)
        return found

    def append(self, keys: list[str], vectors: np.ndarray) -> None:
        """Add one batch (durably: it survives the process being killed right after)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = self.folder / f"part-{self._parts:06d}"
        self._parts += 1
        np.save(stem.with_suffix(".npy"), np.ascontiguousarray(vectors, dtype=np.float32))
        tmp = stem.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(keys), encoding="utf-8")
        os.replace(tmp, stem.with_suffix(".json"))

    def clear(self) -> None:
        """Forget the parts (once a build holding them is committed)."""
        shutil.rmtree(self.folder, ignore_errors=True)
