"""The chat at "/", built after the server starts: the APIs answer within seconds of
`python app.py` while Gradio (about 2.5 s of imports alone on 2 cores) is still loading.

Order on a start (each step waits for the one before; the CPU is the limit, not I/O):
the socket listens, the index's BM25 stage is loaded or built, the Gradio chat is built and
mounted, and only then may vectors be computed in the background.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from typing import Any, AsyncIterator, Callable

from starlette.responses import HTMLResponse
from starlette.types import Receive, Scope, Send

from rag.config import Settings
from rag.web.service import Service

log = logging.getLogger(__name__)
QUIET_MAX_S = 3.0  # the chat waits at most this long for answers in progress before loading Gradio
UPLOAD_FILES = 10  # files one upload request may carry; each is also held to max_upload_mb
STARTING_PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><meta http-equiv="refresh" content="1">
<title>新闻问答 · starting</title></head><body style="font-family:sans-serif;margin:3em">
<p>正在启动，马上就好…… · The chat is starting; this page reloads itself.</p>
<p>(The JSON API at <code>/api</code> already answers.)</p></body></html>"""


def mount_chat(settings: Settings, service: Service, target: Any) -> Any:
    """Build the Gradio chat and mount it at "/" of `target` (a FastAPI app); returns the Blocks."""
    import gradio as gr

    from rag.web.app import build_app
    from rag.web.render import CSS, HEAD

    demo = build_app(settings, service)
    demo.queue(default_concurrency_limit=4)
    demo.state_session_capacity = settings.max_sessions
    key = settings.api_key.get_secret_value() if settings.api_key else None
    # With a key, the chat asks for it too (any user name): its own API must not be a way around it.
    auth = (lambda _user, password: secrets.compare_digest(str(password).encode(), key.encode())) if key else None
    gr.mount_gradio_app(
        target, demo, path="/", footer_links=["api"], max_file_size=settings.max_upload_mb * 1024 * 1024, css=CSS, head=HEAD, theme=gr.themes.Soft(),
        auth=auth, auth_message="输入服务密钥 · Enter the service key (RAG_API_KEY) as the password" if key else None,
    )
    return demo


class LateChat:
    """The ASGI app at "/": the Gradio chat once it is mounted; until then a page that says
    it is starting (503, Retry-After) and reloads itself."""

    def __init__(self, settings: Settings, service: Service) -> None:
        self.settings, self.service = settings, service
        self.demo: Any = None  # the Gradio Blocks, once built
        self.fatal: BaseException | None = None  # why the service could not start (the server then stops)
        self.on_fatal: Callable[[], None] = lambda: None
        self.on_ready: Callable[[], None] = lambda: None
        self._app: Any = None  # the FastAPI app holding the mounted chat, once started
        self._built: Any = None
        self._stack = contextlib.AsyncExitStack()
        self.first_stage: Any = None  # a child process building a first run's BM25 stage (rag.pipeline.first_stage)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._app is not None:
            await self._app(scope, receive, send)
        elif scope["type"] == "http":
            await HTMLResponse(STARTING_PAGE, 503, headers={"Retry-After": "1"})(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1013})  # try again later

    def build(self) -> None:
        """Build the chat now (in the caller's thread); it is served once `lifespan` starts it."""
        from fastapi import FastAPI

        holder = FastAPI()  # Gradio's mount wraps this app's lifespan with its queue's start and stop
        self.demo = mount_chat(self.settings, self.service, holder)
        self._built = holder

    async def _start(self) -> None:
        holder = self._built
        await self._stack.enter_async_context(holder.router.lifespan_context(holder))
        self._app = holder

    async def _prepare(self) -> None:
        """Index first (what the first answer needs), then the chat, then vectors."""
        from rag.pipeline import SERVICE_ERRORS, engine_for
        from rag.pipeline.background import release_vectors
        from rag.pipeline.first_stage import warm_up_english

        try:
            await asyncio.to_thread(self._index, engine_for)
            self.service.ready.set()
            await self._quiet()
            await asyncio.to_thread(self.build)
            await self._start()
            self.on_ready()
        except SERVICE_ERRORS as exc:  # e.g. no article folder: stop with the message, as before the rewrite
            self.fatal = exc
            self.on_fatal()
        except Exception as exc:  # noqa: BLE001 - a failed start must stop the server, not leave it half up
            log.exception("the chat could not be started")
            self.fatal = exc
            self.on_fatal()
        finally:
            self.service.ready.set()
        if self.fatal is None:
            try:
                await asyncio.to_thread(warm_up_english)  # before vectors take a core
            except Exception:  # noqa: BLE001 - only a warm-up: the first English question loads it
                log.warning("loading the English dictionary early failed", exc_info=True)
        release_vectors()

    async def _quiet(self) -> None:
        """Wait (up to QUIET_MAX_S) until no answer is being computed: importing Gradio holds
        the GIL for seconds, and would double the time of the answers waiting for the index."""
        await asyncio.sleep(0.1)  # calls that waited for the index reach their answer slot
        deadline = time.monotonic() + QUIET_MAX_S
        while self.service.answering and time.monotonic() < deadline:
            await asyncio.sleep(0.05)

    def _index(self, engine_for: Callable[[Settings], Any]) -> None:
        """The index the first answer needs: a first run's child build, else built or loaded here."""
        from rag.pipeline.first_stage import finish_first_stage, warm_up

        if self.first_stage is not None:
            warm_up(self.settings)  # on the other core, while the child builds
            finish_first_stage(self.first_stage)
        # A first run builds BM25 (about a second) and answers at once; vectors follow in
        # the background with a progress bar in the terminal and a note in the banner.
        engine_for(self.settings).snapshot(True, True)

    def lifespan(self, later: bool) -> Callable[[Any], contextlib.AbstractAsyncContextManager[None]]:
        """The outer app's lifespan: start the chat (built already, or `later` in the background)."""

        @contextlib.asynccontextmanager
        async def run(_app: Any) -> AsyncIterator[None]:
            task = asyncio.create_task(self._prepare()) if later else None
            if not later:
                await self._start()
            try:
                yield
            finally:
                if task is not None and not task.done():
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await task
                await self._stack.aclose()

        return run

    def arity(self, fn_index: Any, api_name: str | None) -> tuple[int, str] | None:
        """How many inputs a chat event takes, and their names (None: no such event)."""
        if self.demo is None:
            return None
        for key, fn in self.demo.fns.items():
            if (api_name is not None and fn.api_name == api_name) or (api_name is None and fn_index == key):
                return len(fn.inputs), ", ".join(getattr(b, "label", None) or getattr(b, "elem_id", None) or "null (session state)" for b in fn.inputs)
        return None

    def housekeeping(self) -> None:
        """Gradio's queue keeps an empty set per finished session and never drops it (one per
        API call, so memory crept with every call); drop them."""
        pending = getattr(getattr(self.demo, "_queue", None), "pending_event_ids_session", None)
        if isinstance(pending, dict):
            for session in [key for key, ids in pending.items() if not ids]:
                pending.pop(session, None)
