"""One server process: the Gradio chat mounted on a FastAPI app that also serves the JSON API
(/api, OpenAPI page at /docs) and the OpenAI-compatible API (/v1), run by uvicorn."""

from __future__ import annotations

import logging
import secrets
import threading
import time
from typing import Any

import uvicorn
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline

from rag.config import Settings
from rag.web.api import api_router
from rag.web.guard import Guard
from rag.web.launch import AccessError, check_access, is_loopback  # noqa: F401 - their home before the launcher; callers import them from here
from rag.web.openai_api import openai_router
from rag.web.service import ApiError, Service, error_json
from rag.web.startup import UPLOAD_FILES, LateChat

log = logging.getLogger(__name__)
DESCRIPTION = """Cited answers from the newspaper articles.

* `/api`: ask (JSON, or `Accept: text/event-stream` for `token`, `citations` and `done` events), retrieve, collections and documents, saved conversations.
* `/v1`: OpenAI-compatible `models` and `chat/completions` (each collection is a model, e.g. `rag/seeds`).

When the server has a key (`RAG_API_KEY`), send `Authorization: Bearer <key>`."""


def _key_check(settings: Settings) -> Any:
    key = settings.api_key.get_secret_value().encode() if settings.api_key else b""

    async def require_key(request: Request) -> None:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not secrets.compare_digest(token.strip().encode(), key):
            raise ApiError(401, "this server needs its key: send the header `Authorization: Bearer <RAG_API_KEY>`")

    return require_key


def _handlers(app: FastAPI) -> None:
    def respond(request: Request, exc: ApiError) -> JSONResponse:
        log.warning("refused %s %s: %s", request.method, request.url.path, exc.message)  # one line, no traceback
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(error_json(exc, request.url.path.startswith("/v1")), exc.status, headers=headers)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return respond(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for error in exc.errors()[:5]:
            where = ".".join(str(part) for part in error.get("loc", ()) if part != "body") or "body"
            got = f" (got {str(error.get('input'))[:40]!r})" if "input" in error and error.get("type") != "missing" else ""
            problems.append(f"{where}: {error.get('msg', 'invalid')}{got}")
        return respond(request, ApiError(422, "; ".join(problems)))


def create_app(settings: Settings, chat_later: bool = False) -> FastAPI:
    """The whole service as one ASGI app. The chat is built before this returns, or with
    `chat_later` once the server has started: then the index is prepared first (the APIs
    wait for it, then answer) and a page says the chat is starting until it is mounted."""
    service = Service(settings)
    chat = LateChat(settings, service)
    app = FastAPIOffline(title="新闻问答 · Cited news Q&A", description=DESCRIPTION, version="1", lifespan=chat.lifespan(chat_later))
    app.state.chat = chat
    _handlers(app)
    guarded = [Depends(_key_check(settings))] if settings.api_key else []
    app.include_router(api_router(service), dependencies=guarded)
    app.include_router(openai_router(service), dependencies=guarded)
    upload_limit = settings.max_upload_mb * 1024 * 1024
    app.add_middleware(Guard, max_body=settings.max_request_bytes, max_upload=upload_limit * UPLOAD_FILES, arity=chat.arity, housekeeping=chat.housekeeping)
    app.mount("/", chat)  # last: the API routes above match first
    if chat_later:
        service.ready.clear()  # calls wait for the index LateChat prepares
    else:
        chat.build()
    return app


class ServerThread:
    """The service on host:port in a background thread (tests, benchmarks):
    `with ServerThread(create_app(settings), port) as url: ...`."""

    def __init__(self, app: FastAPI, port: int, host: str = "127.0.0.1") -> None:
        self.url = f"http://{host}:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=2))
        self.thread = threading.Thread(target=self.server.run, name="rag-server", daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 120
        while not self.server.started:  # uvicorn sets it once the socket listens
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server did not start on {self.url}")
            time.sleep(0.02)
        return self.url

    def __exit__(self, *exc: Any) -> None:
        # Browsers and clients keep streams open (Gradio's heartbeat): uvicorn cancels them
        # after the grace period and logs each as an error with a traceback. That is the
        # expected end of a test server, not a failure.
        logging.getLogger("uvicorn.error").setLevel(logging.CRITICAL)
        self.server.should_exit = True
        self.thread.join(30)


def serve(settings: Settings, host: str | None = None, port: int | None = None, first_stage: Any = None) -> None:
    """Serve until stopped: the socket listens at once, the index is prepared (a first run's
    BM25 stage by the launcher's child process `first_stage`, or here, with progress), then
    the chat is mounted; vectors come last. Call through rag.web.launch.launch."""
    from rag.pipeline.background import hold_vectors

    host, port = host or settings.host, port or settings.port
    check_access(settings, host)
    # On 2 cores, embedding in the background would slow the index, Gradio's imports and
    # the first answers by seconds: it waits until the chat is up (LateChat releases it).
    hold_vectors()
    app = create_app(settings, chat_later=True)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    chat: LateChat = app.state.chat
    chat.first_stage = first_stage
    chat.on_ready = lambda: print(f"Serving the chat on http://{host}:{port}/ · API docs http://{host}:{port}/docs · OpenAI-compatible http://{host}:{port}/v1", flush=True)

    def stop() -> None:
        server.should_exit = True

    chat.on_fatal = stop
    server.run()
    if chat.fatal is not None:
        raise chat.fatal


def main() -> None:
    """`python app.py` (rag.web.launch.main, kept here for callers of this name)."""
    from rag.web.launch import main as launch_main

    launch_main()
