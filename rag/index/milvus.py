"""The Milvus backend: passages, their vectors and hybrid search in one Milvus collection.

The same code talks to Milvus Lite (a local file path, run inside this process) and to a
Milvus server or cluster (`http://host:19530`, token from the settings). Search is one
`hybrid_search` (sparse + dense lists fused inside Milvus by a weighted or RRF ranker); the
passage text comes back with the hits, so serving needs no local chunk store.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from rag.index.backend import BackendError, Filters, Hit, Query, Record
from rag.index.bm25_weights import TermStats, passage_vector, query_vector
from rag.index.dense import DenseParams
from rag.index.milvus_schema import SCALARS, chunk_of, collection_name, describe, filter_expression, literal, row_of, schema_and_indexes

log = logging.getLogger(__name__)
CANDIDATES = 50  # per list before fusion, as the local retriever
IN_BATCH = 500  # ids per `in [...]` expression
SPARSE_SCALE = 2.0  # see _requests


class _LiteNoise(logging.Filter):
    """Milvus Lite's in-process server logs an error for every RPC it doesn't implement that
    pymilvus calls only to wait for an index (AllocTimestamp); the call itself succeeds."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], NotImplementedError))


def is_server_uri(uri: str) -> bool:
    return uri.startswith(("http://", "https://", "tcp://", "grpc://"))


def connect(uri: str, token: str = "", timeout: float = 30.0) -> Any:
    """A MilvusClient for a server URI or a Milvus Lite file; BackendError when it can't be reached."""
    try:
        from pymilvus import MilvusClient
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise BackendError("the milvus backend needs pymilvus and milvus-lite: pip install pymilvus milvus-lite") from exc
    if not is_server_uri(uri):
        Path(uri).expanduser().parent.mkdir(parents=True, exist_ok=True)
        grpc_log = logging.getLogger("grpc._server")
        if not any(isinstance(f, _LiteNoise) for f in grpc_log.filters):
            grpc_log.addFilter(_LiteNoise())
    try:
        return MilvusClient(uri=uri, token=token, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - pymilvus raises many kinds; all mean "not reachable"
        where = uri if is_server_uri(uri) else f"Milvus Lite file {uri}"
        raise BackendError(f"cannot open Milvus at {where}: {exc}") from exc


class MilvusBackend:
    """One product collection in Milvus (see rag.index.backend.SearchBackend).

    `tokenize` gives the project's BM25 tokens of a text; `stats` their document frequencies.
    With `frozen_stats` (a build that counted the whole corpus first, or serving), upserts and
    deletes leave the statistics alone; otherwise they keep them up to date in memory.
    """

    name = "milvus"

    def __init__(self, client: Any, collection: str, tokenize: Callable[[str], list[str]], *, sparse: str = "tokens",
                 dense: DenseParams = DenseParams(), fusion: str = "weighted", dense_weight: float = 0.3, rrf_k: int = 60,
                 stats: TermStats | None = None, frozen_stats: bool = False, expected_total: int = 0, timeout: float = 30.0,
                 avg_length: float | None = None) -> None:
        self.client, self.collection = client, collection_name(collection)
        self.tokenize, self.sparse, self.dense_params = tokenize, sparse, dense
        self.fusion, self.dense_weight, self.rrf_k = fusion, dense_weight, rrf_k
        self.stats, self.frozen_stats = stats or TermStats(), frozen_stats
        self.expected_total, self.timeout = expected_total, timeout
        self.avg_length = avg_length  # passage length normalisation; None = the current statistics'
        self.dim: int | None = None
        if self._call(client.has_collection, self.collection):
            kind, self.dim = describe(client, self.collection)
            if kind != sparse:
                raise BackendError(f"Milvus collection {self.collection} holds {kind} sparse vectors, not {sparse}: rebuild the index")
            self._call(client.load_collection, self.collection)

    def _call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, timeout=self.timeout, **kwargs)
        except BackendError:
            raise
        except Exception as exc:  # noqa: BLE001 - report any Milvus failure with what was being done
            raise BackendError(f"Milvus {getattr(fn, '__name__', 'call')} on {self.collection} failed: {exc}") from exc

    def exists(self) -> bool:
        return bool(self._call(self.client.has_collection, self.collection))

    def create(self, dim: int | None) -> None:
        """Create the collection (with a dense field of `dim`, or sparse only)."""
        schema, indexes = schema_and_indexes(self.client, self.sparse, dim, self.dense_params, self.expected_total)
        self._call(self.client.create_collection, self.collection, schema=schema, index_params=indexes)
        self._call(self.client.load_collection, self.collection)
        self.dim = dim

    def drop(self) -> None:
        """Remove the collection and everything in it."""
        if self.exists():
            self._call(self.client.drop_collection, self.collection)
        self.dim = None

    def upsert(self, records: Sequence[Record], vectors: np.ndarray | None = None, keys: Sequence[str] | None = None) -> int:
        """Add or replace passages by id. `keys` (what the vectors were made from) let a later
        build skip passages that did not change; by default the passage id."""
        if not records:
            return 0
        dim = None if vectors is None else int(vectors.shape[1])
        if not self.exists():
            self.create(dim)
        elif dim != self.dim:
            raise BackendError(f"Milvus collection {self.collection} has dense dimension {self.dim}, got vectors of {dim}: rebuild the index")
        texts = [f"{r.chunk.title}\n{r.chunk.text}" for r in records]
        token_lists = [self.tokenize(t) for t in texts] if self.sparse == "tokens" or not self.frozen_stats else []
        if not self.frozen_stats:
            self._forget([r.chunk.id for r in records])
            for tokens in token_lists:
                self.stats.add(tokens)
        rows = []
        for i, record in enumerate(records):
            row = row_of(record, keys[i] if keys is not None else record.chunk.id)
            if self.sparse == "tokens":
                row["sparse"] = passage_vector(token_lists[i], self.avg_length or self.stats.avg_length) or {0: 0.0}
            else:
                row["search_text"] = texts[i]
            if vectors is not None:
                row["dense"] = np.asarray(vectors[i], dtype=np.float32).tolist()
            rows.append(row)
        return int(self._call(self.client.upsert, self.collection, rows)["upsert_count"])

    def _forget(self, ids: list[str]) -> None:
        """Take passages about to be replaced or deleted out of the term statistics."""
        for entity in self.get(ids, ["title", "text"]):
            for token in set(self.tokenize(f"{entity['title']}\n{entity['text']}")):
                left = self.stats.df.get(token, 1) - 1
                if left > 0:
                    self.stats.df[token] = left
                else:
                    self.stats.df.pop(token, None)
            self.stats.n -= 1
            self.stats.total_length -= len(self.tokenize(f"{entity['title']}\n{entity['text']}"))

    def get(self, ids: Sequence[str], fields: Sequence[str] = ("key",)) -> list[dict[str, Any]]:
        """Stored rows of these passage ids (those that exist)."""
        if not ids or not self.exists():
            return []
        found: list[dict[str, Any]] = []
        for start in range(0, len(ids), IN_BATCH):
            found += self._call(self.client.get, self.collection, ids=list(ids[start : start + IN_BATCH]), output_fields=["id", *fields])
        return found

    def keys(self) -> dict[str, str]:
        """Every stored passage id with its content key (what a build compares against)."""
        if not self.exists():
            return {}
        out: dict[str, str] = {}
        iterator = self.client.query_iterator(self.collection, batch_size=2000, filter="", output_fields=["id", "key"], timeout=self.timeout)
        try:
            while batch := iterator.next():
                out.update((row["id"], row["key"]) for row in batch)
        except Exception as exc:  # noqa: BLE001
            raise BackendError(f"reading passage ids from Milvus collection {self.collection} failed: {exc}") from exc
        finally:
            iterator.close()
        return out

    def delete_ids(self, ids: Iterable[str]) -> int:
        """Remove passages by id; returns how many were removed."""
        ids = list(ids)
        if not ids or not self.exists():
            return 0
        if not self.frozen_stats:
            self._forget(ids)
        removed = 0
        for start in range(0, len(ids), IN_BATCH):
            batch = ids[start : start + IN_BATCH]
            present = len(self.get(batch, ()))
            self._call(self.client.delete, self.collection, ids=batch)
            removed += present
        return removed

    def delete_documents(self, article_ids: Iterable[str]) -> int:
        """Remove every passage of these articles."""
        wanted = list(article_ids)
        if not wanted or not self.exists():
            return 0
        ids: list[str] = []
        for start in range(0, len(wanted), IN_BATCH):
            expr = f"article_id in [{', '.join(literal(a) for a in wanted[start : start + IN_BATCH])}]"
            rows = self._call(self.client.query, self.collection, filter=expr, output_fields=["id"])
            ids += [row["id"] for row in rows]
        return self.delete_ids(ids)

    def count(self) -> int:
        if not self.exists():
            return 0
        rows = self._call(self.client.query, self.collection, filter="", output_fields=["count(*)"])
        return int(rows[0]["count(*)"])

    def _requests(self, query: Query, limit: int, expr: str) -> list[Any]:
        from pymilvus import AnnSearchRequest

        extra: dict[str, Any] = {"expr": expr or None}
        reqs = []
        if self.sparse == "tokens":
            vector = query_vector(query.tokens, self.stats)
            if vector and query.vector is not None and self.dim and self.fusion == "weighted":
                # Milvus's weighted ranker adds raw scores (norm_score=False) or squashes them
                # with arctan, not min-max as the local fusion does. Dividing the query weights
                # by half their sum puts a passage that matches every query token at a typical
                # term frequency near 1, the scale of a cosine; measured on the dev set and CMRC
                # (BENCHMARKS.md), this matches the local weighted fusion, arctan does not.
                scale = SPARSE_SCALE / sum(vector.values())
                vector = {key: value * scale for key, value in vector.items()}
            if vector:
                reqs.append(AnnSearchRequest([vector], "sparse", {"metric_type": "IP"}, limit, **extra))
        elif query.text.strip():
            reqs.append(AnnSearchRequest([query.text], "bm25", {"metric_type": "BM25"}, limit, **extra))
        if query.vector is not None and self.dim:
            param: dict[str, Any] = {"metric_type": "IP", "params": {"ef": max(self.dense_params.ef_search, limit)}}
            reqs.append(AnnSearchRequest([np.asarray(query.vector, dtype=np.float32).tolist()], "dense", param, limit, **extra))
        return reqs

    def search(self, query: Query, k: int, filters: Filters | None = None) -> list[Hit]:
        """The k best passages: one Milvus list, or two fused inside Milvus."""
        if k <= 0 or not self.exists():
            return []
        expr = filter_expression(filters)
        reqs = self._requests(query, max(k, CANDIDATES), expr)
        if not reqs:
            return []
        fields = list(SCALARS)
        if len(reqs) == 1:
            req = reqs[0]
            results = self._call(self.client.search, self.collection, data=req.data, anns_field=req.anns_field, limit=k,
                                 search_params=req.param, filter=expr, output_fields=fields)
        else:
            from pymilvus import RRFRanker, WeightedRanker

            if self.fusion == "rrf":
                ranker = RRFRanker(self.rrf_k)
            else:  # scaled token weights add as they are; Milvus's own BM25 needs its normalisation
                ranker = WeightedRanker(1.0 - self.dense_weight, self.dense_weight, norm_score=self.sparse == "jieba")
            results = self._call(self.client.hybrid_search, self.collection, reqs, ranker, limit=k, output_fields=fields)
        # Milvus Lite 3.2 reports a lone BM25 list as negative distances (a server: positive
        # scores); both are in best-first order, so the sign is all that needs fixing.
        flip = len(reqs) == 1 and reqs[0].anns_field == "bm25"
        return [Hit(chunk_of(hit["entity"] | {"id": hit["id"]}), abs(float(hit["distance"])) if flip else float(hit["distance"]),
                    hit["entity"].get("date", "")) for hit in results[0]]

    def flush(self) -> None:
        """Make everything written so far durable (a server seals its segments)."""
        if self.exists():
            self._call(self.client.flush, self.collection)

    def close(self) -> None:
        self.client.close()
