"""OpenAI-compatible chat under /v1, so chat clients (Open WebUI, Chatbox, LibreChat…) can use
the articles as a model: each collection is a model (`rag/seeds`), the last user message is the
question and the earlier messages are its conversation.

The reply's content is the answer with `[n]` markers and a Markdown list of sources; the
structured citations travel in the extra top-level field `citations` (each `{n, quote,
passage: {id, source, title, text, start, end, score}}`) with `rag` (`abstained`,
`generator`, `notes`, `unsupported`); when streaming, they come on the last chunk."""

from __future__ import annotations

import itertools
import json
import time
import uuid
from typing import Any, Iterator, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from rag.pipeline import StreamEvent
from rag.schema import Answer
from rag.web.service import ApiError, Service

SOURCES_HEAD = "**来源 Sources**"
CHECKED_HEAD = "**核对后的回答 Checked answer**"


class ChatMessage(BaseModel):
    """One message; `content` is text or a list of parts (`{"type": "text", "text": …}`)."""

    model_config = ConfigDict(extra="allow")
    role: str = Field(max_length=32)
    content: str | list[dict[str, Any]] | None = None


class ChatRequest(BaseModel):
    """The fields used here; others (temperature, max_tokens…) are accepted and ignored."""

    model_config = ConfigDict(extra="allow")
    model: str = Field(max_length=200, examples=["rag/seeds"])
    messages: list[ChatMessage] = Field(min_length=1, max_length=1000)
    stream: bool = False
    k: int | None = Field(None, ge=1, le=50, description="extra: passages to retrieve")
    answerer: Literal["auto", "extractive", "transformers", "openai"] | None = Field(None, description="extra: which answerer writes")


def _text(content: str | list[dict[str, Any]] | None) -> str:
    if isinstance(content, list):
        return " ".join(str(p.get("text", "")) for p in content if isinstance(p, dict) and p.get("type", "text") == "text")
    return content or ""


def sources_markdown(answer: Answer) -> str:
    """The numbered sources of an answer as a Markdown list ("" when nothing is cited)."""
    if not answer.citations:
        return ""
    lines = [f"- [{c.n}] 《{c.passage.title}》 ({c.passage.source}): “{c.quote}”" for c in answer.citations]
    return f"\n\n{SOURCES_HEAD}\n" + "\n".join(lines)


def extra_fields(answer: Answer) -> dict[str, Any]:
    """The documented extra fields of a reply: structured citations and what answered."""
    return {
        "citations": [c.to_dict() for c in answer.citations],
        "rag": {"abstained": answer.abstained, "generator": answer.generator, "notes": answer.notes, "unsupported": answer.unsupported},
    }


def openai_router(service: Service) -> APIRouter:
    """The /v1 routes over one service."""
    router = APIRouter(prefix="/v1", tags=["openai-compatible"])

    @router.get("/models", summary="Each collection as a model")
    def models() -> dict[str, Any]:
        created = int(time.time())
        return {"object": "list", "data": [{"id": model, "object": "model", "created": created, "owned_by": "rag"} for model in service.model_names()]}

    def prepare(body: ChatRequest) -> tuple[Any, str, list[dict[str, str]]]:
        settings = service.call_settings(service.collection_of_model(body.model), body.k, body.answerer)
        turns = [{"role": m.role, "content": _text(m.content)} for m in body.messages if m.role in ("user", "assistant")]
        if not turns or turns[-1]["role"] != "user":
            raise ApiError(400, "the last message must be the user's question")
        # Our own replies carry their sources list: a follow-up reads the answer, not the list.
        history = [{"role": t["role"], "content": t["content"].split(SOURCES_HEAD)[0].strip()} for t in turns[:-1]]
        question = turns[-1]["content"]
        service.check_question(question, settings)
        return settings, question, history

    @router.post("/chat/completions", summary="Answer the last user message from the collection the model names")
    async def chat(body: ChatRequest) -> Any:
        settings, question, history = await run_in_threadpool(prepare, body)
        events = service.stream(question, history, settings)
        reply_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        if not body.stream:
            final = await run_in_threadpool(_final, events)
            message = {"role": "assistant", "content": final.text + sources_markdown(final)}
            return {
                "id": reply_id, "object": "chat.completion", "created": created, "model": body.model,
                "choices": [{"index": 0, "message": message, "finish_reason": "stop"}], **extra_fields(final),
            }
        first = await run_in_threadpool(next, events)  # errors before the first token get a status code
        chunks = _chunks(first, events, {"id": reply_id, "object": "chat.completion.chunk", "created": created, "model": body.model})
        return EventSourceResponse(chunks, sep="\n")

    return router


def _final(events: Iterator[StreamEvent]) -> Answer:
    final = None
    for event in events:
        final = event.answer or final
    assert final is not None
    return final


def _chunks(first: StreamEvent, events: Iterator[StreamEvent], head: dict[str, Any]) -> Iterator[dict[str, str]]:
    """Chat-completion chunks: the role, the answer as written, the sources, then the last
    chunk with finish_reason and the extra fields; then [DONE]."""

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> dict[str, str]:
        payload = {**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
        return {"data": json.dumps(payload, ensure_ascii=False)}

    yield chunk({"role": "assistant", "content": ""})
    written = ""
    try:
        for event in itertools.chain([first], events):
            if event.answer is None:
                written += event.delta
                if event.delta:
                    yield chunk({"content": event.delta})
                continue
            final = event.answer
            tail = ""
            if final.text.strip() != written.strip():
                # A model's markers were renumbered or moved, or unsupported sentences dropped,
                # by the citation check: what was streamed can't be taken back, so the checked
                # answer follows it.
                tail += f"\n\n{CHECKED_HEAD}\n{final.text}"
            tail += sources_markdown(final)
            if tail:
                yield chunk({"content": tail})
            yield chunk({}, "stop", **extra_fields(final))
    except ApiError as exc:
        yield chunk({"content": f"\n\n[error: {exc.message}]"}, "stop")
    finally:
        events.close()  # type: ignore[attr-defined] - a generator: frees its answer slot
    yield {"data": "[DONE]"}
