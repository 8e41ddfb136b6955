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
SEEDS = ROOT / "seeds"
DEV_QA = ROOT / "rag" / "data" / "dev_qa.jsonl"


@pytest.fixture(scope="session")
def articles():
    from rag.ingest import load_articles

    return load_articles(SEEDS)


@pytest.fixture(scope="session")
def chunks(articles):
    from rag.chunking import chunk_articles
    from rag.config import Settings

    settings = Settings()
    return chunk_articles(articles, settings.chunk_chars, settings.chunk_overlap)


@pytest.fixture(scope="session")
def dev_questions() -> list[dict]:
    return [json.loads(line) for line in DEV_QA.read_text(encoding="utf-8").splitlines() if line.strip()]
