"""The Milvus collection layout for passages: fields, indexes, rows and filter expressions.

One Milvus collection per product collection (`rag_<name>`). Fields: passage id (primary
key), article id, source, title, text, offsets, position, date, a content key (what the
vectors were made from, so a re-run skips unchanged passages), the dense vector when there is
an embedding model, and one sparse field: `sparse` (BM25 weights from the project's tokens,
inner product) or `bm25` (filled by Milvus's BM25 function from `search_text` through its
jieba analyzer).
"""

from __future__ import annotations

import re
from typing import Any

from rag.index.backend import Filters, Record
from rag.index.dense import DenseParams
from rag.schema import Chunk

MAX_TEXT_BYTES = 65_535  # Milvus's VARCHAR limit
SCALARS = ("id", "article_id", "source", "title", "text", "start", "end", "position", "date", "key")
_NAME = re.compile(r"[^0-9A-Za-z_]")


def collection_name(collection: str) -> str:
    """The Milvus collection of a product collection (Milvus allows letters, digits and _)."""
    if not collection:
        raise ValueError("a collection name can't be empty")
    cleaned = _NAME.sub("_", collection)
    if cleaned != collection:
        # Keep distinct product names distinct after cleaning.
        import hashlib

        cleaned += "_" + hashlib.sha1(collection.encode("utf-8")).hexdigest()[:8]
    return f"rag_{cleaned}"


def schema_and_indexes(client: Any, sparse: str, dim: int | None, dense: DenseParams, expected_total: int) -> tuple[Any, Any]:
    """The collection schema and its index parameters."""
    from pymilvus import DataType, Function, FunctionType

    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("id", DataType.VARCHAR, max_length=64, is_primary=True)
    for name, length in (("article_id", 1024), ("source", 1024), ("title", 4096), ("date", 16), ("key", 64)):
        schema.add_field(name, DataType.VARCHAR, max_length=length)
    schema.add_field("text", DataType.VARCHAR, max_length=MAX_TEXT_BYTES)
    for name in ("start", "end", "position"):
        schema.add_field(name, DataType.INT64)
    indexes = client.prepare_index_params()
    if sparse == "jieba":
        schema.add_field("search_text", DataType.VARCHAR, max_length=MAX_TEXT_BYTES, enable_analyzer=True, analyzer_params={"tokenizer": "jieba"})
        schema.add_field("bm25", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_function(Function(name="bm25_jieba", function_type=FunctionType.BM25, input_field_names=["search_text"], output_field_names=["bm25"]))
        indexes.add_index("bm25", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
    elif sparse == "tokens":
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        indexes.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    else:
        raise ValueError(f"unknown sparse kind {sparse!r} (tokens or jieba)")
    if dim:
        schema.add_field("dense", DataType.FLOAT_VECTOR, dim=dim)
        if expected_total < dense.hnsw_threshold:
            indexes.add_index("dense", index_type="FLAT", metric_type="IP")
        else:
            indexes.add_index("dense", index_type="HNSW", metric_type="IP", params={"M": dense.hnsw_m, "efConstruction": dense.ef_construction})
    indexes.add_index("article_id", index_type="INVERTED")
    return schema, indexes


def describe(client: Any, name: str) -> tuple[str | None, int | None]:
    """(sparse kind, dense dimension) of an existing collection."""
    info = client.describe_collection(name)
    sparse, dim = None, None
    for fld in info.get("fields", []):
        if fld["name"] in ("sparse", "bm25"):
            sparse = "tokens" if fld["name"] == "sparse" else "jieba"
        if fld["name"] == "dense":
            dim = int(fld.get("params", {}).get("dim", 0)) or None
    return sparse, dim


def row_of(record: Record, key: str) -> dict[str, Any]:
    """A Milvus row for a passage (without its vectors)."""
    chunk = record.chunk
    if len(chunk.text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise ValueError(f"passage {chunk.id} of {chunk.source} is longer than Milvus's {MAX_TEXT_BYTES}-byte text limit")
    return {"id": chunk.id, "article_id": chunk.article_id, "source": chunk.source, "title": chunk.title, "text": chunk.text,
            "start": chunk.start, "end": chunk.end, "position": chunk.position, "date": record.date, "key": key}


def chunk_of(entity: dict[str, Any]) -> Chunk:
    """The chunk stored in a Milvus row."""
    return Chunk(id=entity["id"], article_id=entity["article_id"], source=entity["source"], title=entity["title"],
                 text=entity["text"], start=int(entity["start"]), end=int(entity["end"]), position=int(entity["position"]))


def literal(value: str) -> str:
    """A Milvus string literal (quotes and backslashes escaped, so a file name can't change
    the expression's meaning; Milvus Lite doesn't take filter parameters)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def filter_expression(filters: Filters | None) -> str:
    """A Milvus boolean expression for the filters ("" for none)."""
    if filters is None:
        return ""
    parts = []
    if filters.sources:
        parts.append(f"source in [{', '.join(literal(s) for s in filters.sources)}]")
    if filters.date_from or filters.date_to:
        parts.append('date != ""')
    if filters.date_from:
        parts.append(f"date >= {literal(filters.date_from)}")
    if filters.date_to:
        parts.append(f"date <= {literal(filters.date_to)}")
    return " and ".join(parts)
