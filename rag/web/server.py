"""One server process: the Gradio chat mounted on a FastAPI app that also serves the JSON API
(/api, OpenAPI page at /docs) and the OpenAI-compatible API (/v1), run by uvicorn."""

from __future__ import annotations

import ipaddress
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
from rag.web.openai_api import openai_router
from rag.web.service import ApiError, Service, error_json

log = logging.getLogger(__name__)
UPLOAD_FILES = 10  # files one upload request may carry; each is also held to max_upload_mb
DESCRIPTION = """Cited answers from the newspaper articles.

* `/api`: ask (JSON, or `Accept: text/event-stream` for `token`, `citations` and `done` events), retrieve, collections and documents, saved conversations.
* `/v1`: OpenAI-compatible `models` and `chat/completions` (each collection is a model, e.g. `rag/seeds`).

When the server has a key (`RAG_API_KEY`), send `Authorization: Bearer <key>`."""


class AccessError(RuntimeError):
    """The server would be reachable from the network without a key."""


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def check_access(settings: Settings, host: str) -> None:
    """AccessError unless the server binds to loopback or has a key."""
    if not is_loopback(host) and settings.api_key is None:
        raise AccessError(
            f"refusing to serve on {host} without a key: anyone who can reach it could use the service. "
            "Set RAG_API_KEY=<a long random string> (clients then send `Authorization: Bearer <key>`), "
            "or bind to 127.0.0.1."
        )


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


def create_app(settings: Settings) -> FastAPI:
    """The whole service as one ASGI app (the index is loaded or built before this returns)."""
    import gradio as gr

    from rag.web.app import build_app
    from rag.web.render import CSS, HEAD

    service = Service(settings)
    app = FastAPIOffline(title="新闻问答 · Cited news Q&A", description=DESCRIPTION, version="1")
    _handlers(app)
    guarded = [Depends(_key_check(settings))] if settings.api_key else []
    app.include_router(api_router(service), dependencies=guarded)
    app.include_router(openai_router(service), dependencies=guarded)

    demo = build_app(settings, service)
    demo.queue(default_concurrency_limit=4)
    demo.state_session_capacity = settings.max_sessions
    upload_limit = settings.max_upload_mb * 1024 * 1024
    app.add_middleware(Guard, max_body=settings.max_request_bytes, max_upload=upload_limit * UPLOAD_FILES, arity=_arity(demo), housekeeping=_housekeeping(demo))
    key = settings.api_key.get_secret_value() if settings.api_key else None
    # With a key, the chat asks for it too (any user name): its own API must not be a way around it.
    auth = (lambda _user, password: secrets.compare_digest(str(password).encode(), key.encode())) if key else None
    return gr.mount_gradio_app(
        app, demo, path="/", footer_links=["api"], max_file_size=upload_limit, css=CSS, head=HEAD, theme=gr.themes.Soft(),
        auth=auth, auth_message="输入服务密钥 · Enter the service key (RAG_API_KEY) as the password" if key else None,
    )


def _arity(demo: Any) -> Any:
    def arity(fn_index: Any, api_name: str | None) -> tuple[int, str] | None:
        for key, fn in demo.fns.items():
            if (api_name is not None and fn.api_name == api_name) or (api_name is None and fn_index == key):
                return len(fn.inputs), ", ".join(getattr(b, "label", None) or getattr(b, "elem_id", None) or "null (session state)" for b in fn.inputs)
        return None

    return arity


def _housekeeping(demo: Any) -> Any:
    def housekeeping() -> None:
        """Gradio's queue keeps an empty set per finished session and never drops it (one per
        API call, so memory crept with every call); drop them."""
        pending = getattr(getattr(demo, "_queue", None), "pending_event_ids_session", None)
        if isinstance(pending, dict):
            for session in [key for key, ids in pending.items() if not ids]:
                pending.pop(session, None)

    return housekeeping


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


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Check access, prepare the index (with progress on first run), then serve until stopped."""
    from rag.pipeline import engine_for

    host, port = host or settings.host, port or settings.port
    check_access(settings, host)
    print(f"Preparing the search index in {settings.index_dir} (built from {settings.seeds_dir} on first run)…", flush=True)
    # A first run builds BM25 (about a second) and serves at once; vectors follow in the
    # background with a progress bar here and a note in the banner.
    engine_for(settings).snapshot(progress=True, background=True)
    app = create_app(settings)
    print(f"Serving the chat on http://{host}:{port}/ · API docs http://{host}:{port}/docs · OpenAI-compatible http://{host}:{port}/v1", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
