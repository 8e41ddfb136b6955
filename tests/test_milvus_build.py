"""Builds into Milvus: idempotent re-runs, deletes of removed articles, a build killed with
kill -9 halfway and run again, the engine's staleness check, clear errors."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys

import pytest

from rag.config import Settings
from rag.index.backend import BackendError, Filters, Query
from rag.pipeline.milvus_build import article_date, build_milvus
from rag.search.backends import open_backend
from tests.conftest import ROOT, SEEDS
from tests.helpers import HashEmbedder


@pytest.fixture
def seeds_copy(tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


def _settings(seeds, tmp_path, **extra) -> Settings:
    options = {"embed_model": "hash-embedder", "search_backend": "milvus", **extra}
    return Settings(seeds_dir=seeds, index_dir=tmp_path / "vectorstore", **options)


def _stored_ids(settings: Settings) -> list[str]:
    """Every passage id Milvus holds, duplicates included (read with a plain query)."""
    backend = open_backend(settings)
    try:
        rows = backend.client.query(backend.collection, filter='id != ""', output_fields=["id"], limit=16_384)
        return [row["id"] for row in rows]
    finally:
        backend.close()


@pytest.mark.slow
def test_rerun_writes_nothing_and_removed_articles_are_deleted(seeds_copy, tmp_path):
    settings = _settings(seeds_copy, tmp_path)
    first = build_milvus(settings, HashEmbedder(), progress=False)
    total = first["counts"]["chunks"]
    assert first["embedder"]["written"] == total and first["embedder"]["skipped"] == 0
    again = build_milvus(settings, HashEmbedder(), progress=False)
    assert again["embedder"]["written"] == 0 and again["embedder"]["skipped"] == total
    removed = sorted(seeds_copy.iterdir())[1]
    removed.unlink()
    third = build_milvus(settings, HashEmbedder(), progress=False)
    ids = _stored_ids(settings)
    assert len(ids) == len(set(ids)) == third["counts"]["chunks"] < total
    assert third["embedder"]["deleted"] == total - third["counts"]["chunks"]
    backend = open_backend(settings)
    try:
        assert backend.search(Query("聊城", ["聊", "城", "聊城"]), 10, Filters(sources=(removed.name,))) == []
    finally:
        backend.close()


@pytest.mark.slow
def test_a_build_killed_halfway_continues_and_stores_each_passage_once(seeds_copy, tmp_path):
    index_dir = tmp_path / "vectorstore"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    worker = subprocess.Popen([sys.executable, "-m", "tests.milvus_build_worker", str(seeds_copy), str(index_dir), "slow"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    done = todo = 0
    for line in worker.stdout:  # type: ignore[union-attr]
        if line.startswith("stored "):
            done, todo = map(int, line.split()[1].split("/"))
            if done >= 48:
                break
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)
    assert 0 < done < todo, "the build was not killed halfway"
    assert not (index_dir / "manifest.json").exists()  # nothing was committed
    rerun = subprocess.run([sys.executable, "-m", "tests.milvus_build_worker", str(seeds_copy), str(index_dir)],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    result = json.loads(rerun.stdout.strip().splitlines()[-1])
    total = result["counts"]["chunks"]
    assert result["embedder"]["skipped"] >= done - 16 > 0  # it continued (at most the batch in flight is redone)
    ids = _stored_ids(_settings(seeds_copy, tmp_path))
    assert len(ids) == len(set(ids)) == total


@pytest.mark.slow
def test_engine_rebuilds_when_articles_change_and_serves_from_milvus(seeds_copy, tmp_path):
    from rag.pipeline import engine_for, retrieve

    settings = _settings(seeds_copy, tmp_path, embed_model="not-a-real-org/no-such-model")
    first = retrieve("聊城援青管理组实施了多少项新技术？", settings=settings)
    assert any("44项" in p.text for p in first)
    engine = engine_for(settings)
    old = engine.snapshot().manifest["build_id"]
    (seeds_copy / "005_new.txt").write_text("本报讯 聊城市新开通了一条跨越徒骇河的观光索道，全长1280米。\n", encoding="utf-8")
    engine.recheck()
    found = retrieve("观光索道全长多少米？", settings=settings)
    assert engine.snapshot().manifest["build_id"] != old
    assert "1280米" in found[0].text


def test_an_unreachable_server_is_a_clear_bounded_error(tmp_path):
    settings = Settings(index_dir=tmp_path, search_backend="milvus", milvus_uri="http://127.0.0.1:9", milvus_timeout=2)
    with pytest.raises(BackendError, match="127.0.0.1:9"):
        open_backend(settings)


def test_token_is_a_secret(monkeypatch):
    monkeypatch.setenv("RAG_MILVUS_TOKEN", "root:Milvus-secret")
    settings = Settings()
    assert settings.milvus_token is not None and settings.milvus_token.get_secret_value() == "root:Milvus-secret"
    assert "Milvus-secret" not in repr(settings)


def test_article_dates_are_read_when_printed_in_full():
    from rag.schema import Article

    assert article_date(Article("a.txt", 0, "t", "2024年7月4日，上合组织峰会开幕。")) == "2024-07-04"
    assert article_date(Article("a.txt", 0, "t", "正文", dateline="新华社阿斯塔纳7月4日电")) == ""
