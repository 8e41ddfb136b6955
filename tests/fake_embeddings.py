"""A small HTTP server that speaks the OpenAI embeddings protocol (`POST /v1/embeddings`).

Vectors come from the deterministic HashEmbedder (tests/helpers.py), so retrieval through the
client can be checked; modes make the server slow, failing or malformed, to test the client's
timeouts, retries and error messages.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.helpers import HashEmbedder

MODES = ("ok", "slow", "error", "flaky", "not-json", "wrong-count", "nan", "wrong-dim", "no-data")


class FakeEmbeddingServer:
    """`with FakeEmbeddingServer(mode="ok") as server: server.base_url ...`"""

    def __init__(self, mode: str = "ok", delay: float = 0.0, dim: int = 64) -> None:
        assert mode in MODES, mode
        self.mode, self.delay = mode, delay
        self.embedder = HashEmbedder(dim)
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _reply(self, status: int, payload: bytes, kind: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                server.requests.append({"path": self.path, "body": body, "headers": dict(self.headers)})
                if self.path != "/v1/embeddings":
                    return self._reply(404, b'{"error": "not found"}')
                mode = server.mode
                if mode == "slow":
                    time.sleep(server.delay)
                if mode == "error" or (mode == "flaky" and len(server.requests) % 2 == 1):
                    return self._reply(503, b'{"error": {"message": "overloaded"}}')
                if mode == "not-json":
                    return self._reply(200, b"<html>proxy error</html>", "text/html")
                inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
                vectors = [server.embedder.embed_query(t).tolist() for t in inputs]
                if mode == "wrong-count":
                    vectors = vectors[:-1] if len(vectors) > 1 else vectors * 2
                if mode == "nan":
                    vectors[0][0] = float("nan")
                if mode == "wrong-dim":
                    vectors[-1] = vectors[-1][:-3]
                data = [{"object": "embedding", "index": i, "embedding": v} for i, v in enumerate(vectors)]
                payload = {"object": "list", "model": body.get("model"), "data": data} if mode != "no-data" else {"result": "ok"}
                return self._reply(200, json.dumps(payload, allow_nan=True).encode("utf-8"))

        class QuietServer(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that timed out and hung up is part of the test

        self._httpd = QuietServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "FakeEmbeddingServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
