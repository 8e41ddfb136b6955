"""chunks.jsonl with a byte-offset table: written one passage at a time, read by row on
demand, so a million passages cost neither load time nor memory at query time."""

from __future__ import annotations

import json
import mmap
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from rag.schema import Chunk

OFFSETS = "chunks.offsets.npy"


class ChunkWriter:
    """Appends chunk rows to chunks.jsonl and records where each starts."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._handle = (self.folder / "chunks.jsonl").open("wb")
        self._offsets: list[int] = []
        self._position = 0

    def write(self, row: dict[str, Any]) -> None:
        line = (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
        self._offsets.append(self._position)
        self._handle.write(line)
        self._position += len(line)

    def close(self) -> int:
        """Finish the file and its offsets; returns the number of rows."""
        self._handle.close()
        np.save(self.folder / OFFSETS, np.asarray(self._offsets + [self._position], dtype=np.int64))
        return len(self._offsets)


class ChunkStore:
    """Read-only, random-access view of a build's chunks (a sequence of Chunk)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._offsets = np.load(self.folder / OFFSETS)
        with (self.folder / "chunks.jsonl").open("rb") as handle:
            size = handle.seek(0, 2)
            self._data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        if int(self._offsets[-1]) != size:
            raise ValueError(f"{self.folder / 'chunks.jsonl'} is {size} bytes but its offset table expects {int(self._offsets[-1])}")

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def row(self, index: int) -> dict[str, Any]:
        """The raw JSON row of a chunk (includes its embed_key)."""
        if not 0 <= index < len(self):
            raise IndexError(index)
        start, end = int(self._offsets[index]), int(self._offsets[index + 1])
        return json.loads(self._data[start:end])

    def __getitem__(self, index: int) -> Chunk:
        return Chunk.from_dict(self.row(index))

    def __iter__(self) -> Iterator[Chunk]:
        return (self[i] for i in range(len(self)))
