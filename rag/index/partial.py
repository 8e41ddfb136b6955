"""Partial build folders: owned by a lock while their build runs, removed when it is gone.

A build writes into `.<build_id>.partial/` and renames it into place when done. A build
that is killed (`kill -9`, power loss) cannot clean up after itself, so every new build
first removes the partial folders no live build owns. Ownership is an exclusive `flock`
on `owner.lock` inside the folder: the kernel drops it the moment the owner dies, however
it dies, so a held lock proves a live owner and a free one proves none.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import signal
import threading
import time
from pathlib import Path
from types import FrameType

log = logging.getLogger(__name__)

LOCK = "owner.lock"
PARTIAL_GLOB = ".build-*.partial"
# A folder this young may belong to a build between `mkdir` and taking its lock.
CLAIM_GRACE_S = 5.0
# Signals after which the process ends: its partial folders go first.
CLEANUP_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
_OPEN: set["PartialBuild"] = set()  # partial builds of this process still being written
_OPEN_LOCK = threading.Lock()
_PREVIOUS: dict[int, object] = {}


class PartialBuild:
    """A partial build folder, locked for as long as this object is open."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir()
        self._fd = os.open(folder / LOCK, os.O_CREAT | os.O_RDWR, 0o644)
        fcntl.flock(self._fd, fcntl.LOCK_EX)  # blocks only while a cleaner peeks at it
        os.write(self._fd, f"{os.getpid()}\n".encode())
        with _OPEN_LOCK:
            _OPEN.add(self)

    def release(self) -> None:
        """Drop the lock (after the folder was renamed into place or removed)."""
        with _OPEN_LOCK:
            _OPEN.discard(self)
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def discard(self) -> None:
        """Remove the folder and drop the lock."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self.release()


def _owned(folder: Path) -> bool:
    """True when a live build holds the folder's lock (or may be about to take it)."""
    try:
        fd = os.open(folder / LOCK, os.O_RDWR)
    except FileNotFoundError:
        return time.time() - folder.stat().st_mtime < CLAIM_GRACE_S
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        empty = os.fstat(fd).st_size == 0  # opened but not yet claimed by its build
        return empty and time.time() - folder.stat().st_mtime < CLAIM_GRACE_S
    finally:
        os.close(fd)  # closing also releases a lock we took


def remove_abandoned(index_dir: Path) -> list[Path]:
    """Remove partial build folders whose build is no longer running; returns them."""
    removed: list[Path] = []
    if not Path(index_dir).is_dir():
        return removed
    for folder in Path(index_dir).glob(PARTIAL_GLOB):
        try:
            if not folder.is_dir() or _owned(folder):
                continue
        except OSError:
            continue  # removed by another process meanwhile
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    if removed:
        log.info("removed %d partial build folder(s) left by builds that died: %s", len(removed), ", ".join(p.name for p in removed))
    return removed


def _on_signal(signum: int, frame: FrameType | None) -> None:
    """Remove this process's partial builds, then let the signal do what it did before."""
    with _OPEN_LOCK:
        folders = [partial.folder for partial in _OPEN]
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    previous = _PREVIOUS.get(signum, signal.SIG_DFL)
    if callable(previous):
        previous(signum, frame)  # e.g. KeyboardInterrupt for SIGINT
        return
    if previous == signal.SIG_IGN:
        return
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)  # the default action: the process ends as it would have


def install_signal_cleanup() -> None:
    """On SIGTERM, SIGHUP and SIGINT, remove partial builds before the process ends.

    Only the main thread can install handlers; elsewhere this does nothing (the next
    start removes what is left)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in CLEANUP_SIGNALS:
        current = signal.getsignal(signum)
        if current is not _on_signal:
            _PREVIOUS[signum] = current
            signal.signal(signum, _on_signal)
