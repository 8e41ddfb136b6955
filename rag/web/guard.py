"""HTTP guard in front of the web app: security headers, bounded request bodies, and API
calls with the wrong number of values refused in one log line.

Pure ASGI middleware, outermost on the one FastAPI app that serves the chat and the APIs.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any, Awaitable, Callable

log = logging.getLogger(__name__)

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# No remote images, scripts, styles or fonts; nothing may frame the app. Gradio's own
# page needs inline scripts and styles (its config and theme are inlined), and Gradio 6's
# HTML component renders its template with `new Function` ('unsafe-eval'); none of these
# lets a page load anything from another origin.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' data: blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
_CALL = re.compile(r"/gradio_api/(?:call|run|api)/(?P<name>[\w-]+)/?$")
_JOIN = "/gradio_api/queue/join"
# Uploads: the chat's upload box and the JSON API's documents endpoint.
_UPLOAD = re.compile(r"(?:/gradio_api/upload|/api/collections/[^/]+/documents)/?$")
HOUSEKEEPING_EVERY = 200  # requests


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n // 1000} KB"


class Guard:
    """Adds the security headers to every response; refuses bodies over the limits (413)
    and API calls whose `data` doesn't hold the values the endpoint takes (422)."""

    def __init__(
        self, app: ASGIApp, max_body: int, max_upload: int, arity: Callable[[Any, str | None], tuple[int, str] | None],
        housekeeping: Callable[[], None] | None = None,
    ) -> None:
        self.app, self.max_body, self.max_upload, self.arity = app, max_body, max_upload, arity
        self.housekeeping, self._requests = housekeeping, 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self._requests += 1
        if self.housekeeping is not None and self._requests % HOUSEKEEPING_EVERY == 0:
            self.housekeeping()  # on the event loop's thread, between requests: no locking needed

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in HEADERS if h[0] not in present]
            await send(message)

        if scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send_with_headers)
            return
        path = scope["path"]
        limit = self.max_upload + 64_000 if _UPLOAD.search(path) else self.max_body
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send_with_headers, 413, f"request too large ({_mb(int(declared))}); the limit is {_mb(limit)}", path)
            return
        body, more = b"", True
        while more:  # read at most the limit, whatever the header said
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await self._refuse(send_with_headers, 413, f"request too large (over {_mb(limit)}); the limit is {_mb(limit)}", path)
                return
        problem = self._check_arity(path, body)
        if problem:
            await self._refuse(send_with_headers, 422, problem, path)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send_with_headers)

    def _check_arity(self, path: str, body: bytes) -> str | None:
        """Why a call's values don't fit its endpoint (None when they do, or it's not a call)."""
        call = _CALL.search(path)
        if not call and not path.rstrip("/").endswith(_JOIN):
            return None
        try:
            payload = json.loads(body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return "the request body is not valid JSON"
        if not isinstance(payload, dict):
            return "the request body must be a JSON object with a \"data\" list"
        data = payload.get("data")
        expected = self.arity(payload.get("fn_index"), call.group("name") if call else None)
        if expected is None or data is None:
            return None
        count, names = expected
        if not isinstance(data, list):
            return f"\"data\" must be a list of {count} values ({names})"
        if len(data) != count:
            return f"this endpoint takes {count} values ({names}); the request sent {len(data)}"
        return None

    async def _refuse(self, send: Send, status: int, message: str, path: str) -> None:
        log.warning("refused %s: %s", path, message)  # one line per bad request, no traceback
        body = json.dumps({"error": message}).encode()
        await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
