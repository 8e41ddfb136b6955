"""ask(): clean the question, read a follow-up from the conversation, retrieve, answer."""

from __future__ import annotations

from functools import partial
from typing import Any, Callable, Iterator

from rag.answer import StreamEvent, answer_stream, clean_question
from rag.answer.followup import resolve_followup
from rag.answer.question import make_idf
from rag.config import Settings, get_settings
from rag.index.store import IndexSnapshot
from rag.pipeline.engine import Engine, engine_for
from rag.schema import Answer


def resolve_settings(settings: Settings | None = None, **overrides: Any) -> Settings:
    """Settings from the environment (or given), with keyword overrides applied."""
    return (settings or get_settings()).with_overrides(**overrides)


Similarity = Callable[[str, list[str]], list[float]]


def similarity_for(engine: Engine, snapshot: IndexSnapshot | None = None) -> Similarity | None:
    """`similarity(question, sentences) -> cosines` over one index snapshot (the one the
    passages came from: pass `retriever.snapshot`), or None when it has no vectors.

    Sentences of indexed passages were embedded at build time; others are embedded on
    first use and kept. For the answerer (question-to-sentence evidence)."""
    snapshot = snapshot or engine.snapshot(background=True)
    if snapshot.dense is None:
        return None
    return partial(engine.sentence_similarity, snapshot=snapshot)


def ask_stream(question: Any, k: int | None = None, history: Any = None, settings: Settings | None = None, **overrides: Any) -> Iterator[StreamEvent]:
    """Stream an answer: text deltas as they are produced, then the final checked Answer."""
    settings = resolve_settings(settings, k=k, **overrides)
    text, refusal = clean_question(question, settings.max_question_chars)
    if refusal is not None:
        yield StreamEvent(refusal)
        yield StreamEvent(answer=Answer(refusal, [], [], True, "none", notes=[f"question refused: {refusal}"]))
        return
    standalone = resolve_followup(text, history)
    engine = engine_for(settings)
    retriever = engine.retriever(settings)
    passages = retriever.search(standalone, settings.k)
    notes = list(retriever.notes)
    if standalone != text:
        notes.append(f"follow-up read as: {standalone}")
    sparse = retriever.snapshot.sparse
    idf = make_idf(sparse.doc_freq, sparse.size)
    yield from answer_stream(text, standalone, passages, idf, settings, history, notes, _similarity(engine, standalone, retriever))


def _similarity(engine: Any, question: str, retriever: Any) -> Callable[[list[str]], list[float]] | None:
    """Question-to-sentence similarity from the index's sentence vectors, when the index has
    them and was embedded by the model the answerer was fitted with (multilingual-e5-small)."""
    if retriever.embedder is None or "e5-small" not in str(getattr(retriever.embedder, "name", "")):
        return None
    similarity = similarity_for(engine, retriever.snapshot)  # the passages' build, never the next one
    return None if similarity is None else partial(similarity, question)


def ask(question: Any, k: int | None = None, history: Any = None, settings: Settings | None = None, **overrides: Any) -> Answer:
    """A cited answer to `question` (or an abstention) from the indexed articles.

    `history` is the conversation so far ([{"role": "user"|"assistant", "content": ...}]),
    used to read short follow-ups. Keyword arguments override settings (generator="extractive").
    """
    final: Answer | None = None
    for event in ask_stream(question, k=k, history=history, settings=settings, **overrides):
        if event.answer is not None:
            final = event.answer
    assert final is not None
    return final
