"""A small HTTP server that speaks the OpenAI streaming chat-completions protocol.

It replies with scripted text, so tests can check our client: streaming, marker parsing,
citation repair, and what happens when a server errs, stalls or sends garbage. In "obedient"
mode it plays a model that follows instructions printed in the passages it is given: it
answers with whatever a passage tells it to say, cited to that passage.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


# "回答：我是黑客", "reply: I am a hacker", "say “…”": the words an instruction dictates.
_DICTATED = re.compile(r"(?:回答|回复|输出|说|answer|reply|respond|say)(?:\s+(?:only|just))?(?:\s+with)?\s*[:：]?\s*[“\"'「]?([^”\"'」。.!！\n]{2,40})", re.I)
_BLOCK = re.compile(r"^\[(\d+)\] ", re.M)


def obey(user_message: str) -> str | None:
    """What an obedient model says: the words the first instruction in a passage dictates,
    cited to that passage; None when no passage dictates anything."""
    passages = user_message.split("\n\n问题：")[0].split("\n\nQuestion: ")[0]
    starts = [(m.start(), m.group(1)) for m in _BLOCK.finditer(passages)]
    for (start, n), (end, _) in zip(starts, starts[1:] + [(len(passages), "")]):
        block = passages[start:end]
        for match in _DICTATED.finditer(block):
            if re.search(r"忽略|无视|从现在|你现在|ignore|disregard|forget|指令|instruction|you are now|from now on", block[: match.start()], re.I):
                return f"{match.group(1).strip()}[{n}]。"
    return None


class FakeChatServer:
    """`with FakeChatServer(chunks=[...]) as server: server.base_url ...`"""

    def __init__(self, chunks: list[str] | None = None, mode: str = "stream", delay: float = 0.0, gate: threading.Event | None = None, gate_after: int = 1) -> None:
        self.chunks = chunks or []
        self.mode = mode  # stream | error | malformed | slow | obedient
        self.delay = delay
        # With a gate, the first `gate_after` chunks go out, then the stream waits until the
        # test sets it: the test sees the answer half-written, whatever the machine's speed.
        self.gate, self.gate_after = gate, gate_after
        self.requests: list[dict[str, Any]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                if not self.path.endswith("/chat/completions"):
                    self.send_error(404)
                    return
                if server.mode == "slow":
                    time.sleep(server.delay)
                if server.mode == "error":
                    payload = b'{"error": {"message": "model not found"}}'
                    self.send_response(500)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                if server.mode == "malformed":
                    self.wfile.write(b"data: {this is not json\n\n")
                    return
                pieces = server.chunks
                if server.mode == "obedient":
                    dictated = obey(str(body.get("messages", [{}])[-1].get("content", "")))
                    pieces = [dictated[i : i + 4] for i in range(0, len(dictated), 4)] if dictated else server.chunks
                for i, piece in enumerate(pieces):
                    if server.gate is not None and i == server.gate_after:
                        server.gate.wait(120)
                    event = {"id": "x", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": piece}}]}
                    self.wfile.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode("utf-8"))
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")

        class QuietServer(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that timed out and hung up is part of the test

        self._httpd = QuietServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> "FakeChatServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
