"""Cited question answering over OCR'd Chinese newspaper articles.

    import rag
    passages = rag.retrieve("问题", k=5)
    answer = rag.ask("问题", k=5)
    rag.build_index()

Heavy modules load on first use, so `import rag` stays fast.
"""

from __future__ import annotations

from typing import Any

from rag.config import Settings, get_settings
from rag.schema import Answer, Article, Chunk, Citation, Passage

__all__ = ["ask", "retrieve", "build_index", "Settings", "get_settings", "Answer", "Article", "Chunk", "Citation", "Passage"]


def retrieve(question: str, k: int | None = None, **overrides: Any) -> list[Passage]:
    """The k passages that best answer `question`, best first (see rag.pipeline.retrieve)."""
    from rag import pipeline

    return pipeline.retrieve(question, k=k, **overrides)


def build_index(**overrides: Any) -> Any:
    """(Re)build vectorstore/ from the seeds (see rag.pipeline.build_index)."""
    from rag import pipeline

    return pipeline.build_index(**overrides)


def ask(question: str, k: int | None = None, history: list[dict[str, str]] | None = None, **overrides: Any) -> Answer:
    """A cited answer to `question`, or an abstention (see rag.pipeline.ask)."""
    from rag import pipeline

    return pipeline.ask(question, k=k, history=history, **overrides)
