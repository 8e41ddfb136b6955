"""Shared fixtures. Tests run offline on the real seed articles."""

from __future__ import annotations

import os

# Before any library import: no hub, no telemetry, immediate failures instead of retries.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser):
    parser.addoption("--all", action="store_true", help="also run the slow tests (browser, model building, subprocesses); CI does")


def pytest_collection_modifyitems(config, items):
    """Slow tests run with --all (and in CI); the default run stays fast for development."""
    if config.getoption("--all") or os.environ.get("CI"):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]
SEEDS = ROOT / "seeds"
DEV_QA = ROOT / "rag" / "data" / "dev_qa.jsonl"


@pytest.fixture(scope="session")
def articles():
    from rag.ingest import load_articles

    return load_articles(SEEDS)


@pytest.fixture(scope="session")
def chunks(articles):
    from rag.ingest.chunks import chunk_articles
    from rag.config import Settings

    settings = Settings()
    return chunk_articles(articles, settings.chunk_chars, settings.chunk_overlap)


@pytest.fixture(scope="session")
def dev_questions() -> list[dict]:
    return [json.loads(line) for line in DEV_QA.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def tiny_st_model(tmp_path_factory) -> Path:
    """A tiny sentence-transformers model on disk (built once per test run)."""
    from tests.tiny_models import build_tiny_sentence_transformer

    return build_tiny_sentence_transformer(tmp_path_factory.mktemp("models"))


@pytest.fixture
def offline_settings(tmp_path):
    """Settings for the offline path: real seeds, a private index folder, no loadable model."""
    from rag.config import Settings

    return Settings(seeds_dir=SEEDS, index_dir=tmp_path / "vectorstore", embed_model="not-a-real-org/no-such-model")


@pytest.fixture
def dense_settings(tmp_path, tiny_st_model):
    """Settings for the dense path with the tiny local model."""
    from rag.config import Settings

    return Settings(seeds_dir=SEEDS, index_dir=tmp_path / "vectorstore", embed_model=str(tiny_st_model))


@pytest.fixture(scope="session")
def offline_index(tmp_path_factory):
    """One offline index over the seeds shared by read-only tests."""
    from rag.config import Settings
    from rag.pipeline import build_index

    settings = Settings(seeds_dir=SEEDS, index_dir=tmp_path_factory.mktemp("shared") / "vectorstore", embed_model="not-a-real-org/no-such-model")
    build_index(settings, progress=False)
    return settings


@pytest.fixture(scope="session")
def live_app(offline_index, tmp_path_factory):
    """The whole service (chat, /api, /v1) on the offline index, served by uvicorn on a free
    loopback port for the whole run."""
    from rag.web.server import ServerThread, create_app
    from tests.helpers import free_port

    state = tmp_path_factory.mktemp("service")
    settings = offline_index.with_overrides(conversations_db=state / "conversations.sqlite3", collections_dir=state / "collections")
    with ServerThread(create_app(settings), free_port()) as url:
        yield url + "/"
