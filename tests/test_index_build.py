"""The streaming index build: BM25 scores equal bm25s's, chunks are read by row, the
benchmark's synthetic archive and hashing embedding behave as documented."""

from __future__ import annotations

import bm25s
import numpy as np
import pytest

from rag.config import Settings
from rag.index.chunk_store import ChunkStore, ChunkWriter
from rag.index.sparse import SparseIndex
from rag.index.sparse_build import StreamingBM25
from rag.index.store import embed_text
from rag.search.tokens import tokenize
from tests.conftest import SEEDS


def test_streaming_bm25_scores_equal_bm25s(chunks, tmp_path):
    texts = [embed_text(c) for c in chunks]
    engine = bm25s.BM25()
    engine.index([tokenize(t) for t in texts], show_progress=False)
    reference = SparseIndex(engine)  # bm25s building from the whole corpus in memory
    builder = StreamingBM25()
    for text in texts:
        builder.add(tokenize(text))
    builder.save(tmp_path / "bm25")
    streamed = SparseIndex.load(tmp_path / "bm25")
    assert streamed.size == reference.size == len(texts)
    for question in ["聊城新能源装机总量同比增长了多少？", "上合组织 阿斯塔纳 峰会", "Who is the mayor of Liaocheng?", "？"]:
        tokens = tokenize(question)
        np.testing.assert_allclose(streamed.scores(tokens), reference.scores(tokens), rtol=1e-5, atol=1e-5)
    assert streamed.doc_freq("聊城") == reference.doc_freq("聊城") > 0


def test_chunk_store_reads_rows_on_demand(chunks, tmp_path):
    writer = ChunkWriter(tmp_path)
    for chunk in chunks:
        writer.write({**chunk.to_dict(), "embed_key": chunk.id})
    assert writer.close() == len(chunks)
    store = ChunkStore(tmp_path)
    assert len(store) == len(chunks)
    assert store[17] == chunks[17] and store[len(chunks) - 1] == chunks[-1]
    assert [c.id for c in store] == [c.id for c in chunks]
    with pytest.raises(IndexError):
        store[len(chunks)]
    data = (tmp_path / "chunks.jsonl").read_bytes()
    (tmp_path / "chunks.jsonl").write_bytes(data[: len(data) // 2])  # a truncated file is detected
    with pytest.raises(ValueError, match="offset table"):
        ChunkStore(tmp_path)


@pytest.fixture(scope="module")
def lsa(chunks):
    from rag.bench.lsa import LsaEmbedder

    return LsaEmbedder.fit([embed_text(c) for c in chunks], seed=0)


@pytest.mark.slow
def test_lsa_embedding_is_deterministic_and_semantic(lsa, chunks, tmp_path):
    from rag.bench.lsa import LsaEmbedder

    a = lsa.embed_query("聊城新能源装机总量同比增长了多少")
    again = LsaEmbedder.fit([embed_text(c) for c in chunks], seed=0).embed_query("聊城新能源装机总量同比增长了多少")
    np.testing.assert_allclose(a, again, atol=1e-4)
    assert np.isclose(np.linalg.norm(a), 1.0, atol=1e-4) and a.shape == (384,)
    near = lsa.embed_query("聊城新能源装机总量增长")
    far = lsa.embed_query("联合国秘书长古特雷斯")
    assert a @ near > a @ far
    lsa.save(tmp_path / "lsa.npz")
    np.testing.assert_array_equal(LsaEmbedder.load(tmp_path / "lsa.npz").embed_query("聊城"), lsa.embed_query("聊城"))


@pytest.mark.slow
def test_synthetic_archive_is_seeded_and_ingestible(tmp_path):
    from rag.bench.synthetic import ArchiveWriter
    from rag.ingest import load_articles

    first = ArchiveWriter(SEEDS, seed=3).write(tmp_path / "a", 40, progress=False)
    second = ArchiveWriter(SEEDS, seed=3).write(tmp_path / "b", 40, progress=False)
    files = sorted(p.name for p in first.iterdir())
    assert files == sorted(p.name for p in second.iterdir()) and len(files) == 5
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    articles = load_articles(first)
    assert len(articles) >= 40 and all(not a.title_inferred for a in articles[:5])


@pytest.mark.slow
def test_hnsw_index_finds_what_exact_search_finds(tmp_path, lsa):
    from rag.bench.synthetic import ArchiveWriter
    from rag.pipeline.build import build_index

    archive = ArchiveWriter(SEEDS, seed=5).write(tmp_path / "archive", 600, progress=False)
    settings = Settings(seeds_dir=archive, index_dir=tmp_path / "vs", embed_model="lsa", hnsw_threshold=100)
    snapshot = build_index(settings, lsa, progress=False)
    assert snapshot.manifest["dense"]["kind"] == "hnsw" and snapshot.manifest["embedder"]["embedded"] == len(snapshot.chunks)
    import faiss

    stored = np.load(snapshot.folder / "embeddings.npy")
    exact = faiss.IndexFlatIP(stored.shape[1])
    exact.add(stored)
    queries = stored[::37] + 0.02
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    _, truth = exact.search(queries, 10)
    _, found = snapshot.dense.search(queries, 10)
    recall = np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth)])
    assert recall >= 0.95


def test_an_unseen_word_weighs_more_than_any_seen_one():
    from rag.ingest.similarity import TermSpace

    space = TermSpace(["上海合作组织峰会在阿斯塔纳举行", "聊城市新能源装机总量", "阿斯塔纳是哈萨克斯坦首都"])
    assert space.default_idf > max(space.idf.values())  # log((n+1)/0.5), not log(n+2)


def test_a_build_chunks_each_article_once(tmp_path, monkeypatch):
    import rag.pipeline.build as build

    calls: list[str] = []
    real = build.chunk_article

    def counting(article, *args, **kwargs):
        calls.append(article.id)
        return real(article, *args, **kwargs)

    monkeypatch.setattr(build, "chunk_article", counting)
    settings = Settings(seeds_dir=SEEDS, index_dir=tmp_path / "vs", embed_model="not-a-real-org/no-such-model")
    snapshot = build.build_index(settings, None, progress=False)
    linked = sum(1 for line in (snapshot.folder / "articles.jsonl").read_text(encoding="utf-8").splitlines() if '"linked_id": "' in line and '"linked_id": ""' not in line)
    assert len(calls) == snapshot.manifest["counts"]["articles"] + linked  # linked halves once more, for their new title
