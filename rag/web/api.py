"""The JSON API under /api: ask (JSON, or an event stream of tokens, citations and the final
answer), retrieve, collections and their documents, saved conversations."""

from __future__ import annotations

import itertools
import json
import logging
import tempfile
from pathlib import Path
from typing import Any, Iterator, Literal

from fastapi import APIRouter, File, Request, Response, UploadFile
from pydantic import BaseModel, Field
from sse_starlette.sse import EventSourceResponse
from starlette.concurrency import run_in_threadpool

from rag.pipeline import StreamEvent, retrieve
from rag.pipeline.collections import CollectionError, check_name
from rag.pipeline.conversations import ConversationNotFound
from rag.web.service import ApiError, Service

log = logging.getLogger(__name__)
QUESTION_LIMIT = 100_000  # characters; longer questions are refused by the answerer's own limit first
Answerer = Literal["auto", "extractive", "transformers", "openai"]


class AskRequest(BaseModel):
    """A question, optionally within a saved conversation (its earlier turns are read for follow-ups)."""

    question: str = Field(max_length=QUESTION_LIMIT, examples=["上合示范区累计开行了多少列中欧班列？"])
    collection: str | None = Field(None, max_length=64, description="collection name (GET /api/collections); default: the default one")
    k: int | None = Field(None, ge=1, le=50, description="passages to retrieve")
    answerer: Answerer | None = None
    conversation_id: str | None = Field(None, max_length=64, description="continue this conversation; without it a new one is started")


class RetrieveRequest(BaseModel):
    """A question to find passages for."""

    question: str = Field(max_length=QUESTION_LIMIT)
    collection: str | None = Field(None, max_length=64)
    k: int | None = Field(None, ge=1, le=50)


class NewConversation(BaseModel):
    """A conversation to start (its title defaults to the first question)."""

    title: str = Field("", max_length=200)
    collection: str | None = Field(None, max_length=64)


class Rename(BaseModel):
    """A conversation's new title."""

    title: str = Field(min_length=1, max_length=200)


def api_router(service: Service) -> APIRouter:
    """The /api routes over one service."""
    router = APIRouter(prefix="/api", tags=["api"])
    store = service.store

    def prepare(body: AskRequest) -> tuple[Any, list[dict[str, str]], str]:
        settings = service.call_settings(body.collection, body.k, body.answerer)
        service.check_question(body.question, settings)
        history = service.history(body.conversation_id)
        conversation_id = body.conversation_id or store.create(body.question, body.collection or "default").id
        return settings, history, conversation_id

    def finish(events: Iterator[StreamEvent], question: str, conversation_id: str) -> dict[str, Any]:
        final = None
        for event in events:
            final = event.answer or final
        assert final is not None
        store.add_turn(conversation_id, question, final)
        return {**final.to_dict(), "conversation_id": conversation_id}

    @router.post("/ask", summary="Ask a question (JSON, or text/event-stream when the Accept header asks for it)")
    async def ask(body: AskRequest, request: Request) -> Any:
        """The cited Answer as JSON (text with [n], citations with quotes, passage ids and
        offsets, passages, abstained, generator, notes) plus `conversation_id`.

        With `Accept: text/event-stream`: `token` events (`{"text"}`) as the answer is written,
        then `citations` (the checked citations), then `done` (the whole answer, as the JSON reply)."""
        settings, history, conversation_id = await run_in_threadpool(prepare, body)
        events = service.stream(body.question, history, settings)
        if "text/event-stream" not in request.headers.get("accept", ""):
            return await run_in_threadpool(finish, events, body.question, conversation_id)
        first = await run_in_threadpool(next, events)  # errors before the first token get a status code
        return EventSourceResponse(_sse(first, events, body.question, conversation_id, service))

    @router.post("/retrieve", summary="The passages that best answer a question, best first")
    def retrieve_passages(body: RetrieveRequest) -> dict[str, Any]:
        """`{"passages": [{id, source, title, text, start, end, score}, ...]}`."""
        settings = service.call_settings(body.collection, body.k)
        service.check_question(body.question, settings)
        return {"passages": [p.to_dict() for p in retrieve(body.question, settings=settings)]}

    @router.get("/collections", summary="The collections (the default one first) and their model ids")
    def collections() -> dict[str, Any]:
        """`{"collections": [{"name", "model"}]}`; `model` is the id for /v1/chat/completions."""
        return {"collections": [{"name": name, "model": model} for model, name in service.model_names().items()]}

    @router.get("/collections/{name}/documents", summary="A collection's documents and their status")
    def documents(name: str) -> dict[str, Any]:
        """Each document: status (indexed, pending, skipped, queued, reading, indexing, failed), pages, articles, passages."""
        return {"documents": [d.to_dict() for d in service.uploads.statuses(service.collection(name))]}

    @router.post("/collections/{name}/documents", status_code=202, summary="Add documents (a new name creates the collection)")
    def upload(name: str, files: list[UploadFile] = File(...)) -> dict[str, Any]:
        """Files are read and indexed in the background; GET the documents to follow their status."""
        try:
            check_name(name)
        except CollectionError as exc:
            raise ApiError(422, str(exc)) from None
        limit = service.settings.max_upload_mb * 1024 * 1024
        with tempfile.TemporaryDirectory() as tmp:
            staged = []
            for i, upload in enumerate(files):
                path = Path(tmp) / f"{i}"
                with path.open("wb") as out:
                    while chunk := upload.file.read(1 << 20):
                        out.write(chunk)
                        if out.tell() > limit:
                            raise ApiError(413, f"{upload.filename}: above the {service.settings.max_upload_mb} MB limit")
                staged.append((path, upload.filename or f"document-{i}"))
            service.uploads.add(name, staged)  # copies them into the collection before returning
        return {"collection": name, "queued": [n for _, n in staged]}

    @router.delete("/collections/{name}/documents/{document}", status_code=202, summary="Delete a document")
    def delete_document(name: str, document: str) -> dict[str, Any]:
        """The document leaves the index in the background (it stops being answered from)."""
        names = {d.name for d in service.uploads.statuses(service.collection(name))}
        if document not in names:
            raise ApiError(404, f"no document {document[:120]!r} in collection {name}")
        service.uploads.delete(name, document)
        return {"collection": name, "deleting": document}

    @router.post("/conversations", status_code=201, summary="Start a conversation")
    def create(body: NewConversation) -> dict[str, Any]:
        return store.create(body.title, service.collection(body.collection)).to_dict()

    @router.get("/conversations", summary="Saved conversations, most recent first")
    def list_conversations(limit: int = 100) -> dict[str, Any]:
        return {"conversations": [c.to_dict() for c in store.list(max(1, min(limit, 1000)))]}

    @router.get("/conversations/{conversation_id}", summary="A conversation with every question and answer")
    def read(conversation_id: str) -> dict[str, Any]:
        return _found(lambda: store.get(conversation_id).to_dict(), conversation_id)

    @router.patch("/conversations/{conversation_id}", summary="Rename a conversation")
    def rename(conversation_id: str, body: Rename) -> dict[str, Any]:
        return _found(lambda: store.rename(conversation_id, body.title).to_dict(), conversation_id)

    @router.delete("/conversations/{conversation_id}", status_code=204, summary="Delete a conversation")
    def delete(conversation_id: str) -> Response:
        _found(lambda: store.delete(conversation_id), conversation_id)
        return Response(status_code=204)

    return router


def _found(action: Any, conversation_id: str) -> Any:
    try:
        return action()
    except ConversationNotFound:
        raise ApiError(404, f"no conversation {conversation_id[:80]!r}") from None


def _sse(first: StreamEvent, events: Iterator[StreamEvent], question: str, conversation_id: str, service: Service) -> Iterator[dict[str, str]]:
    """token events, then citations, then done; an error after the first token is an `error` event."""
    try:
        for event in itertools.chain([first], events):
            if event.answer is None:
                if event.delta:
                    yield {"event": "token", "data": json.dumps({"text": event.delta}, ensure_ascii=False)}
                continue
            final = event.answer
            service.store.add_turn(conversation_id, question, final)
            yield {"event": "citations", "data": json.dumps({"citations": [c.to_dict() for c in final.citations]}, ensure_ascii=False)}
            yield {"event": "done", "data": json.dumps({**final.to_dict(), "conversation_id": conversation_id}, ensure_ascii=False)}
    except ApiError as exc:
        log.warning("answer stream failed: %s", exc.message)
        yield {"event": "error", "data": json.dumps({"error": exc.message}, ensure_ascii=False)}
    except Exception:  # noqa: BLE001 - the caller gets a short message; the log gets the trace
        log.exception("answer stream failed")
        yield {"event": "error", "data": json.dumps({"error": "internal error (logged)"})}
    finally:
        events.close()  # type: ignore[attr-defined] - a generator: frees its answer slot
