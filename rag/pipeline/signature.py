"""The index's signature: the settings and code versions that shape what an index holds.

Recorded in the manifest by a build and compared by the staleness check; a difference in
any of them means a rebuild. The one place that lists them.
"""

from __future__ import annotations

from typing import Any

from rag.config import Settings
from rag.ingest import INGEST_VERSION
from rag.search.tokens import TOKENIZER_VERSION

# Settings read when an index is served or its engine built, but that don't change its files.
SERVING_FIELDS = ("seeds_dir", "index_dir", "embed_batch_size", "hnsw_ef_search", "reranker_model")


def index_signature(settings: Settings) -> dict[str, Any]:
    """The settings that shape the passages and BM25; any change means a full rebuild."""
    # Only a Milvus index records its backend, so local indexes built before it stay fresh.
    backend = {} if settings.search_backend == "local" else {
        "search_backend": settings.search_backend, "milvus_uri": settings.milvus_uri,
        "milvus_collection": settings.milvus_collection, "milvus_sparse": settings.milvus_sparse}
    return {
        **backend,
        "chunk_chars": settings.chunk_chars,
        "chunk_overlap": settings.chunk_overlap,
        "ingest_version": INGEST_VERSION,
        "tokenizer": TOKENIZER_VERSION,
        "hnsw_threshold": settings.hnsw_threshold,
        "hnsw_m": settings.hnsw_m,
        "hnsw_ef_construction": settings.hnsw_ef_construction,
    }


def vector_signature(settings: Settings) -> dict[str, Any]:
    """The settings that choose the embedder and what it embeds; a change rebuilds the
    vectors only (BM25 and the passages are kept)."""
    return {
        "embed_model": settings.embed_model,
        "st_model": settings.st_model if settings.embed_model == "auto" or settings.embed_model.startswith("openai:") else None,
        "embed_base_url": settings.embed_base_url if settings.embed_model.startswith("openai:") else None,
        "embed_input_type": settings.embed_input_type if settings.embed_model.startswith("openai:") else None,
        "query_prefix": settings.query_prefix,
        "passage_prefix": settings.passage_prefix,
        "sentence_vectors": settings.sentence_vectors,
    }


def engine_key(settings: Settings) -> tuple[str, ...]:
    """Settings that need their own engine (index, models) in a process."""
    signature = sorted((k, str(v)) for k, v in {**index_signature(settings), **vector_signature(settings)}.items())
    return tuple(f"{k}={v}" for k, v in signature) + tuple(str(getattr(settings, name)) for name in SERVING_FIELDS)
