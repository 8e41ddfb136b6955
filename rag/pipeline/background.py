"""Vectors computed in a background thread while BM25 answers, one job per index folder.

A lock file keeps two processes serving the same index from embedding it twice; the one
that doesn't get the lock keeps answering and picks up the other's build when it lands.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Callable, IO

from rag.pipeline.vectors import VectorProgress

log = logging.getLogger(__name__)
LOCK_FILE = ".vectors.lock"
HOLD_MAX_S = 120.0  # a hold that is never released must not stop the vectors for good
_GO = threading.Event()  # cleared while a starting server holds background jobs back
_GO.set()


def hold_vectors() -> None:
    """Make background vector jobs wait before they start, until `release_vectors` (the web
    server holds them while it starts: on 2 cores embedding would slow its start by seconds)."""
    _GO.clear()


def release_vectors() -> None:
    """Let held background vector jobs start."""
    _GO.set()


def _try_lock(index_dir: Path) -> IO[Any] | None:
    """An exclusive lock on the index folder's vector lock file, or None when another
    process holds it."""
    handle = (Path(index_dir) / LOCK_FILE).open("a+")
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no cross-process guard
        return handle
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


class VectorJob:
    """Runs `work(progress)` once in a daemon thread and reports how far it is."""

    def __init__(self, index_dir: Path, work: Callable[[VectorProgress], Any], show_bar: bool) -> None:
        self.index_dir = Path(index_dir)
        self.work = work
        self.progress = VectorProgress(show_bar=show_bar)
        self.error = ""
        self.elsewhere = False  # another process holds the lock and is computing them
        self._thread = threading.Thread(target=self._run, name="rag-vectors", daemon=True)

    def start(self) -> "VectorJob":
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """True when the job has finished."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        _GO.wait(HOLD_MAX_S)
        lock = _try_lock(self.index_dir)
        if lock is None:
            self.elsewhere = True
            log.info("another process is computing the vectors of %s", self.index_dir)
            return
        try:
            self.work(self.progress)
        except Exception as exc:  # noqa: BLE001 - the thread must report, not die silently; BM25 keeps answering
            log.exception("computing vectors in the background failed")
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.progress.end_bar()
            lock.close()

    def note(self) -> str:
        """What the job is doing, for the banner and Answer.notes ('' when finished)."""
        if self.elsewhere:
            return "vectors are being computed by another process; BM25 answers until they are ready"
        if self.error:
            return f"computing vectors failed ({self.error}); BM25 answers"
        if not self.running:
            return ""
        where = self.progress.note() or "starting"
        return f"vectors are being computed in the background ({where}); BM25 answers until they are ready"
