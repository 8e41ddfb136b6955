"""The search-backend contract: one suite, run against every backend (local files, Milvus Lite
with the project's BM25 tokens, Milvus Lite with Milvus's jieba BM25 function)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from rag.config import Settings
from rag.index.backend import Filters, Query, Record
from rag.search.backends import open_backend
from rag.search.retriever import query_tokens
from tests.helpers import HashEmbedder

BACKENDS = {
    "local": {"search_backend": "local"},
    "milvus-tokens": {"search_backend": "milvus", "milvus_sparse": "tokens"},
    "milvus-jieba": {"search_backend": "milvus", "milvus_sparse": "jieba"},
}
EMBEDDER = HashEmbedder(64)
QUESTION = "聊城援青管理组实施了多少项新技术？"
# The jieba variant is the measured alternative, not the default: its pass runs with --all (CI).
# Milvus Lite starts in ~2 s per test: its variants run with --all (and in CI), the local one always.
PARAMS = [pytest.param(kind, marks=pytest.mark.slow) if kind.startswith("milvus") else kind for kind in BACKENDS]


def _dates(chunks) -> dict[str, str]:
    """A date per seed file (the first file has none, to test that undated passages never match a range)."""
    sources = sorted({c.source for c in chunks})
    return {s: ("" if i == 0 else f"2024-07-0{i}") for i, s in enumerate(sources)}


def _records(chunks) -> list[Record]:
    dates = _dates(chunks)
    return [Record(c, dates[c.source]) for c in chunks]


def _vectors(records) -> np.ndarray:
    return EMBEDDER.embed_passages([f"{r.chunk.title}\n{r.chunk.text}" for r in records])


def _query(text: str, dense: bool = True) -> Query:
    return Query(text, query_tokens(text), EMBEDDER.embed_query(text) if dense else None)


def _open(kind: str, folder, collection: str | None = None):
    settings = Settings(index_dir=folder, **BACKENDS[kind])
    return open_backend(settings, collection)


@pytest.fixture(params=PARAMS, scope="module")
def filled(request, chunks, tmp_path_factory):
    """A backend holding the seed passages with vectors (read-only tests share it)."""
    backend = _open(request.param, tmp_path_factory.mktemp(request.param))
    records = _records(chunks)
    backend.upsert(records, _vectors(records))
    yield request.param, backend
    backend.close()


@pytest.fixture(params=PARAMS)
def empty(request, tmp_path):
    backend = _open(request.param, tmp_path / "store")
    yield request.param, backend
    backend.close()


class TestSearchBackendContract:
    def test_holds_every_passage_once(self, filled, chunks):
        _, backend = filled
        assert backend.count() == len(chunks)

    def test_finds_the_passage_that_answers_and_reads_it_back_whole(self, filled, chunks):
        _, backend = filled
        hits = backend.search(_query(QUESTION), k=5)
        assert any("44项" in h.chunk.text for h in hits[:3])
        original = {c.id: c for c in chunks}
        assert all(hit.chunk == original[hit.chunk.id] for hit in hits)  # text, title, offsets, article
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)

    def test_sparse_alone_finds_it_too(self, filled):
        _, backend = filled
        hits = backend.search(_query(QUESTION, dense=False), k=5)  # the five the answerer reads
        assert any("44项" in h.chunk.text for h in hits)

    def test_k_bounds_the_results(self, filled, chunks):
        _, backend = filled
        assert len(backend.search(_query("上合组织"), k=3)) == 3
        assert len(backend.search(_query("上合组织"), k=10_000)) <= len(chunks)

    def test_a_query_with_nothing_to_match_finds_nothing(self, filled):
        _, backend = filled
        assert backend.search(Query("", [], None), k=5) == []

    def test_filter_by_source(self, filled, chunks):
        _, backend = filled
        source = sorted({c.source for c in chunks})[2]
        hits = backend.search(_query("上合组织 聊城"), k=20, filters=Filters(sources=(source,)))
        assert hits and {h.chunk.source for h in hits} == {source}

    def test_filter_by_date_range_skips_undated_passages(self, filled, chunks):
        _, backend = filled
        dates = _dates(chunks)
        hits = backend.search(_query("上合组织 聊城 新华社"), k=50, filters=Filters(date_from="2024-07-02", date_to="2024-07-03"))
        assert hits and {h.date for h in hits} <= {"2024-07-02", "2024-07-03"}
        assert {dates[h.chunk.source] for h in hits} <= {"2024-07-02", "2024-07-03"}

    def test_a_bad_date_is_refused_with_its_value(self):
        with pytest.raises(ValueError, match="7/4/2024"):
            Filters(date_from="7/4/2024")


class TestSearchBackendWrites:
    def test_upsert_is_idempotent_and_replaces_by_id(self, empty, chunks):
        _, backend = empty
        records = _records(chunks[:20])
        assert backend.upsert(records, _vectors(records)) == 20
        backend.upsert(records, _vectors(records))
        assert backend.count() == 20
        changed = [replace(records[0], chunk=replace(records[0].chunk, title="改过的标题"))]
        backend.upsert(changed, _vectors(changed))
        assert backend.count() == 20
        hits = backend.search(_query(records[0].chunk.text[:30]), k=20)
        assert {h.chunk.title for h in hits if h.chunk.id == records[0].chunk.id} == {"改过的标题"}

    def test_delete_documents_removes_every_passage_of_an_article(self, empty, chunks):
        _, backend = empty
        records = _records(chunks)
        backend.upsert(records, _vectors(records))
        answer = next(h.chunk for h in backend.search(_query(QUESTION), k=5) if "44项" in h.chunk.text)
        gone = [c for c in chunks if c.article_id == answer.article_id]
        assert backend.delete_documents([answer.article_id, "no-such-article"]) == len(gone)
        assert backend.count() == len(chunks) - len(gone)
        assert answer.article_id not in {h.chunk.article_id for h in backend.search(_query(QUESTION), k=20)}
        assert backend.delete_documents([answer.article_id]) == 0

    def test_works_without_vectors(self, empty, chunks):
        _, backend = empty
        backend.upsert(_records(chunks))
        assert any("44项" in h.chunk.text for h in backend.search(_query(QUESTION), k=5))  # the vector is ignored

    def test_collections_are_separate(self, empty, chunks, tmp_path):
        kind, backend = empty
        backend.upsert(_records(chunks[:5]))
        other = _open(kind, tmp_path / "store", collection="another")
        try:
            other.upsert(_records(chunks[5:8]))
            assert (backend.count(), other.count()) == (5, 3)
            assert {h.chunk.id for h in other.search(_query(chunks[0].text[:20], dense=False), k=10)} <= {c.id for c in chunks[5:8]}
        finally:
            other.close()
