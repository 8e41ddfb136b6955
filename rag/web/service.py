"""What the HTTP faces share: settings, the conversation store, the document worker, and a
bounded number of answers computed at once."""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path
from typing import Any, Iterator

from rag.config import Settings
from rag.pipeline import SERVICE_ERRORS, StreamEvent, ask_stream, question_problem
from rag.pipeline.collections import DEFAULT, CollectionError, check_name, collection_names, collection_settings
from rag.pipeline.conversations import ConversationStore, conversation_store
from rag.pipeline.uploads import Uploads

log = logging.getLogger(__name__)

MODEL_PREFIX = "rag/"
SLOT_WAIT_S = 120.0  # how long an answer waits for a free slot before the caller gets 503
INDEX_WAIT_S = 300.0  # how long a call waits for a starting server's index (then it builds its own)
_FOLDER_NAME = re.compile(r"^[^\W_][\w\-]{0,63}$")


class ApiError(Exception):
    """A request the service refuses: HTTP status and a message for the caller."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def answerers(settings: Settings) -> list[str]:
    """The answerers a caller may choose (openai only when a server is configured)."""
    return ["auto", "extractive", "transformers"] + (["openai"] if settings.openai_base_url else [])


class Service:
    """One per server process; every method is safe to call from many threads."""

    def __init__(self, settings: Settings, uploads: Uploads | None = None) -> None:
        self.settings = settings
        self.store: ConversationStore = conversation_store(settings.conversations_path())
        self.uploads = uploads or Uploads(settings)
        # Answering is CPU-bound: more at once only makes each slower (the chat's queue
        # has its own limit of 4).
        self._slots = threading.BoundedSemaphore(settings.api_concurrency)
        # Cleared while a starting server prepares the index (rag.web.startup): a call then
        # waits for it rather than starting a second build of its own.
        self.ready = threading.Event()
        self.ready.set()
        self.answering = 0  # answers being computed now (the starting server waits for none)
        self._count = threading.Lock()

    def collection(self, name: str | None) -> str:
        """A collection that exists (ApiError 422 for a bad name, 404 for an unknown one)."""
        name = name or DEFAULT
        try:
            check_name(name)
        except CollectionError as exc:
            raise ApiError(422, str(exc)) from None
        if name not in collection_names(self.settings):
            raise ApiError(404, f"no collection named {name!r} (GET /api/collections lists them)")
        return name

    def call_settings(self, collection: str | None, k: int | None = None, answerer: str | None = None, model: str | None = None) -> Settings:
        """Settings for one call: the collection's folders, k, answerer and LLM model."""
        self.ready.wait(INDEX_WAIT_S)
        if answerer is not None and answerer not in answerers(self.settings):
            raise ApiError(422, f"answerer must be one of {', '.join(answerers(self.settings))}, not {answerer[:40]!r}")
        coll = collection_settings(self.settings, self.collection(collection))
        try:
            return coll.with_overrides(k=k, generator=answerer, openai_model=model or None)
        except ValueError as exc:  # pydantic names the bad field
            raise ApiError(422, str(exc).splitlines()[0]) from None

    def model_names(self) -> dict[str, str]:
        """OpenAI-style model ids for the collections: the default one is named after its
        articles folder (`rag/seeds`), the others after themselves (`rag/<name>`)."""
        names = collection_names(self.settings)
        folder = Path(self.settings.seeds_dir).resolve().name
        default = folder if _FOLDER_NAME.match(folder) and folder not in names else DEFAULT
        return {MODEL_PREFIX + (default if n == DEFAULT else n): n for n in names}

    def collection_of_model(self, model: str) -> str:
        """The collection a model id stands for (`rag/default` and `rag` name the default one)."""
        models = self.model_names()
        if model in models:
            return models[model]
        if model in ("rag", MODEL_PREFIX + DEFAULT):
            return DEFAULT
        raise ApiError(404, f"no model {model[:80]!r}; GET /v1/models lists them: {', '.join(models)}")

    def check_question(self, question: str, settings: Settings) -> None:
        """ApiError 422 with the reason when a question can't be asked (empty, markup only, too long)."""
        problem = question_problem(question, settings)
        if problem:
            raise ApiError(422, problem)

    def stream(self, question: str, history: list[dict[str, str]], settings: Settings) -> Iterator[StreamEvent]:
        """ask_stream within one of the answer slots (ApiError 503 when none frees up in time)."""
        if not self._slots.acquire(timeout=SLOT_WAIT_S):
            raise ApiError(503, "the server is busy answering other questions; try again shortly")
        with self._count:
            self.answering += 1
        try:
            yield from ask_stream(question, history=history, settings=settings)
        except SERVICE_ERRORS as exc:  # e.g. a collection with nothing indexed yet
            raise ApiError(409, f"this collection can't be searched yet: {exc}") from None
        finally:
            with self._count:
                self.answering -= 1
            self._slots.release()

    def history(self, conversation_id: str | None) -> list[dict[str, str]]:
        """The saved conversation's recent turns ([] without an id)."""
        if not conversation_id:
            return []
        from rag.pipeline.conversations import ConversationNotFound

        try:
            return self.store.history(conversation_id, self.settings.max_history_turns)
        except ConversationNotFound:
            raise ApiError(404, f"no conversation {conversation_id[:80]!r}") from None


def error_json(exc: ApiError, openai_style: bool) -> dict[str, Any]:
    """The error body: `{"error": message}`, or OpenAI's `{"error": {"message", "type", "code"}}`."""
    if openai_style:
        kind = "invalid_request_error" if exc.status < 500 else "server_error"
        return {"error": {"message": exc.message, "type": kind, "code": exc.status}}
    return {"error": exc.message}
