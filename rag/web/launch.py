"""Starting the service (`python app.py`, `rag serve`) with as little as possible before the
first answer: access is checked, a first run's index build starts in a child process, and
only then are the server's libraries imported (rag.web.server; Gradio comes later still)."""

from __future__ import annotations

import ipaddress
import logging
import sys

from rag.config import Settings, get_settings

log = logging.getLogger(__name__)


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


def launch(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Check access, start a first run's BM25 build beside this process, then serve until
    stopped. Raises AccessError, or one of rag.pipeline.SERVICE_ERRORS when the index can't
    be prepared."""
    from rag.pipeline.first_stage import start_first_stage

    check_access(settings, host or settings.host)
    print(f"Preparing the search index in {settings.index_dir} (built from {settings.seeds_dir} on first run)…", flush=True)
    child = start_first_stage(settings)
    try:
        from rag.web.server import serve

        serve(settings, host, port, first_stage=child)
    finally:
        if child is not None and child.poll() is None:
            child.kill()  # the server stopped before the build finished (Ctrl-C, an error)
            child.wait()


def main() -> None:
    """`python app.py`: serve the chat and the APIs on settings.host:settings.port."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("faiss.loader", "httpx", "sentence_transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        launch(get_settings())
    except AccessError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    except Exception as exc:
        from rag.pipeline import SERVICE_ERRORS  # imported by now: the server imports it

        if not isinstance(exc, SERVICE_ERRORS):
            raise
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
