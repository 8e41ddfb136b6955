"""When a rebuild fails: words for people, and when to try again.

An index that can't be rebuilt (disk full, read-only index folder, articles folder moved
away) must not stop the product answering: the engine keeps serving the last good build,
says once why it is out of date, and retries with growing pauses.
"""

from __future__ import annotations

import errno
import logging
import threading
import time
from pathlib import Path

from rag.config import Settings
from rag.index.manifest import IndexCorrupt
from rag.index.store import IndexSnapshot, load_index
from rag.ingest import IngestError

log = logging.getLogger(__name__)

FIRST_RETRY_S = 30.0
MAX_RETRY_S = 15 * 60.0

_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


def describe_build_error(exc: BaseException, settings: Settings) -> str:
    """What went wrong with a build, in words a person can act on."""
    index_dir = Path(settings.index_dir)
    if isinstance(exc, IngestError):
        return str(exc)
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        if exc.errno in _DISK_FULL:
            return f"not enough disk space to write the index in {index_dir}: free some space or set RAG_INDEX_DIR to a larger disk"
        if exc.errno in _NOT_WRITABLE:
            return f"the index folder {index_dir} cannot be written to{where}: {exc.strerror or exc}; check its permissions or set RAG_INDEX_DIR"
        return f"the index could not be written or read in {index_dir}{where}: {exc.strerror or exc}"
    return f"the index could not be rebuilt: {exc}"


class BuildHealth:
    """Failed rebuilds of one index: the last good build to serve meanwhile, when to try
    again (doubling pauses, capped), and what to tell people. Thread-safe."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.failures = 0
        self.retry_at = 0.0
        self.problem = ""  # what went wrong, in words
        self.stale_reason = ""  # why the index needed rebuilding
        self._lock = threading.Lock()

    def due(self) -> bool:
        return time.monotonic() >= self.retry_at

    def last_good(self) -> IndexSnapshot | None:
        """The build on disk, even if stale (None when there is none or it is damaged)."""
        try:
            return load_index(Path(self.settings.index_dir), self.settings.hnsw_ef_search)
        except (IndexCorrupt, OSError):
            return None

    def failed(self, exc: Exception, stale_reason: str, current: IndexSnapshot | None) -> IndexSnapshot:
        """Record a failed rebuild; the snapshot to keep serving. Re-raises (an OSError in
        words) when there is no good build to fall back on."""
        problem = describe_build_error(exc, self.settings)
        fallback = current or self.last_good()
        with self._lock:
            new = problem != self.problem
            self.failures += 1
            self.problem, self.stale_reason = problem, stale_reason
            self.retry_at = time.monotonic() + min(FIRST_RETRY_S * 2 ** (self.failures - 1), MAX_RETRY_S)
        if fallback is None:
            if isinstance(exc, OSError):
                raise OSError(problem) from exc
            raise exc
        if new:  # said once per distinct problem, not on every retry
            log.warning("%s", self.note(fallback))
            if not isinstance(exc, (OSError, IngestError)):
                log.debug("rebuild failure", exc_info=exc)
        return fallback

    def succeeded(self) -> None:
        with self._lock:
            self.failures, self.retry_at, self.problem, self.stale_reason = 0, 0.0, "", ""

    def note(self, serving: IndexSnapshot | None) -> str:
        """Why answers come from an out-of-date index ("" when the index is current)."""
        with self._lock:
            if not self.failures or serving is None:
                return ""
            wait = max(0.0, self.retry_at - time.monotonic())
            return (
                f"the index is out of date ({self.stale_reason}) and could not be rebuilt: {self.problem}. "
                f"Answers come from the last good index (built {serving.manifest.get('created', '?')}); next attempt in {wait:.0f} s."
            )
