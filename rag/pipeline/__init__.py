"""Orchestration: the only layer that knows both the index and the answerer.

`ask`, `retrieve` and `build_index` live here; faces (CLI, web) call only this layer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from rag.config import Settings
from rag.index.manifest import IndexCorrupt
from rag.ingest import IngestError
from rag.pipeline.engine import Engine, engine_for

if TYPE_CHECKING:
    from rag.answer import StreamEvent
    from rag.index.store import IndexSnapshot
    from rag.pipeline.asking import ask, ask_stream, question_problem, resolve_settings, similarity_for
    from rag.schema import Article, Chunk, Passage

# Imported on first use (PEP 562): the answerer's modules (jieba's part-of-speech tables among
# them, about 0.4 s) are not needed to build an index, e.g. by a first run's child process
# (rag.pipeline.first_stage) racing the server's start.
_LAZY = {name: "rag.pipeline.asking" for name in ("ask", "ask_stream", "question_problem", "resolve_settings", "similarity_for")}
_LAZY["StreamEvent"] = "rag.answer"


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ask", "ask_stream", "question_problem", "retrieve", "build_index", "read_collection", "index_articles", "engine_for", "resolve_settings", "offline_notes", "similarity_for", "index_warning",
    "Engine", "StreamEvent", "IndexCorrupt", "IngestError", "SERVICE_ERRORS",
]

# What a face reports to its user as a message rather than a traceback.
SERVICE_ERRORS = (IngestError, IndexCorrupt, OSError)


def retrieve(question: str, k: int | None = None, settings: Settings | None = None, **overrides: Any) -> list[Passage]:
    """The k passages that best answer `question`, best first (builds the index when needed)."""
    from rag.pipeline.asking import resolve_settings

    settings = resolve_settings(settings, k=k, **overrides)
    return engine_for(settings).retriever(settings).search(question, settings.k)


def build_index(settings: Settings | None = None, progress: bool = True, **overrides: Any) -> IndexSnapshot:
    """(Re)build vectorstore/ from the seeds now, whatever its state."""
    from rag.pipeline.asking import resolve_settings

    settings = resolve_settings(settings, **overrides)
    return engine_for(settings).rebuild(progress=progress)


def offline_notes(settings: Settings) -> list[str]:
    """What the UI banner says: which embedder built the vectors and why, how far vectors
    being computed in the background are, and which models are not in use and why. Notes
    starting with "offline path" are fallbacks."""
    from rag.answer import choose_generator

    engine = engine_for(settings)
    notes = engine.describe(engine.snapshot(background=True))
    choose_generator(settings, notes)
    return notes


def index_warning(settings: Settings) -> str:
    """Why answers come from an out-of-date index ("" when the index is current)."""
    return engine_for(settings).stale_note


def read_collection(settings: Settings) -> tuple[list[Article], list[Chunk]]:
    """The articles and chunks the index would hold, without building it (for inspection)."""
    from rag.ingest import load_articles
    from rag.ingest.chunks import chunk_articles

    articles = load_articles(settings.seeds_dir)
    return articles, chunk_articles(articles, settings.chunk_chars, settings.chunk_overlap)


def index_articles(articles: list[Article], settings: Settings, progress: bool = False) -> IndexSnapshot:
    """Index these articles (not a folder's) in settings.index_dir and serve that build to
    every call with these settings: evaluation collections, never the user's index. Built as
    the seeds are (rag.pipeline.engine), so its vectors include the sentence vectors users get."""
    engine = engine_for(settings)
    snapshot = engine.rebuild(progress=progress, pages=[articles])
    engine.pin(snapshot)
    return snapshot
