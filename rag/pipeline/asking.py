"""ask(): clean the question, read a follow-up from the conversation, retrieve, answer."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any, Callable, Iterator

from pydantic import ValidationError

from rag.answer import StreamEvent, answer_stream, clean_question
from rag.answer.followup import resolve_followup, turns_of
from rag.answer.question import make_idf
from rag.config import Settings, get_settings
from rag.index.store import IndexSnapshot
from rag.pipeline.engine import Engine, engine_for
from rag.schema import Answer


log = logging.getLogger(__name__)


def resolve_settings(settings: Settings | None = None, **overrides: Any) -> Settings:
    """Settings from the environment (or given), with keyword overrides applied.

    Raises ValueError naming each bad value ("k: must be at least 1 (got 0)")."""
    try:
        return (settings or get_settings()).with_overrides(**overrides)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']} (got {str(e.get('input'))[:40]!r})" for e in exc.errors()[:5])
        raise ValueError(f"bad argument: {problems}") from None


def bounded_history(history: Any, settings: Settings) -> list[dict[str, str]]:
    """The conversation as role/content turns, bounded: the last `max_history_turns` turns,
    each cut to `max_turn_chars`. Raises ValueError when it is not a list of turns."""
    if history is None:
        return []
    if not isinstance(history, (list, tuple)):
        raise ValueError(f"history must be a list of {{'role': 'user' or 'assistant', 'content': text}} turns, not {type(history).__name__}")
    keep = settings.max_history_turns
    recent = list(history[-keep:]) if keep else []  # slice first: a huge history costs nothing
    turns = turns_of(recent)[-keep:] if keep else []
    return [{"role": t["role"], "content": t["content"][: settings.max_turn_chars]} for t in turns]


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


def question_problem(question: Any, settings: Settings) -> str | None:
    """Why a question can't be asked (empty, only markup or punctuation, too long), or None:
    what a face shows as a hint instead of answering."""
    return clean_question(question, settings.max_question_chars)[1]


def ask_stream(question: Any, k: int | None = None, history: Any = None, settings: Settings | None = None, **overrides: Any) -> Iterator[StreamEvent]:
    """Stream an answer: text deltas as they are produced, then the final checked Answer."""
    settings = resolve_settings(settings, k=k, **overrides)
    text, refusal = clean_question(question, settings.max_question_chars)
    if refusal is not None:
        yield StreamEvent(refusal)
        yield StreamEvent(answer=Answer(refusal, [], [], True, "none", notes=[f"question refused: {refusal}"]))
        return
    history = bounded_history(history, settings)
    standalone = resolve_followup(text, history)
    if len(standalone) > settings.max_question_chars:
        log.info("follow-up reading ignored: %d characters", len(standalone))
        standalone = text  # a reading longer than any question could be is not a reading
    engine = engine_for(settings)
    retriever = engine.retriever(settings)
    passages = retriever.search(standalone, settings.k)
    notes = list(retriever.notes)
    if engine.stale_note:
        notes.append(engine.stale_note)
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
