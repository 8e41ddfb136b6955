"""The search-backend seam: what every place that stores and searches passages must offer.

Two backends implement it: `local` (build folders of FAISS + bm25s + chunk store files,
rag.search.backends.LocalBackend) and `milvus` (rag.index.milvus.MilvusBackend: Milvus Lite on
a file or a Milvus server). One shared contract suite (tests/test_backends.py) runs against both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Protocol, Sequence

import numpy as np

from rag.schema import Chunk

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BackendError(OSError):
    """A backend can't be used (server unreachable, bad URI, damaged store): the message says
    which and why. An OSError, so the faces report it as a message, not a traceback."""


@dataclass(frozen=True)
class Record:
    """A passage as a backend stores it: the chunk, and the date of its article when known."""

    chunk: Chunk
    date: str = ""  # ISO yyyy-mm-dd, or "" when the article carries no full date


@dataclass(frozen=True)
class Query:
    """One search: the words as asked (Milvus's analyzer reads them), the project's BM25 tokens
    (translations of English questions included), and the query vector when there is a dense part."""

    text: str
    tokens: list[str]
    vector: np.ndarray | None = None


@dataclass(frozen=True)
class Filters:
    """Restrict a search to some seed files and/or a date range (inclusive, ISO dates).

    A passage without a date never matches a date range. The collection is chosen when the
    backend is opened (one store per product collection), so it is not a filter here.
    """

    sources: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""

    def __post_init__(self) -> None:
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value and not _DATE.match(value):
                raise ValueError(f"{name} must be an ISO date like 2024-07-04, not {value!r}")

    def allows(self, source: str, date: str) -> bool:
        """Whether a passage with this source and date passes (the local backend's filter)."""
        if self.sources and source not in self.sources:
            return False
        if (self.date_from or self.date_to) and not date:
            return False
        return not (self.date_from and date < self.date_from) and not (self.date_to and date > self.date_to)


@dataclass
class Hit:
    """A found passage with its fused score (higher is better) and its article's date."""

    chunk: Chunk
    score: float
    date: str = ""
    ranks: dict[str, int] = field(default_factory=dict)  # rank in each list that found it, when known


class SearchBackend(Protocol):
    """Stores passages with their vectors and searches them (sparse + dense, fused)."""

    name: str

    def upsert(self, records: Sequence[Record], vectors: np.ndarray | None = None) -> int:
        """Add or replace passages by id (`vectors` row i belongs to records[i]); returns how many."""
        ...

    def delete_documents(self, article_ids: Iterable[str]) -> int:
        """Remove every passage of these articles; returns how many passages went."""
        ...

    def search(self, query: Query, k: int, filters: Filters | None = None) -> list[Hit]:
        """The k best passages for a query, best first, hybrid when there are vectors."""
        ...

    def count(self) -> int:
        """How many passages the backend holds."""
        ...

    def close(self) -> None:
        """Release connections and files (the backend can't be used afterwards)."""
        ...
